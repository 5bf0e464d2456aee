import { describe, expect, it } from 'vitest';
import { compileProjectPlan } from '../../src/apply/compile.js';
import { checkConsent, requiredConsent } from '../../src/apply/consent.js';
import { metadataToSend } from '../../src/apply/content-writes.js';
import { checkSamePlan } from '../../src/apply/reviewed-plan-check.js';
import { KiliSyncError } from '../../src/errors.js';
import { flagsOf } from '../../src/plan/consent-rules.js';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import { computePlanHash } from '../../src/plan/hash.js';
import { applyMetadataChange, diffMetadataKeys } from '../../src/plan/metadata-keys.js';
import type { UpdateChange } from '../../src/plan/types.js';
import { renderPlanMarkdown } from '../../src/render/render-markdown.js';
import { renderPlanText } from '../../src/render/render-text.js';
import { needsOf } from '../helpers/plan-needs.js';
import { desired, type InputSpec, planInput, remote } from './plan-builders.js';

const makePlan = (spec: InputSpec) => diffToPlan(planInput(spec));

const mark = (owner: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ kiliSync: { owner, ...extra } });

describe('metadata managed key by key', () => {
  it('compares only the declared keys, and the recorded keys the manifest dropped', () => {
    const remoteUser = { split: 'train', score: 0.9, source: 'batch-7' };
    expect(diffMetadataKeys({ split: 'train' }, remoteUser, [])).toBeUndefined();
    expect(diffMetadataKeys({ split: 'val' }, remoteUser, [])).toEqual({
      before: { split: 'train' },
      after: { split: 'val' },
    });
    expect(diffMetadataKeys({ split: 'train' }, remoteUser, ['split', 'source'])).toEqual({
      before: { split: 'train', source: 'batch-7' },
      after: { split: 'train' },
    });
  });

  it("applies a change to what Kili holds, keeping the others' keys", () => {
    const change = { before: { split: 'train', source: 'x' }, after: { split: 'val' } };
    expect(applyMetadataChange({ split: 'train', source: 'x', score: 1 }, change)).toEqual({
      split: 'val',
      score: 1,
    });
  });

  it('treats a key named __proto__ (as JSON reads it) like any other key', () => {
    const keyed = (value: number) => JSON.parse(`{"__proto__":{"x":${value}},"split":"train"}`);
    const change = diffMetadataKeys(keyed(2), keyed(1), []);
    expect(JSON.stringify(change?.before)).toBe('{"__proto__":{"x":1},"split":"train"}');
    const added = { before: {}, after: keyed(2) };
    expect(JSON.stringify(applyMetadataChange({ score: 1 }, added))).toBe(
      '{"score":1,"__proto__":{"x":2},"split":"train"}',
    );
  });

  it('writes the current metadata with the managed keys applied, and records the keys it wrote', () => {
    const plan = makePlan({
      projects: [
        {
          owner: 'cats-repo',
          assets: [desired('cat-1', { jsonMetadata: { split: 'val' } })],
          remote: [
            remote('cat-1', {
              jsonMetadata: JSON.stringify({
                split: 'train',
                source: 'x',
                kiliSync: { owner: 'cats-repo', metadataKeys: ['source', 'split'] },
              }),
            }),
          ],
        },
      ],
    });
    const change = plan.projects[0]!.changes[0] as UpdateChange;
    expect(change.fields.jsonMetadata).toEqual({
      before: { split: 'train', source: 'x' },
      after: { split: 'val' },
    });
    // Between plan and apply, another writer added `score`: it survives.
    const now = JSON.stringify({
      split: 'train',
      source: 'x',
      score: 0.5,
      kiliSync: { owner: 'cats-repo', metadataKeys: ['source', 'split'] },
    });
    expect(metadataToSend(change, {}, now, { owner: 'cats-repo', commit: 'c'.repeat(40) })).toEqual(
      {
        split: 'val',
        score: 0.5,
        kiliSync: {
          owner: 'cats-repo',
          metadataKeys: ['split'],
          commit: 'c'.repeat(40),
          manifest: 'manifests/assets.yaml',
        },
      },
    );
  });

  it('keeps the whole-object comparison for a project kili-sync manages alone', () => {
    const plan = makePlan({
      projects: [
        {
          assets: [desired('cat-1', { jsonMetadata: { split: 'val' } })],
          remote: [remote('cat-1', { jsonMetadata: JSON.stringify({ split: 'val', score: 1 }) })],
        },
      ],
    });
    const change = plan.projects[0]!.changes[0] as UpdateChange;
    expect(change.fields.jsonMetadata).toEqual({
      before: { split: 'val', score: 1 },
      after: { split: 'val' },
    });
    expect(change.owner).toBeUndefined();
  });
});

