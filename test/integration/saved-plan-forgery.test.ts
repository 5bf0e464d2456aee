import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePlanHash } from '../../src/plan/hash.js';
import type { Plan, UpdateChange } from '../../src/plan/types.js';
import {
  type ApplyFixture,
  labelAsset,
  manifest,
  runApply,
  startApplyFixture,
} from './apply-support.js';

/**
 * A reviewed plan is a file anyone can edit and re-hash with the project's own hash function.
 * Whatever is added to a change, apply sends only what the plan shows, consent is judged on what
 * it sends, and the `kiliSync` records it writes come from what it sent.
 */
describe('a saved plan edited and re-hashed cannot replace labeled content unseen', () => {
  let fixture: ApplyFixture;
  let projectId: string;
  let labeledId: string;
  let manifestPath: string;

  beforeAll(async () => {
    fixture = await startApplyFixture();
    projectId = await fixture.createProject('forged plans', 'TEXT');
    manifestPath = await fixture.writeManifest(
      'texts.yaml',
      manifest(projectId, texts({ 'lab-1': ['labeled work', 0], 'free-1': ['nobody labels', 0] })),
    );
    expect((await runApply(fixture, ['apply', manifestPath, '--auto-approve'])).code).toBe(0);
    labeledId = (await fixture.listAssets(projectId)).find((a) => a.externalId === 'lab-1')!.id;
    await labelAsset(fixture.client, labeledId);
    // The reviewed change: `~ lab-1 priority 0 -> 3`, and nothing else.
    await writeFile(
      manifestPath,
      manifest(projectId, texts({ 'lab-1': ['labeled work', 3], 'free-1': ['nobody labels', 0] })),
    );
    await writeFile(join(fixture.folder, 'evil.txt'), 'replacement');
  });
  afterAll(() => fixture.close());

  /** Plans the reviewed change, applies `edit` to lab-1's change, re-hashes, saves. */
  async function forged(name: string, edit: (change: UpdateChange) => void): Promise<string> {
    const planned = await runApply(fixture, ['plan', manifestPath, '--out', `${name}.json`]);
    expect(planned.code, planned.stderr).toBe(0);
    const path = join(fixture.folder, `${name}.json`);
    const plan = JSON.parse(await readFile(path, 'utf8')) as Plan;
    const change = plan.projects[0]!.changes.find((c) => c.externalId === 'lab-1');
    if (change?.action !== 'update') throw new Error('expected the update of lab-1');
    expect(Object.keys(change.fields)).toEqual(['priority']);
    edit(change);
    plan.planHash = computePlanHash(plan);
    await writeFile(path, JSON.stringify(plan));
    return `${name}.json`;
  }

  /** Runs the example apply job's command, and checks that Kili was left as it was. */
  async function applyRefused(planFile: string) {
    const before = await fixture.stats();
    const result = await runApply(fixture, ['apply', '--plan', planFile, '--allow-delete']);
    expect(result.code).toBe(1);
    const after = await fixture.stats();
    expect(after.requests.updatePropertiesInAssets ?? 0).toBe(
      before.requests.updatePropertiesInAssets ?? 0,
    );
    expect(after.files.put).toBe(before.files.put);
    const asset = (await fixture.listAssets(projectId)).find((a) => a.id === labeledId)!;
    expect(asset.priority).toBe(0);
    return result;
  }

  const evil = {
    path: 'evil.txt',
    sha256: createHash('sha256').update('replacement').digest('hex'),
    mimeType: 'text/plain',
  };
  const emptySha256 = createHash('sha256').update('').digest('hex');

  it('through `file`: refused as a plan that sends what it does not show', async () => {
    const result = await applyRefused(
      await forged('via-file', (change) => {
        change.file = evil;
      }),
    );
    expect(result.stderr).toContain('content the plan does not show');
    expect(result.stderr).toContain('lab-1');
    expect(result.stderr).toContain('carries a file but no content change');
  });

  it('through `uploads.content` with the sha256 of an empty text: refused the same way', async () => {
    const result = await applyRefused(
      await forged('via-upload', (change) => {
        change.uploads = { content: { sha256: emptySha256 } };
      }),
    );
    expect(result.stderr).toContain('carries a content upload but no content change');
  });

  it('shown as a content change too: refused without --allow-label-loss', async () => {
    for (const [name, edit] of [
      [
        'shown-file',
        (change: UpdateChange) => {
          change.file = evil;
          change.fields.content = { before: 'x', after: 'file:evil.txt' };
        },
      ],
      [
        'shown-upload',
        (change: UpdateChange) => {
          change.uploads = { content: { sha256: emptySha256 } };
          change.fields.content = { before: 'x', after: '' };
        },
      ],
    ] as const) {
      const result = await applyRefused(await forged(name, edit));
      expect(result.stderr).toContain('! replace the content of lab-1: loses 1 label');
      expect(result.stderr).toContain('--allow-label-loss');
    }
  });

  it('the reviewed plan itself applies, and the next plan has no changes', async () => {
    const reviewed = await forged('reviewed', () => {});
    const applied = await runApply(fixture, ['apply', '--plan', reviewed, '--allow-delete']);
    expect(applied.code, applied.stderr).toBe(0);
    const replan = await runApply(fixture, [
      'plan',
      manifestPath,
      '--refresh',
      '--detailed-exitcode',
    ]);
    expect(replan.code, replan.stdout).toBe(0);
  });

  it('writes the kiliSync records Kili holds and what it sent, never a record from the file', async () => {
    const before = (await fixture.listAssets(projectId)).find((a) => a.externalId === 'free-1')!;
    const recorded = JSON.parse(before.jsonMetadata).kiliSync;
    expect(recorded.sha256).toBe(createHash('sha256').update('nobody labels').digest('hex'));
    await writeFile(
      manifestPath,
      manifest(
        projectId,
        `${texts({ 'lab-1': ['labeled work', 3], 'free-1': ['nobody labels', 0] })}\n    jsonMetadata: { split: test }`,
      ),
    );
    const planned = await runApply(fixture, ['plan', manifestPath, '--out', 'records.json']);
    expect(planned.code, planned.stderr).toBe(0);
    const path = join(fixture.folder, 'records.json');
    const plan = JSON.parse(await readFile(path, 'utf8')) as Plan;
    const change = plan.projects[0]!.changes.find((c) => c.externalId === 'free-1');
    if (change?.action !== 'update') throw new Error('expected the update of free-1');
    // A record claiming other content, which would make a later plan call it unchanged.
    change.metadataToWrite = { split: 'test', kiliSync: { sha256: emptySha256 } };
    plan.planHash = computePlanHash(plan);
    await writeFile(path, JSON.stringify(plan));
    expect((await runApply(fixture, ['apply', '--plan', 'records.json'])).code).toBe(0);
    const after = (await fixture.listAssets(projectId)).find((a) => a.externalId === 'free-1')!;
    expect(JSON.parse(after.jsonMetadata)).toEqual({ split: 'test', kiliSync: recorded });
  });
});

