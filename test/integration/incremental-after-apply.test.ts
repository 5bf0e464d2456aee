import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEND_MANY_ASSETS } from '../../src/apply/mutation-documents.js';
import type { Plan } from '../../src/plan/types.js';
import { applyManifests } from '../../src/workflows/apply.js';
import { readAndPlan, type SnapshotCache } from '../../src/workflows/plan.js';
import { captureRuntime } from '../helpers/capture-runtime.js';
import { API_KEY, type ApplyFixture, manifest, startApplyFixture } from './apply-support.js';

function withoutReadFacts(plan: Plan): unknown {
  return {
    ...plan,
    createdAt: undefined,
    projects: plan.projects.map((project) => ({ ...project, read: undefined })),
  };
}

/**
 * After an apply, the next plan reads incrementally from the snapshot the apply's own plan
 * wrote: what the apply changed and added is read as changes, what it deleted was taken out of
 * the snapshot, so the deletion count agrees without a search. And that plan equals a full read.
 */
describe('a plan after an apply', () => {
  let fixture: ApplyFixture;
  let cacheFolder: string;

  beforeAll(async () => {
    fixture = await startApplyFixture();
    cacheFolder = await mkdtemp(join(tmpdir(), 'kili-sync-cache-'));
  });

  afterAll(async () => {
    await fixture?.close();
    await rm(cacheFolder, { recursive: true, force: true });
  });

  it('is incremental, finds every deletion by one count, and equals a full read', async () => {
    const projectId = await fixture.createProject('after-apply');
    const ids = Array.from({ length: 250 }, (_, i) => `a-${String(i).padStart(3, '0')}`);
    await fixture.client.request(APPEND_MANY_ASSETS, {
      data: {
        contentArray: ids.map((id) => `https://cdn.example.com/${id}.jpg`),
        externalIDArray: ids,
        jsonMetadataArray: ids.map(() => '{}'),
      },
      where: { id: projectId },
    });
    // Keeps 200 (every fifth with new metadata), drops 50, adds 10; prune on.
    const declared = [
      ...ids.slice(0, 200).map((id, i) => ({ id, metadata: i % 5 === 0 ? '{ v: 2 }' : '{}' })),
      ...Array.from({ length: 10 }, (_, i) => ({ id: `new-${i}`, metadata: '{}' })),
    ].map(
      ({ id, metadata }) =>
        `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}.jpg\n    jsonMetadata: ${metadata}`,
    );
    const path = join(fixture.folder, 'after-apply.yaml');
    await writeFile(path, manifest(projectId, declared.join(''), true));

    // No margin: the assets above were written moments ago, and must count as older.
    const cache: SnapshotCache = { dir: cacheFolder, refresh: false, marginMs: 0 };
    const options = (withCache: SnapshotCache | undefined) => ({
      paths: [path],
      runtime: captureRuntime({ cwd: fixture.folder }),
      connection: { endpoint: fixture.emulator.graphqlUrl, apiKey: API_KEY },
      dedupe: false,
      concurrency: 4,
      rateLimitPerMinute: Number.POSITIVE_INFINITY,
      cache: withCache,
    });
    // The snapshot is written by the apply's own plan, a full read.
    const applied = await applyManifests({
      ...options(cache),
      consent: { allowDelete: true, allowMassDelete: false, allowLabelLoss: false },
      showPlan: () => undefined,
    });
    expect(applied.plan.projects[0]!.summary).toMatchObject({ add: 10, update: 40, delete: 50 });
    expect(applied.result).toMatchObject({ added: 10, changed: 40, deleted: 50, failed: [] });

    const incremental = (await readAndPlan(options(cache))).plan;
    const full = (await readAndPlan(options(undefined))).plan;
    expect(incremental.projects[0]!.read).toMatchObject({
      method: 'incremental',
      deletions: 'count',
    });
    expect(full.projects[0]!.read!.method).toBe('full');
    expect(withoutReadFacts(incremental)).toEqual(withoutReadFacts(full));
    expect(incremental.projects[0]!.summary).toMatchObject({ add: 0, update: 0, delete: 0 });
  }, 120_000);
});