describe('owner marks in the plan', () => {
  const plan = makePlan({
    projects: [
      {
        owner: 'cats-repo',
        prune: 'owned',
        assets: [desired('mine'), desired('unmarked'), desired('theirs')],
        remote: [
          remote('mine', { jsonMetadata: mark('cats-repo') }),
          remote('unmarked'),
          remote('theirs', { jsonMetadata: mark('dogs-repo') }),
          remote('gone', { jsonMetadata: mark('cats-repo') }),
          remote('sdk-made'),
          remote('dogs-gone', { jsonMetadata: mark('dogs-repo') }),
        ],
      },
    ],
  });
  const project = plan.projects[0]!;

  it('adopts unmarked assets, reports conflicts, and prunes only the owner’s undeclared assets', () => {
    const byId = new Map(project.changes.map((change) => [change.externalId, change]));
    expect(byId.get('mine')).toBeUndefined();
    expect(byId.get('unmarked')).toMatchObject({
      action: 'update',
      fields: {},
      owner: { before: null, after: 'cats-repo' },
    });
    expect(byId.get('theirs')).toMatchObject({
      owner: { before: 'dogs-repo', after: 'cats-repo' },
    });
    expect(byId.get('gone')).toMatchObject({ action: 'delete', owner: 'cats-repo' });
    expect(byId.has('sdk-made')).toBe(false);
    expect(byId.has('dogs-gone')).toBe(false);
    expect(project.summary).toMatchObject({ update: 2, delete: 1, adopt: 1, conflict: 1 });
    expect(project.remote).toEqual({ count: 6, owned: 2 });
    expect(project.undeclared).toEqual({ count: 2, externalIds: ['dogs-gone', 'sdk-made'] });
    expect(flagsOf(needsOf(plan))).toEqual(['--allow-delete', '--take-ownership']);
  });

  it('says why each delete is planned, and what apply needs, in text and Markdown', () => {
    const text = renderPlanText(plan, { needs: needsOf(plan), color: false });
    expect(text).toContain('owner cats-repo, prune: owned');
    expect(text).toContain('owned by cats-repo, no longer declared');
    expect(text).toContain('adopt: mark as owned by cats-repo');
    expect(text).toContain('! conflict: owned by dogs-repo, not cats-repo');
    expect(text).toContain('Plan: 0 to add, 2 to change (1 to adopt, 1 owned by another owner)');
    const markdown = renderPlanMarkdown(plan, { needs: needsOf(plan) });
    expect(markdown).toContain('### Ownership conflicts (1)');
    expect(markdown).toContain('owned by cats-repo, no longer declared');
  });

  it('refuses the conflict without --take-ownership, judged on the marks Kili holds now', () => {
    const current = new Map(
      [...project.changes].flatMap((change) =>
        change.action === 'add'
          ? []
          : [[change.assetId, { labelCount: 0, status: 'TODO' as const, jsonMetadata: '' }]],
      ),
    );
    current.set('clk-theirs', {
      labelCount: 0,
      status: 'TODO',
      jsonMetadata: mark('dogs-repo'),
    });
    const consent = { allowDelete: true, allowMassDelete: true, allowLabelLoss: false };
    expect(() => checkConsent(requiredConsent(plan, current), consent)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('1 asset another owner manages would change'),
        hint: expect.stringContaining('--take-ownership'),
      }),
    );
    expect(() =>
      checkConsent(requiredConsent(plan, current), { ...consent, allowTakeOwnership: true }),
    ).not.toThrow();
    // Kili now says the asset is this owner's: nothing to take over.
    current.set('clk-theirs', { labelCount: 0, status: 'TODO', jsonMetadata: mark('cats-repo') });
    expect(() => checkConsent(requiredConsent(plan, current), consent)).not.toThrow();
  });

  it('hashes the owner, and a saved plan under another owner is not the manifests’ plan', () => {
    expect(computePlanHash({ ...plan, projects: [{ ...project, owner: 'dogs-repo' }] })).not.toBe(
      plan.planHash,
    );
    const forged = { ...plan, projects: [{ ...project, owner: 'dogs-repo' }] };
    expect(() => checkSamePlan(forged, plan, ['m.yaml'])).toThrow(KiliSyncError);
  });

  it('writes the mark from the project, never from the change', () => {
    const compiled = compileProjectPlan(
      { ...project, changes: project.changes.filter((change) => change.action === 'update') },
      {
        newAssetIds: new Map(),
        uploadedContent: new Map(),
        currentMetadata: { get: () => mark('someone', { metadataKeys: ['x'] }) },
        commit: 'd'.repeat(40),
      },
    );
    const sent = compiled.phases[0]!.batches[0]!.items.map((item) =>
      'data' in item ? JSON.parse(item.data.jsonMetadata ?? '{}') : undefined,
    );
    for (const metadata of sent) {
      expect(metadata.kiliSync).toEqual({
        owner: 'cats-repo',
        commit: 'd'.repeat(40),
        manifest: 'manifests/assets.yaml',
      });
    }
  });
});