describe('apply --plan --manifests: the saved plan must be what the manifests mean now', () => {
  let fixture: ApplyFixture;
  let projectId: string;
  beforeAll(async () => {
    fixture = await startApplyFixture();
    projectId = await fixture.createProject('reviewed against manifests');
    await fixture.writeManifest('m.yaml', manifest(projectId, images(['a-1', 'a-2'])));
  });
  afterAll(() => fixture.close());

  async function savedPlan(name: string, edit?: (plan: Plan) => void): Promise<string> {
    const planned = await runApply(fixture, ['plan', 'm.yaml', '--out', `${name}.json`]);
    expect(planned.code, planned.stderr).toBe(0);
    if (edit !== undefined) {
      const path = join(fixture.folder, `${name}.json`);
      const plan = JSON.parse(await readFile(path, 'utf8')) as Plan;
      edit(plan);
      plan.planHash = computePlanHash(plan);
      await writeFile(path, JSON.stringify(plan));
    }
    return `${name}.json`;
  }

  it('refuses a re-hashed plan with a change of its own, naming it, and sends nothing', async () => {
    const forged = await savedPlan('extra', (plan) => {
      const add = plan.projects[0]!.changes[0];
      if (add?.action !== 'add') throw new Error('expected an add');
      plan.projects[0]!.changes.push({
        ...add,
        externalId: 'a-3',
        fields: {
          ...add.fields,
          content: { before: null, after: 'https://cdn.example.com/x.jpg' },
        },
      });
    });
    const before = await fixture.mutationCount();
    const refused = await runApply(fixture, ['apply', '--plan', forged, '--manifests', 'm.yaml']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the saved plan is not what m.yaml means now: 1 difference');
    expect(refused.stderr).toContain('+ "a-3": in the saved plan, not in a plan of the manifests');
    expect(await fixture.mutationCount()).toBe(before);
    // Without the check the same file would have been applied: the hash is consistent.
    const unchecked = await savedPlan('unchecked', (plan) => {
      plan.projects[0]!.changes.pop();
    });
    const narrower = await runApply(fixture, [
      'apply',
      '--plan',
      unchecked,
      '--manifests',
      'm.yaml',
    ]);
    expect(narrower.stderr).toContain('planned from the manifests, not in the saved plan');
    expect(await fixture.mutationCount()).toBe(before);
  });

  it('applies the plan those manifests make, then the next plan has no changes', async () => {
    const reviewed = await savedPlan('reviewed');
    const applied = await runApply(fixture, ['apply', '--plan', reviewed, '--manifests', 'm.yaml']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete! 2 added');
    const replan = await runApply(fixture, ['plan', 'm.yaml', '--detailed-exitcode']);
    expect(replan.code, replan.stdout).toBe(0);
  });

  it('--manifests needs --plan', async () => {
    const result = await runApply(fixture, ['apply', 'm.yaml', '--manifests', 'm.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--manifests goes with --plan');
  });
});

/** Hosted image assets. */
function images(ids: string[]): string {
  return ids
    .map((id) => `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}.jpg`)
    .join('');
}

/** Inline TEXT assets: externalId → [text, priority]. */
function texts(entries: Record<string, [string, number]>): string {
  return Object.entries(entries)
    .map(
      ([id, [text, priority]]) =>
        `\n  - externalId: ${id}\n    content: ${JSON.stringify(text)}\n    priority: ${priority}`,
    )
    .join('');
}
