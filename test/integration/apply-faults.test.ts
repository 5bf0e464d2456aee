import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../bench/emulator-harness.js';
import { planHasChanges } from '../../src/plan/has-changes.js';
import { applyPlanned } from '../../src/workflows/apply.js';
import { readAndPlan } from '../../src/workflows/plan.js';
import {
  type ApplyFixture,
  createPatientClient,
  manifest,
  resultOf,
  startApplyFixture,
  workflowOptions,
} from './apply-support.js';

const COUNT = 2000;
/**
 * The fault draws come from this seed. The first calls (creating the project, then planning)
 * are sent one at a time, so their draws do not depend on timing: with this seed they meet a
 * refused call and an answer lost after executing, which the test checks before applying.
 */
const FAULT_SEED = 27;

describe('apply under injected faults', () => {
  let fixture: ApplyFixture;

  beforeAll(async () => {
    fixture = await startApplyFixture({
      failRate: 0.3,
      dropRate: 0.1,
      latencyMs: 2,
      random: createSeededRandom(FAULT_SEED),
    });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('converges on 2,000 assets with no duplicate and no missing asset', async () => {
    const projectId = await fixture.createProject('faults');
    const ids = Array.from({ length: COUNT }, (_, i) => `asset-${String(i).padStart(5, '0')}`);
    const lines = ids
      .map(
        (id, i) =>
          `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}.jpg` +
          (i % 3 === 0 ? `\n    priority: ${(i % 7) + 1}` : ''),
      )
      .join('');
    const path = await fixture.writeManifest('faults.yaml', manifest(projectId, lines));

    const options = workflowOptions(fixture, [path]);
    const planned = await readAndPlan(options);
    expect(planned.plan.projects[0]?.summary.add).toBe(COUNT);
    // The faults are real: calls were refused, and answers were lost after executing.
    const before = (await fixture.stats()).faults;
    expect(before.failed503 + before.failed429).toBeGreaterThan(0);
    expect(before.dropped).toBeGreaterThan(0);

    const result = resultOf(await applyPlanned(planned, options));
    expect(result.failed).toEqual([]);
    expect(result.added).toBe(COUNT);
    expect(result.interrupted).toBe(false);

    const assets = await fixture.listAssets(projectId);
    const externalIds = assets.map((asset) => asset.externalId).sort();
    expect(externalIds).toEqual(ids);
    expect((await fixture.stats()).projects[projectId]?.assets).toBe(COUNT);
    const prioritized = assets.filter((asset) => asset.priority > 0);
    expect(prioritized).toHaveLength(Math.ceil(COUNT / 3));

    const second = await readAndPlan(workflowOptions(fixture, [path]));
    expect(planHasChanges(second.plan)).toBe(false);
  });
});

describe('apply when an answer is lost after the server executed the call', () => {
  let fixture: ApplyFixture;
  /** How many of the next calls are executed and then dropped. */
  let dropsLeft = 0;

  beforeAll(async () => {
    fixture = await startApplyFixture({
      dropRate: 0.5,
      random: () => {
        if (dropsLeft <= 0) return 0.99;
        dropsLeft -= 1;
        return 0;
      },
    });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('checks a lost append and a lost delete instead of resending them', async () => {
    const projectId = await fixture.createProject('lost-answers');
    const ids = Array.from({ length: 120 }, (_, i) => `lost-${String(i).padStart(3, '0')}`);
    const entries = (list: string[]) =>
      list.map((id) => `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}`);
    const path = await fixture.writeManifest(
      'lost.yaml',
      manifest(projectId, entries(ids).join('')),
    );
    const adding = workflowOptions(fixture, [path], {
      client: createPatientClient(fixture.emulator.graphqlUrl, { concurrency: 1 }),
    });
    const plan = await readAndPlan(adding);
    const before = (await fixture.stats()).requests.appendManyAssets ?? 0;

    // One append call of two is answered by a dropped connection, after it ran.
    dropsLeft = 1;
    const added = await applyPlanned(plan, adding);
    expect(dropsLeft).toBe(0);
    expect(added.result).toMatchObject({ added: 120, failed: [], interrupted: false });
    expect((await fixture.stats()).requests.appendManyAssets).toBe(before + 2);
    expect((await fixture.stats()).faults.dropped).toBe(1);
    expect((await fixture.listAssets(projectId)).map((asset) => asset.externalId).sort()).toEqual(
      ids,
    );

    const kept = ids.slice(0, 100);
    await writeFile(path, manifest(projectId, entries(kept).join(''), true));
    const pruning = workflowOptions(fixture, [path], {
      consent: { allowDelete: true, allowMassDelete: false, allowLabelLoss: false },
    });
    const prune = await readAndPlan(pruning);
    dropsLeft = 1;
    const deleted = await applyPlanned(prune, pruning);
    expect(deleted.result).toMatchObject({ deleted: 20, failed: [], interrupted: false });
    expect((await fixture.stats()).faults.dropped).toBe(2);
    expect((await fixture.stats()).requests.deleteManyFromDataset).toBe(1);
    expect((await fixture.listAssets(projectId)).map((asset) => asset.externalId).sort()).toEqual(
      kept,
    );
  });
});
