import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppendManyAssetsDocument } from '../../src/graphql/generated.js';
import type { Plan } from '../../src/plan/types.js';
import { renderPlanJson } from '../../src/render/render-json.js';
import { applyManifests, applySavedPlan } from '../../src/workflows/apply.js';
import { readAndPlan, type SnapshotCache } from '../../src/workflows/plan.js';
import {
  type ApplyFixture,
  manifest,
  startApplyFixture,
  workflowOptions,
} from './apply-support.js';

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

  // Seeded assets are stamped a minute back, as if written long before the plan: the plan's
  // cut-off (the server's second, minus no margin here) then lies after them, so the next plan
  // really counts them instead of reading them again as recent. The emulator's clock never goes
  // back, so each test has an emulator of its own, a minute behind until seeded.
  let clockOffsetMs = 0;
  beforeAll(async () => {
    cacheFolder = await mkdtemp(join(tmpdir(), 'kili-sync-cache-'));
  });
  beforeEach(async () => {
    clockOffsetMs = -60_000;
    fixture = await startApplyFixture(undefined, () => Date.now() + clockOffsetMs);
  });
  afterEach(async () => {
    await fixture?.close();
  });
  afterAll(async () => {
    await rm(cacheFolder, { recursive: true, force: true });
  });

  /**
   * A project of 250 assets and a manifest (prune on) that keeps 200 of them (every fifth with
   * new metadata), drops 50 and adds 10.
   */
  async function seedProject(name: string) {
    const projectId = await fixture.createProject(name);
    const ids = Array.from({ length: 250 }, (_, i) => `a-${String(i).padStart(3, '0')}`);
    await fixture.client.request(AppendManyAssetsDocument, {
      data: {
        contentArray: ids.map((id) => `https://cdn.example.com/${id}.jpg`),
        externalIDArray: ids,
        jsonMetadataArray: ids.map(() => '{}'),
      },
      where: { id: projectId },
    });
    clockOffsetMs = 0;
    const declared = [
      ...ids.slice(0, 200).map((id, i) => ({ id, metadata: i % 5 === 0 ? '{ v: 2 }' : '{}' })),
      ...Array.from({ length: 10 }, (_, i) => ({ id: `new-${i}`, metadata: '{}' })),
    ].map(
      ({ id, metadata }) =>
        `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}.jpg\n    jsonMetadata: ${metadata}`,
    );
    const path = join(fixture.folder, `${name}.yaml`);
    await writeFile(path, manifest(projectId, declared.join(''), true));
    return path;
  }

  const consent = { allowDelete: true, allowMassDelete: false, allowLabelLoss: false };

  function planOptions(path: string, cache: SnapshotCache | undefined) {
    return workflowOptions(fixture, [path], { consent, cache });
  }

  /**
   * The next plan with the cache is incremental, finds by one count that nothing else was
   * deleted (no search: the apply took its own deletions out of the snapshot), and equals a
   * full read.
   */
  async function expectIncrementalEqualsFull(path: string, cache: SnapshotCache) {
    const incremental = (await readAndPlan(planOptions(path, cache))).plan;
    const full = (await readAndPlan(planOptions(path, undefined))).plan;
    expect(incremental.projects[0]!.read).toMatchObject({
      method: 'incremental',
      deletions: 'count',
    });
    expect(full.projects[0]!.read!.method).toBe('full');
    expect(withoutReadFacts(incremental)).toEqual(withoutReadFacts(full));
    expect(incremental.projects[0]!.summary).toMatchObject({ add: 0, update: 0, delete: 0 });
  }

  it('is incremental, finds every deletion by one count, and equals a full read', async () => {
    const path = await seedProject('after-apply');
    const cache: SnapshotCache = { dir: join(cacheFolder, 'apply'), refresh: false, marginMs: 0 };
    // The snapshot is written by the apply's own plan, a full read.
    const applied = await applyManifests(planOptions(path, cache));
    expect(applied.plan.projects[0]!.summary).toMatchObject({ add: 10, update: 40, delete: 50 });
    expect(applied.result).toMatchObject({ added: 10, changed: 40, deleted: 50, failed: [] });
    await expectIncrementalEqualsFull(path, cache);
  }, 120_000);

  it('is incremental after applying a saved plan too', async () => {
    const path = await seedProject('after-saved-plan');
    const cache: SnapshotCache = { dir: join(cacheFolder, 'saved'), refresh: false, marginMs: 0 };
    // `plan --out`: the plan's full read writes the snapshot.
    const { plan } = await readAndPlan(planOptions(path, cache));
    expect(plan.projects[0]!.summary).toMatchObject({ add: 10, update: 40, delete: 50 });
    const planFile = join(fixture.folder, 'after-saved-plan.json');
    await writeFile(planFile, renderPlanJson(plan));

    const { runtime, client, connection } = planOptions(path, cache);
    const applied = await applySavedPlan({
      file: planFile,
      runtime,
      client,
      connection,
      consent,
      cache,
    });
    expect(applied.result).toMatchObject({ added: 10, changed: 40, deleted: 50, failed: [] });
    await expectIncrementalEqualsFull(path, cache);
  }, 120_000);
});
