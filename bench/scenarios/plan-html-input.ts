import type { Change, Plan, ProjectPlan } from '../../src/plan/types.js';

/**
 * A plan of `size` changes as a large dataset PR makes them, in one IMAGE project: mostly adds
 * of hosted pictures with metadata, then metadata updates, renames, deletes and a few blocked
 * content changes. Built directly (the planner has its own benchmark); every change is valid
 * plan data, so the report renders it as it would any plan.
 */
export function buildHtmlBenchPlan(size: number): Plan {
  const changes: Change[] = [];
  const id = (i: number) =>
    `photos/batch-${String(Math.floor(i / 1000)).padStart(3, '0')}/img-${String(i).padStart(6, '0')}`;
  const url = (i: number) => `https://images.example.com/dataset/v2/${id(i)}.jpg`;
  const source = (i: number) => ({ file: 'manifests/photos.yaml', line: 10 + i });
  const existing = { updatedAt: '2026-11-01T10:00:00.000Z', labels: 0 };
  for (let i = 0; i < size; i++) {
    const kind = i % 20;
    const externalId = id(i);
    const assetId = `cl${String(i).padStart(23, '0')}`;
    if (kind < 14) {
      const metadata = {
        split: i % 5 === 0 ? 'val' : 'train',
        camera: 'x100',
        batch: Math.floor(i / 1000),
      };
      changes.push({
        action: 'add',
        externalId,
        fields: {
          content: { before: null, after: url(i) },
          jsonMetadata: { before: null, after: metadata },
        },
        metadataToWrite: metadata,
        source: source(i),
      });
    } else if (kind < 17) {
      changes.push({
        action: 'update',
        externalId,
        assetId,
        ...existing,
        fields: { jsonMetadata: { before: { split: 'train' }, after: { split: 'test' } } },
        metadataToWrite: { split: 'test' },
        source: source(i),
      });
    } else if (kind === 17) {
      changes.push({
        action: 'rename',
        externalId,
        from: `${externalId}-old`,
        assetId,
        ...existing,
        fields: { externalId: { before: `${externalId}-old`, after: externalId } },
        source: source(i),
      });
    } else if (kind === 18) {
      changes.push({ action: 'delete', externalId, assetId, ...existing, reason: 'prune' });
    } else {
      changes.push({
        action: 'update',
        externalId,
        assetId,
        updatedAt: existing.updatedAt,
        labels: 2,
        blocked: 'content-change-labeled',
        fields: { content: { before: url(i - 1), after: url(i) } },
        source: source(i),
      });
    }
  }
  const count = (action: Change['action']) => changes.filter((c) => c.action === action).length;
  const project: ProjectPlan = {
    projectId: 'bench-html-photos',
    title: 'Photos',
    inputType: 'IMAGE',
    prune: true,
    remote: { count: size },
    summary: {
      add: count('add'),
      update: count('update'),
      rename: count('rename'),
      delete: count('delete'),
      unchanged: 0,
      blocked: changes.filter((c) => c.action !== 'add' && c.blocked !== undefined).length,
    },
    changes,
    warnings: [],
  };
  return {
    formatVersion: 1,
    generator: 'kili-sync bench',
    createdAt: '2026-12-01T00:00:00.000Z',
    endpoint: 'https://cloud.kili-technology.com/api/label/v2/graphql',
    planHash: '0'.repeat(64),
    projects: [project],
  };
}
