import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePlanHash } from '../../src/plan/hash.js';
import type { Plan } from '../../src/plan/types.js';
import { formatApplySummary } from '../../src/render/render-apply-result.js';
import { renderPlanJson } from '../../src/render/render-json.js';
import { applyManifests, applyPlanned } from '../../src/workflows/apply.js';
import { readAndPlan } from '../../src/workflows/plan.js';
import { captureRuntime } from '../helpers/capture-runtime.js';
import { startTestProxy } from '../helpers/test-proxy.js';
import {
  API_KEY,
  type ApplyFixture,
  createPatientClient,
  labelAsset,
  manifest,
  resultOf,
  runApply,
  startApplyFixture,
  workflowOptions,
} from './apply-support.js';

function assetLines(ids: string[], extra = ''): string {
  return ids
    .map((id) => `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}.jpg${extra}`)
    .join('');
}

describe('apply against the emulator', () => {
  let fixture: ApplyFixture;

  beforeAll(async () => {
    fixture = await startApplyFixture();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('appends in ceil(n/100) calls, sets what appends cannot carry, and converges', async () => {
    const projectId = await fixture.createProject('batches');
    const ids = Array.from({ length: 250 }, (_, i) => `img-${String(i).padStart(4, '0')}`);
    const path = await fixture.writeManifest(
      'batches.yaml',
      manifest(projectId, assetLines(ids, '\n    priority: 4\n    jsonMetadata: { split: train }')),
    );
    const before = (await fixture.stats()).requests;

    const result = await runApply(fixture, ['apply', path, '--auto-approve']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Plan: 250 to add');
    expect(result.stdout).toContain('Apply complete! 250 added, 0 changed, 0 renamed, 0 deleted.');

    const after = (await fixture.stats()).requests;
    const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
    expect(delta('appendManyAssets')).toBe(3);
    expect(delta('updatePropertiesInAssets')).toBe(3);
    expect(delta('deleteManyFromDataset')).toBe(0);

    const assets = await fixture.listAssets(projectId);
    expect(assets.map((asset) => asset.externalId).sort()).toEqual(ids);
    expect(new Set(assets.map((asset) => asset.priority))).toEqual(new Set([4]));
    expect(JSON.parse(assets[0]?.jsonMetadata ?? '')).toEqual({ split: 'train' });

    const again = await runApply(fixture, ['apply', path, '--auto-approve']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
    expect(again.stdout).not.toContain('Apply complete');
  });

  it('updates, renames and deletes with consent, keeping the renamed asset', async () => {
    const projectId = await fixture.createProject('lifecycle');
    const path = await fixture.writeManifest(
      'lifecycle.yaml',
      manifest(projectId, assetLines(['a', 'b', 'c', 'd', 'e']), true),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    const original = new Map(
      (await fixture.listAssets(projectId)).map((asset) => [asset.externalId, asset.id]),
    );

    await writeFile(
      path,
      manifest(
        projectId,
        `${assetLines(['a', 'c', 'd'])}\n  - externalId: b2\n    renamedFrom: b\n    content: https://cdn.example.com/b.jpg\n    priority: 9`,
        true,
      ),
    );
    const refused = await runApply(fixture, ['apply', path, '--auto-approve']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--allow-delete');
    expect(refused.stderr).toContain('- delete e');

    const applied = await runApply(fixture, ['apply', path, '--auto-approve', '--allow-delete']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete! 0 added, 0 changed, 1 renamed, 1 deleted.');
    const assets = await fixture.listAssets(projectId);
    expect(assets.map((asset) => asset.externalId).sort()).toEqual(['a', 'b2', 'c', 'd']);
    const renamed = assets.find((asset) => asset.externalId === 'b2');
    expect(renamed?.id).toBe(original.get('b'));
    expect(renamed?.priority).toBe(9);
  });

  it('refuses to delete a labeled asset without --allow-label-loss', async () => {
    const projectId = await fixture.createProject('labeled');
    const path = await fixture.writeManifest(
      'labeled.yaml',
      manifest(projectId, assetLines(['keep-1', 'keep-2', 'keep-3', 'labeled']), true),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    const labeled = (await fixture.listAssets(projectId)).find(
      (asset) => asset.externalId === 'labeled',
    );
    await labelAsset(fixture.client, labeled!.id);

    await writeFile(path, manifest(projectId, assetLines(['keep-1', 'keep-2', 'keep-3']), true));
    const mutationsBefore = await fixture.mutationCount();
    const refused = await runApply(fixture, ['apply', path, '--auto-approve', '--allow-delete']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('would lose labels');
    expect(refused.stderr).toContain('! delete labeled: loses 1 label');
    expect(refused.stderr).toContain('--allow-label-loss');
    expect(await fixture.mutationCount()).toBe(mutationsBefore);
    expect((await fixture.listAssets(projectId)).map((asset) => asset.externalId)).toContain(
      'labeled',
    );

    const allowed = await runApply(fixture, [
      'apply',
      path,
      '--auto-approve',
      '--allow-delete',
      '--allow-label-loss',
    ]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('1 deleted.');
    expect((await fixture.listAssets(projectId)).map((asset) => asset.externalId).sort()).toEqual([
      'keep-1',
      'keep-2',
      'keep-3',
    ]);
  });

  it('never wipes a project from an empty manifest set without both consent flags', async () => {
    const projectId = await fixture.createProject('wipe');
    const path = await fixture.writeManifest(
      'wipe.yaml',
      manifest(projectId, assetLines(['w1', 'w2', 'w3'])),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    await writeFile(path, manifest(projectId, ' []', true));
    const mutationsBefore = await fixture.mutationCount();

    for (const flags of [[], ['--allow-delete'], ['--allow-mass-delete']]) {
      const refused = await runApply(fixture, ['apply', path, '--auto-approve', ...flags]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('refusing to apply');
    }
    const onlyDelete = await runApply(fixture, ['apply', path, '--auto-approve', '--allow-delete']);
    expect(onlyDelete.stderr).toContain(`project ${projectId} (wipe)`);
    expect(onlyDelete.stderr).toContain('3 of 3 assets would be deleted');
    expect(await fixture.mutationCount()).toBe(mutationsBefore);
    expect(await fixture.listAssets(projectId)).toHaveLength(3);

    const both = await runApply(fixture, [
      'apply',
      path,
      '--auto-approve',
      '--allow-delete',
      '--allow-mass-delete',
    ]);
    expect(both.code).toBe(0);
    expect(await fixture.listAssets(projectId)).toHaveLength(0);
  });

  it('refuses without a prompt when stdin is not a terminal and --auto-approve is missing', async () => {
    const projectId = await fixture.createProject('no-tty');
    const path = await fixture.writeManifest('no-tty.yaml', manifest(projectId, assetLines(['x'])));
    const mutationsBefore = await fixture.mutationCount();
    const result = await runApply(fixture, ['apply', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Plan: 1 to add');
    expect(result.stderr).toContain('apply needs confirmation');
    expect(result.stderr).toContain('--auto-approve');
    expect(await fixture.mutationCount()).toBe(mutationsBefore);
  });

  it('uploads local files, stores their sha256, and updates the content when a file changes', async () => {
    const projectId = await fixture.createProject('files');
    const image = join(fixture.folder, 'pixel.png');
    const firstBytes = Buffer.from('first version of the image bytes');
    await writeFile(image, firstBytes);
    const path = await fixture.writeManifest(
      'files.yaml',
      manifest(projectId, '\n  - externalId: pixel\n    file: ./pixel.png'),
    );

    const first = await runApply(fixture, ['apply', path, '--auto-approve']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const [asset] = await fixture.listAssets(projectId);
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(JSON.parse(asset!.jsonMetadata)).toEqual({ kiliSync: { sha256: sha256(firstBytes) } });
    const download = await fetch(asset!.content, {
      headers: { Authorization: `X-API-Key: ${API_KEY}` },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(firstBytes);

    const secondBytes = Buffer.from('second version, edited');
    await writeFile(image, secondBytes);
    const second = await runApply(fixture, ['apply', path, '--auto-approve']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Plan: 0 to add, 1 to change');
    expect(second.stdout).toContain('1 changed');
    const [updated] = await fixture.listAssets(projectId);
    expect(updated!.id).toBe(asset!.id);
    expect(updated!.content).not.toBe(asset!.content);
    expect(JSON.parse(updated!.jsonMetadata)).toEqual({
      kiliSync: { sha256: sha256(secondBytes) },
    });
    const redownload = await fetch(updated!.content, {
      headers: { Authorization: `X-API-Key: ${API_KEY}` },
    });
    expect(Buffer.from(await redownload.arrayBuffer())).toEqual(secondBytes);
  });

  describe('a saved plan', () => {
    let projectId: string;
    let manifestPath: string;
    let planPath: string;

    beforeAll(async () => {
      projectId = await fixture.createProject('saved');
      manifestPath = await fixture.writeManifest(
        'saved.yaml',
        manifest(projectId, assetLines(['s1', 's2', 's3'])),
      );
      expect((await runApply(fixture, ['apply', manifestPath, '--auto-approve'])).code).toBe(0);
      await writeFile(
        manifestPath,
        manifest(
          projectId,
          `${assetLines(['s1', 's2'], '\n    priority: 2')}${assetLines(['s3', 's4'])}`,
        ),
      );
      planPath = join(fixture.folder, 'saved-plan.json');
      const { plan } = await readAndPlan(workflowOptions(fixture, [manifestPath]));
      await writeFile(planPath, renderPlanJson(plan));
    });

    it('is refused when edited after it was made', async () => {
      const plan = JSON.parse(await readFile(planPath, 'utf8'));
      plan.projects[0].changes[0].fields.priority.after = 99;
      const tampered = join(fixture.folder, 'tampered-plan.json');
      await writeFile(tampered, JSON.stringify(plan));
      const mutationsBefore = await fixture.mutationCount();
      const result = await runApply(fixture, ['apply', '--plan', tampered]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('planHash');
      expect(await fixture.mutationCount()).toBe(mutationsBefore);
    });

    it('is refused against another endpoint', async () => {
      const result = await runApply(fixture, [
        'apply',
        '--plan',
        planPath,
        '--endpoint',
        'http://127.0.0.1:9/api/label/v2/graphql',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the saved plan was made against');
    });

    it('is refused as stale, before any mutation, once an asset it touches changed', async () => {
      const [s2] = (await fixture.listAssets(projectId)).filter((a) => a.externalId === 's2');
      await fixture.client.request(
        'mutation updatePropertiesInAssets($whereArray: [AssetWhere!]!, $dataArray: [AssetData!]!) { data: updatePropertiesInAssets(where: $whereArray, data: $dataArray) { id } }',
        { whereArray: [{ id: s2!.id }], dataArray: [{ priority: 5 }] },
      );
      const mutationsBefore = await fixture.mutationCount();
      const result = await runApply(fixture, ['apply', '--plan', planPath]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the saved plan is stale: 1 asset changed since it was made');
      expect(result.stderr).toContain(`s2 (${projectId})`);
      expect(result.stderr).toContain('run kili-sync plan again');
      expect(await fixture.mutationCount()).toBe(mutationsBefore);
      expect((await fixture.listAssets(projectId)).map((a) => a.externalId).sort()).toEqual([
        's1',
        's2',
        's3',
      ]);
    });

    it('executes exactly the reviewed changes when still current', async () => {
      const { plan } = await readAndPlan(workflowOptions(fixture, [manifestPath]));
      const fresh = join(fixture.folder, 'fresh-plan.json');
      await writeFile(fresh, renderPlanJson(plan));
      const result = await runApply(fixture, ['apply', '--plan', fresh]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Apply complete! 1 added, 2 changed, 0 renamed, 0 deleted.');
      // The add is now done: the same plan is stale if run twice.
      const twice = await runApply(fixture, ['apply', '--plan', fresh]);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('s4');
      expect(twice.stderr).toContain('now exists');
    });
  });

  describe('a saved plan edited and re-hashed (a hash is no signature)', () => {
    /** Plans `ids` with prune against a project holding `existing`, then edits the file. */
    async function tamperedPlan(
      name: string,
      existing: string[],
      kept: string[],
      edit: (plan: Plan) => void,
      label?: string,
    ) {
      const projectId = await fixture.createProject(name);
      const path = await fixture.writeManifest(
        `${name}.yaml`,
        manifest(projectId, assetLines(existing)),
      );
      expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
      if (label) {
        const asset = (await fixture.listAssets(projectId)).find((a) => a.externalId === label);
        await labelAsset(fixture.client, asset!.id);
      }
      await writeFile(path, manifest(projectId, assetLines(kept), true));
      const { plan } = await readAndPlan(workflowOptions(fixture, [path]));
      edit(plan);
      plan.planHash = computePlanHash(plan);
      const planPath = join(fixture.folder, `${name}-plan.json`);
      await writeFile(planPath, renderPlanJson(plan));
      return { projectId, planPath };
    }

    it('takes the project count from Kili: an inflated count does not pass a mass delete', async () => {
      const { projectId, planPath } = await tamperedPlan(
        'inflated-count',
        ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12', 'c13'],
        ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'],
        (plan) => {
          plan.projects[0]!.remote.count = 1000;
        },
      );
      const mutationsBefore = await fixture.mutationCount();
      const result = await runApply(fixture, ['apply', '--plan', planPath, '--allow-delete']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('7 of 13 assets would be deleted');
      expect(result.stderr).toContain('--allow-mass-delete');
      expect(await fixture.mutationCount()).toBe(mutationsBefore);
      expect(await fixture.listAssets(projectId)).toHaveLength(13);
    });

    it('takes labels from Kili: a blocked delete made to look unlabeled is still refused', async () => {
      const { projectId, planPath } = await tamperedPlan(
        'hidden-labels',
        ['h1', 'h2', 'h3', 'h4'],
        ['h1', 'h2', 'h3'],
        (plan) => {
          for (const change of plan.projects[0]!.changes) {
            if (change.action !== 'delete') continue;
            delete change.blocked;
            change.labels = 0;
          }
        },
        'h4',
      );
      const mutationsBefore = await fixture.mutationCount();
      const result = await runApply(fixture, ['apply', '--plan', planPath, '--allow-delete']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('! delete h4: loses 1 label');
      expect(result.stderr).toContain('--allow-label-loss');
      expect(await fixture.mutationCount()).toBe(mutationsBefore);
      expect(await fixture.listAssets(projectId)).toHaveLength(4);
    });

    it('covers the endpoint: a plan pointed at another Kili by hand is refused as edited', async () => {
      const { planPath } = await tamperedPlan('moved-endpoint', ['e1'], ['e1'], () => {});
      const plan = JSON.parse(await readFile(planPath, 'utf8')) as Plan;
      plan.endpoint = 'https://cloud.kili-technology.com/api/label/v2/graphql';
      await writeFile(planPath, JSON.stringify(plan));
      const result = await runApply(fixture, [
        'apply',
        '--plan',
        planPath,
        '--endpoint',
        plan.endpoint,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('planHash does not match');
    });
  });

  it('refuses a saved plan whose local file was edited after planning', async () => {
    const projectId = await fixture.createProject('saved-file');
    await writeFile(join(fixture.folder, 'doc.png'), 'original bytes');
    const path = await fixture.writeManifest(
      'saved-file.yaml',
      manifest(projectId, '\n  - externalId: doc\n    file: ./doc.png'),
    );
    const planPath = join(fixture.folder, 'saved-file-plan.json');
    await writeFile(
      planPath,
      renderPlanJson((await readAndPlan(workflowOptions(fixture, [path]))).plan),
    );
    await writeFile(join(fixture.folder, 'doc.png'), 'edited bytes');
    const mutationsBefore = await fixture.mutationCount();
    const result = await runApply(fixture, ['apply', '--plan', planPath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the saved plan is stale');
    expect(result.stderr).toContain('local file doc.png was edited');
    expect(await fixture.mutationCount()).toBe(mutationsBefore);
    expect(await fixture.listAssets(projectId)).toHaveLength(0);
  });

  it('reports each failed change with the server message and continues with the rest', async () => {
    const projectId = await fixture.createProject('partial');
    const path = await fixture.writeManifest(
      'partial.yaml',
      manifest(projectId, assetLines(['p1', 'p2'])),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    const assets = await fixture.listAssets(projectId);
    await writeFile(
      path,
      manifest(projectId, `${assetLines(['p1', 'p2'], '\n    priority: 3')}${assetLines(['p3'])}`),
    );
    const options = workflowOptions(fixture, [path]);
    const planned = await readAndPlan(options);
    // p1 disappears between planning and applying: its update fails, the add still happens.
    await fixture.client.request(
      'mutation deleteManyFromDataset($where: AssetWhere!) { data: deleteManyFromDataset(where: $where) { id } }',
      { where: { idIn: [assets.find((a) => a.externalId === 'p1')!.id] } },
    );
    const result = resultOf(await applyPlanned(planned, options));
    expect(result.added).toBe(1);
    expect(result.changed).toBe(0);
    expect(result.interrupted).toBe(false);
    expect(result.failed).toHaveLength(2);
    expect(result.failed.map((failure) => failure.externalId)).toEqual(['p1', 'p2']);
    expect(result.failed[0]?.message).toContain('[assetNotFound]');
    expect(result.failed[0]?.action).toBe('update');
  });

  it('sends the follow-up update of each append batch right after it: Ctrl-C leaves no half-made asset', async () => {
    const projectId = await fixture.createProject('follow-up');
    const ids = Array.from({ length: 300 }, (_, i) => `f-${String(i).padStart(3, '0')}`);
    const path = await fixture.writeManifest(
      'follow-up.yaml',
      manifest(projectId, assetLines(ids, '\n    priority: 4')),
    );
    const proxy = await startTestProxy(fixture.emulator.graphqlUrl);
    const interrupt = new AbortController();
    // Ctrl-C arrives as the first follow-up update is sent.
    proxy.before('updatePropertiesInAssets', async () => interrupt.abort());
    try {
      // As the CLI makes them: the client and the run stop on the same Ctrl-C.
      const options = workflowOptions(fixture, [path], {
        client: createPatientClient(proxy.graphqlUrl, { signal: interrupt.signal, concurrency: 1 }),
        runtime: captureRuntime({ cwd: fixture.folder, signal: interrupt.signal }),
      });
      const result = resultOf(await applyManifests(options));
      expect(result.interrupted).toBe(true);
      expect(result.added).toBe(100);
      expect(result.pending).toEqual([]);
      expect(formatApplySummary(result)).toBe(
        'Apply interrupted: 100 added, 0 changed, 0 renamed, 0 deleted before stopping.',
      );
    } finally {
      await proxy.close();
    }
    const assets = await fixture.listAssets(projectId);
    expect(assets).toHaveLength(100);
    expect(new Set(assets.map((asset) => asset.priority))).toEqual(new Set([4]));
  });

  it('after a confirmation, does not add an asset created meanwhile, and counts another run’s apart', async () => {
    const projectId = await fixture.createProject('race');
    const path = await fixture.writeManifest(
      'race.yaml',
      manifest(projectId, assetLines(['r1', 'r2', 'r3'])),
    );
    // While the person reads this plan, a concurrent run adds r1 (under its derived id), and a
    // script adds r3 (an id of its own).
    const confirm = async () => {
      await writeFile(path, manifest(projectId, assetLines(['r1'])));
      expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
      await fixture.client.request(
        'mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }',
        {
          data: { contentArray: ['https://cdn.example.com/r3.jpg'], externalIDArray: ['r3'] },
          where: { id: projectId },
        },
      );
    };
    // The question is asked only at a terminal.
    const runtime = captureRuntime({
      env: fixture.env(),
      cwd: fixture.folder,
      isTTY: { stdin: true, stdout: false, stderr: false },
    });
    const result = resultOf(
      await applyManifests(workflowOptions(fixture, [path], { confirm, runtime })),
    );
    expect(result.added).toBe(1);
    expect(result.alreadyAdded).toBe(1);
    expect(result.failed.map((failure) => [failure.externalId, failure.action])).toEqual([
      ['r3', 'add'],
    ]);
    expect(result.failed[0]?.message).toContain('created since the plan was read');
    const externalIds = (await fixture.listAssets(projectId)).map((asset) => asset.externalId);
    expect(externalIds.sort()).toEqual(['r1', 'r2', 'r3']);
  });
});

describe('apply at a terminal', () => {
  let fixture: ApplyFixture;

  beforeAll(async () => {
    fixture = await startApplyFixture();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  const terminal = (answer: string, questions: string[]) => ({
    isTTY: { stdin: true, stdout: false, stderr: false },
    prompt: async (question: string) => {
      questions.push(question);
      return answer;
    },
  });

  it('asks, and a "yes" also stands in for --allow-delete', async () => {
    const projectId = await fixture.createProject('tty-yes');
    const path = await fixture.writeManifest(
      'tty-yes.yaml',
      manifest(projectId, assetLines(['t1', 't2', 't3'])),
    );
    const questions: string[] = [];
    const first = await runApply(fixture, ['apply', path], terminal('yes', questions));
    expect(first.code).toBe(0);
    expect(questions).toHaveLength(1);
    expect(questions[0]).toContain(
      "Do you want to apply these changes? Only 'yes' will be accepted:",
    );

    await writeFile(path, manifest(projectId, assetLines(['t1', 't2']), true));
    const second = await runApply(fixture, ['apply', path], terminal('yes', questions));
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('answering yes also allows the deletes');
    expect(second.stdout).toContain('1 deleted.');
    expect(await fixture.listAssets(projectId)).toHaveLength(2);
  });

  it('at a terminal, a mass delete is refused before the question; with its flag the prompt names the deletes a yes allows', async () => {
    const projectId = await fixture.createProject('tty-mass');
    const path = await fixture.writeManifest(
      'tty-mass.yaml',
      manifest(projectId, assetLines(['m1', 'm2', 'm3', 'm4'])),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    await writeFile(path, manifest(projectId, assetLines(['m1']), true));

    const questions: string[] = [];
    const refused = await runApply(fixture, ['apply', path], terminal('yes', questions));
    expect(refused.code).toBe(1);
    expect(questions).toHaveLength(0);
    // A yes would stand in for --allow-delete: only the flag it cannot stand in for is named.
    expect(refused.stderr).toContain('rerun with --allow-mass-delete if this is intended');

    const allowed = await runApply(
      fixture,
      ['apply', path, '--allow-mass-delete'],
      terminal('yes', questions),
    );
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(questions).toHaveLength(1);
    expect(allowed.stdout).toContain('Apply needs --allow-delete: 3 assets would be deleted.');
    expect(allowed.stdout).toContain('Allowed by --allow-mass-delete:');
    expect(allowed.stderr).toContain(
      'This plan needs --allow-delete (3 assets would be deleted): answering yes also allows the deletes.',
    );
    expect(await fixture.listAssets(projectId)).toHaveLength(1);
  });

  it('exits 3 listing each failed change when part of the apply fails, and a rerun converges', async () => {
    const projectId = await fixture.createProject('tty-partial');
    const image = join(fixture.folder, 'vanishing.png');
    await writeFile(image, 'bytes of an image that is deleted while the plan is on screen');
    const path = await fixture.writeManifest(
      'tty-partial.yaml',
      manifest(
        projectId,
        `${assetLines(['kept'])}\n  - externalId: vanishing\n    file: ./vanishing.png`,
      ),
    );
    const answerAfterDeletingTheFile = {
      isTTY: { stdin: true, stdout: false, stderr: false },
      prompt: async () => {
        await rm(image);
        return 'yes';
      },
    };
    const partial = await runApply(fixture, ['apply', path], answerAfterDeletingTheFile);
    expect(partial.code).toBe(3);
    expect(partial.stdout).toContain('1 added');
    expect(partial.stderr).toContain('error[KS0501]: 1 change failed:');
    expect(partial.stderr).toMatch(
      /add vanishing \(.+\): upload failed: cannot read .*vanishing\.png/,
    );
    expect(partial.stderr).not.toMatch(/^\s+at /m);

    await writeFile(image, 'the image is back');
    const rerun = await runApply(fixture, ['apply', path, '--auto-approve']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain('Apply complete! 1 added, 0 changed, 0 renamed, 0 deleted.');
  });

  it('changes nothing unless the answer is exactly yes', async () => {
    const projectId = await fixture.createProject('tty-no');
    const path = await fixture.writeManifest(
      'tty-no.yaml',
      manifest(projectId, assetLines(['n1'])),
    );
    const mutationsBefore = await fixture.mutationCount();
    const result = await runApply(fixture, ['apply', path], terminal('y', []));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('apply cancelled');
    expect(await fixture.mutationCount()).toBe(mutationsBefore);
  });

  it('never lets the prompt stand in for mass delete or label loss', async () => {
    const projectId = await fixture.createProject('tty-mass');
    const path = await fixture.writeManifest(
      'tty-mass.yaml',
      manifest(projectId, assetLines(['m1', 'm2'])),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    await writeFile(path, manifest(projectId, ' []', true));
    const questions: string[] = [];
    const result = await runApply(fixture, ['apply', path], terminal('yes', questions));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--allow-mass-delete');
    expect(result.stderr).not.toContain('--allow-delete ');
    expect(questions).toEqual([]);
    expect(await fixture.listAssets(projectId)).toHaveLength(2);
  });
});
