import type { DesiredAsset, DesiredProject } from '../../src/plan/desired-state.js';
import { diffToPlan, type PlanInput } from '../../src/plan/diff-to-plan.js';
import type { RemoteAsset, RemoteProjectState } from '../../src/plan/remote-state.js';
import type { Change, Plan } from '../../src/plan/types.js';

export const PROJECT_ID = 'clq0proj0000000000000000';
export const SHA_A = 'a'.repeat(64);
export const SHA_B = 'b'.repeat(64);

/** A desired asset declared in `manifests/assets.yaml` (at `line`, default 7). */
export function desired(
  externalId: string,
  fields: Partial<DesiredAsset> = {},
  line = 7,
): DesiredAsset {
  return { externalId, source: { file: 'manifests/assets.yaml', line, col: 5 }, ...fields };
}

/** A remote asset with neutral defaults; the id is derived from the external ID. */
export function remote(externalId: string, fields: Partial<RemoteAsset> = {}): RemoteAsset {
  return {
    id: `clk-${externalId}`,
    externalId,
    content: `https://cdn.example.com/${externalId}.jpg`,
    jsonContent: '',
    jsonMetadata: '',
    priority: 0,
    isHoneypot: false,
    honeypotMark: null,
    consensusMark: null,
    isUsedForConsensus: false,
    toBeLabeledBy: [],
    status: 'TODO',
    labelCount: 0,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-02T00:00:00.000Z',
    ...fields,
  };
}

export interface ProjectSpec {
  projectId?: string;
  title?: string;
  inputType?: RemoteProjectState['project']['inputType'];
  prune?: boolean | 'owned';
  owner?: string;
  metadataMode?: 'keys' | 'replace';
  partial?: boolean;
  count?: number;
  warnings?: string[];
  assets: DesiredAsset[];
  remote: RemoteAsset[];
}

export interface InputSpec {
  projects: ProjectSpec[];
  dedupe?: boolean;
  createdAt?: string;
  localFiles?: Record<string, { sha256: string; mimeType: string }>;
}

/** A complete planner input from a compact description. */
export function planInput(spec: InputSpec): PlanInput {
  const projects: DesiredProject[] = spec.projects.map((p) => ({
    projectId: p.projectId ?? PROJECT_ID,
    prune: p.prune ?? false,
    ...(p.owner === undefined ? {} : { owner: p.owner }),
    ...(p.metadataMode === undefined ? {} : { metadataMode: p.metadataMode }),
    assets: p.assets,
    manifestFiles: ['manifests/assets.yaml'],
  }));
  const remoteStates = new Map<string, RemoteProjectState>();
  for (const p of spec.projects) {
    const id = p.projectId ?? PROJECT_ID;
    remoteStates.set(id, {
      project: { id, title: p.title ?? 'Cats', inputType: p.inputType ?? 'IMAGE' },
      count: p.count ?? p.remote.length,
      assets: p.remote,
      partial: p.partial ?? false,
      warnings: p.warnings ?? [],
    });
  }
  return {
    desired: { projects, manifestFiles: ['manifests/assets.yaml'], warnings: [] },
    remote: remoteStates,
    localFiles: new Map(Object.entries(spec.localFiles ?? {})),
    options: {
      dedupe: spec.dedupe ?? false,
      endpoint: 'http://127.0.0.1:4000/api/label/v2/graphql',
      createdAt: spec.createdAt ?? '2024-05-01T12:00:00.000Z',
      generator: 'kili-sync 0.1.0',
    },
  };
}

/** A file reference as the manifest loader produces it. */
export function localFile(name: string): { absolutePath: string; displayPath: string } {
  return { absolutePath: `/repo/manifests/${name}`, displayPath: `manifests/${name}` };
}

/** Finds the one change for an external ID and action, failing loudly when absent. */
export function findChange<A extends Change['action']>(
  plan: Plan,
  externalId: string,
  action: A,
): Extract<Change, { action: A }> {
  const change = plan.projects
    .flatMap((project) => project.changes)
    .find((c) => c.externalId === externalId && c.action === action);
  if (change === undefined) throw new Error(`no ${action} change for ${externalId}`);
  return change as Extract<Change, { action: A }>;
}

/** A plan with every kind of change, used by the renderer and golden-file tests. */
export function buildSamplePlan(): Plan {
  const image = localFile('images/0002.jpg');
  return diffToPlan(
    planInput({
      localFiles: { [image.absolutePath]: { sha256: SHA_B, mimeType: 'image/jpeg' } },
      projects: [
        {
          title: 'Cats',
          prune: true,
          warnings: ['the asset count changed from 8 to 9 while reading'],
          assets: [
            desired(
              'cat-0001',
              {
                content: 'https://cdn.example.com/cats/0001.jpg',
                jsonMetadata: { split: 'train', caption: 'x'.repeat(120) },
                priority: 2,
              },
              12,
            ),
            desired('cat-0002', { file: image, priority: 3 }, 15),
            desired('cat-0003-renamed', { renamedFrom: 'cat-0003', priority: 1 }, 18),
            desired(
              'cat-0005',
              {
                jsonMetadata: { split: 'test', source: 'batch-7', nested: { a: 1, b: [1, 2, 3] } },
                toBeLabeledBy: ['b@x.io', 'a@x.io'],
              },
              22,
            ),
            desired('cat-0006', { content: 'https://cdn.example.com/cats/0006-v2.jpg' }, 25),
            desired('cat-0007', {}, 27),
            desired('cat-0008', { jsonContent: { frames: ['f0', 'f1'] } }, 29),
          ],
          remote: [
            remote('cat-0002', { jsonMetadata: JSON.stringify({ kiliSync: { sha256: SHA_A } }) }),
            remote('cat-0003', { labelCount: 2, status: 'LABELED' }),
            remote('cat-0004', { labelCount: 3, status: 'LABELED' }),
            remote('cat-0005', {
              jsonMetadata: JSON.stringify({
                source: 'batch-7',
                split: 'train',
                nested: { b: [1, 2, 3], a: 1.0 },
              }),
            }),
            remote('cat-0006', { labelCount: 1, status: 'LABELED' }),
            remote('cat-0007'),
            remote('cat-0007', { id: 'clk-dup', createdAt: '2024-02-01T00:00:00.000Z' }),
            remote('cat-0008', { jsonContent: '{"frames":["f0"]}' }),
            remote('old-thing'),
          ],
        },
        {
          projectId: 'clq5textproj000000000000',
          title: 'Reviews',
          inputType: 'TEXT',
          assets: [
            desired(
              'review-1',
              {
                content: 'Great product.\nWould buy again.\nFive stars.',
                priority: 0,
                isHoneypot: true,
                honeypotMark: 0.9,
                isUsedForConsensus: true,
                consensusMark: 0.5,
              },
              8,
            ),
          ],
          remote: [
            remote('review-1', {
              content: 'Great product.\nWould buy again.\nFour stars.',
              priority: 2,
            }),
          ],
        },
        {
          projectId: 'clq9proj0000000000000000',
          title: 'Docs | archive',
          inputType: 'PDF',
          assets: [desired('doc-1', { priority: 1 }, 3)],
          remote: [remote('doc-1', { priority: 1 })],
        },
      ],
    }),
  );
}
