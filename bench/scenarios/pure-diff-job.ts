import type { DesiredState } from '../../src/manifest/types.js';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import type { RemoteAsset, RemoteProjectState } from '../../src/plan/remote-state.js';
import { GENERATOR } from '../../src/version.js';
import { generateAsset, generateDriftedAssets } from '../generate-data.js';
import type { PureDiffFigures, PureDiffJob } from '../jobs.js';
import { timeSection } from '../measure.js';

const PROJECT_ID = 'bench-pure-diff';

/** Times the pure planner alone on generated N × N data with 1 % drift; no I/O inside. */
export async function runPureDiffJob(job: PureDiffJob) {
  const prefix = 'diff';
  const { assets } = generateDriftedAssets(prefix, job.size);
  const desired: DesiredState = {
    projects: [
      {
        projectId: PROJECT_ID,
        prune: false,
        assets: assets.map((asset, index) => ({
          ...asset,
          source: { file: 'assets.yaml', line: index + 6, col: 5 },
        })),
        manifestFiles: ['assets.yaml'],
      },
    ],
    manifestFiles: ['assets.yaml'],
    warnings: [],
  };
  const remoteAssets = Array.from({ length: job.size }, (_, index) =>
    toRemote(generateAsset(prefix, index), index),
  );
  const remote = new Map<string, RemoteProjectState>([
    [
      PROJECT_ID,
      {
        project: { id: PROJECT_ID, title: PROJECT_ID, inputType: 'IMAGE' },
        count: remoteAssets.length,
        assets: remoteAssets,
        partial: false,
        warnings: [],
      },
    ],
  ]);
  globalThis.gc?.();
  const measured = await timeSection(async () =>
    diffToPlan({
      desired,
      remote,
      localFiles: new Map(),
      options: {
        dedupe: false,
        endpoint: 'http://127.0.0.1/api/label/v2/graphql',
        createdAt: '2024-01-01T00:00:00.000Z',
        generator: GENERATOR,
      },
    }),
  );
  const project = measured.value.projects[0]!;
  const figures: PureDiffFigures = {
    summary: {
      ...project.summary,
      remoteCount: project.remote.count,
      warnings: project.warnings.length,
    },
  };
  return { wallMs: measured.wallMs, cpuMs: measured.cpuMs, figures };
}

function toRemote(asset: ReturnType<typeof generateAsset>, index: number): RemoteAsset {
  const createdAt = new Date(Date.UTC(2024, 0, 1) + index).toISOString();
  return {
    id: `c${String(index).padStart(24, '0')}`,
    externalId: asset.externalId,
    content: asset.content,
    jsonContent: '',
    jsonMetadata: JSON.stringify(asset.jsonMetadata),
    priority: 0,
    isHoneypot: false,
    honeypotMark: null,
    consensusMark: null,
    isUsedForConsensus: false,
    toBeLabeledBy: [],
    status: 'TODO',
    labelCount: 0,
    createdAt,
    updatedAt: createdAt,
  };
}
