import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { describe, expect, it } from 'vitest';
import { KiliSyncError } from '../../src/errors.js';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import { computePlanHash } from '../../src/plan/hash.js';
import { renderPlanJson } from '../../src/render/render-json.js';
import { desired, findChange, planInput, remote } from './plan-builders.js';

describe('diffToPlan: renames', () => {
  it('renames the old asset, keeping its id and labels, with other changed fields', () => {
    const plan = diffToPlan(
      planInput({
        projects: [
          {
            assets: [desired('new', { renamedFrom: 'old', priority: 4 })],
            remote: [remote('old', { labelCount: 2, status: 'LABELED' })],
          },
        ],
      }),
    );
    const rename = findChange(plan, 'new', 'rename');
    expect(rename).toMatchObject({ from: 'old', assetId: 'clk-old', labels: 2 });
    expect(rename.fields).toEqual({
      externalId: { before: 'old', after: 'new' },
      priority: { before: 0, after: 4 },
    });
    expect(rename.blocked).toBeUndefined();
    expect(plan.projects[0]!.changes).toHaveLength(1);
    expect(plan.projects[0]!.summary).toMatchObject({ rename: 1, add: 0, delete: 0 });
  });

  it('treats an already applied rename as the new id (no rename, nothing to do)', () => {
    const plan = diffToPlan(
      planInput({
        projects: [
          {
            prune: true,
            assets: [desired('new', { renamedFrom: 'old' })],
            remote: [remote('new')],
          },
        ],
      }),
    );
    expect(plan.projects[0]!.changes).toEqual([]);
    expect(plan.projects[0]!.summary.unchanged).toBe(1);
    expect(plan.projects[0]!.warnings).toEqual([]);
  });

  it('when both ids exist, manages the new one and leaves the old one undeclared', () => {
    const assets = [desired('new', { renamedFrom: 'old' })];
    const current = [remote('new'), remote('old')];
    const kept = diffToPlan(planInput({ projects: [{ assets, remote: current }] }));
    expect(kept.projects[0]!.changes).toEqual([]);
    expect(kept.projects[0]!.warnings.map((w) => w.code)).toEqual(['rename-target-exists']);
    const pruned = diffToPlan(planInput({ projects: [{ prune: true, assets, remote: current }] }));
    expect(findChange(pruned, 'old', 'delete').reason).toBe('prune');
  });

  it('adds the asset with a warning when the rename source is missing', () => {
    const plan = diffToPlan(
      planInput({ projects: [{ assets: [desired('new', { renamedFrom: 'gone' })], remote: [] }] }),
    );
    expect(findChange(plan, 'new', 'add')).toBeDefined();
    expect(plan.projects[0]!.warnings).toMatchObject([
      { code: 'rename-source-missing', externalId: 'new' },
    ]);
  });

  it('rejects a renamedFrom that is itself declared', () => {
    const input = planInput({
      projects: [{ assets: [desired('new', { renamedFrom: 'old' }), desired('old')], remote: [] }],
    });
    expect(() => diffToPlan(input)).toThrow(KiliSyncError);
  });
});

describe('diffToPlan: deletes and labeled work', () => {
  const current = [
    remote('kept'),
    remote('stray'),
    remote('labeled', { labelCount: 3, status: 'LABELED' }),
    remote('in-progress', { status: 'ONGOING' }),
  ];

  it('never deletes with prune off', () => {
    const plan = diffToPlan(
      planInput({ projects: [{ assets: [desired('kept')], remote: current }] }),
    );
    expect(plan.projects[0]!.changes).toEqual([]);
  });

  it('with prune, deletes every undeclared asset and blocks labeled ones', () => {
    const plan = diffToPlan(
      planInput({ projects: [{ prune: true, assets: [desired('kept')], remote: current }] }),
    );
    expect(plan.projects[0]!.changes).toEqual([
      {
        action: 'delete',
        externalId: 'in-progress',
        assetId: 'clk-in-progress',
        updatedAt: '2024-01-02T00:00:00.000Z',
        labels: 0,
        reason: 'prune',
        blocked: 'delete-labeled',
      },
      {
        action: 'delete',
        externalId: 'labeled',
        assetId: 'clk-labeled',
        updatedAt: '2024-01-02T00:00:00.000Z',
        labels: 3,
        reason: 'prune',
        blocked: 'delete-labeled',
      },
      {
        action: 'delete',
        externalId: 'stray',
        assetId: 'clk-stray',
        updatedAt: '2024-01-02T00:00:00.000Z',
        labels: 0,
        reason: 'prune',
      },
    ]);
    expect(plan.projects[0]!.summary).toEqual({
      add: 0,
      update: 0,
      rename: 0,
      delete: 3,
      unchanged: 1,
      blocked: 2,
    });
  });

  it('blocks a content change of a labeled asset but not a priority change', () => {
    const labeled = { labelCount: 2, status: 'LABELED' as const };
    const plan = diffToPlan(
      planInput({
        projects: [
          {
            assets: [
              desired('c', { content: 'https://cdn/other.jpg' }),
              desired('j', { jsonContent: { a: 1 } }),
              desired('p', { priority: 9 }),
            ],
            remote: [remote('c', labeled), remote('j', labeled), remote('p', labeled)],
          },
        ],
      }),
    );
    expect(findChange(plan, 'c', 'update')).toMatchObject({
      blocked: 'content-change-labeled',
      labels: 2,
    });
    expect(findChange(plan, 'j', 'update').blocked).toBe('content-change-labeled');
    expect(findChange(plan, 'p', 'update').blocked).toBeUndefined();
    expect(plan.projects[0]!.summary).toMatchObject({ update: 3, blocked: 2 });
  });

  it('refuses to prune from a partial read', () => {
    const input = planInput({
      projects: [{ prune: true, partial: true, assets: [desired('a')], remote: [remote('a')] }],
    });
    expect(() => diffToPlan(input)).toThrow(/partial/);
  });

  it('a partial read plans only the declared assets and infers no deletes', () => {
    const plan = diffToPlan(
      planInput({
        projects: [
          {
            partial: true,
            count: 50_000,
            assets: [desired('a', { priority: 1 }), desired('b')],
            remote: [remote('a')],
          },
        ],
      }),
    );
    expect(plan.projects[0]!.changes.map((c) => [c.action, c.externalId])).toEqual([
      ['update', 'a'],
      ['add', 'b'],
    ]);
    expect(plan.projects[0]!.remote.count).toBe(50_000);
  });
});

describe('diffToPlan: remote duplicates', () => {
  const copies = [
    remote('dup', { id: 'c3', createdAt: '2024-03-01T00:00:00.000Z' }),
    remote('dup', { id: 'c2', createdAt: '2024-01-01T00:00:00.000Z' }),
    remote('dup', {
      id: 'c1',
      createdAt: '2024-02-01T00:00:00.000Z',
      labelCount: 1,
      status: 'LABELED',
    }),
    remote('dup', { id: 'c0', createdAt: '2024-01-01T00:00:00.000Z' }),
  ];

  it('without dedupe, manages the most labeled copy and only warns', () => {
    const plan = diffToPlan(
      planInput({ projects: [{ assets: [desired('dup', { priority: 2 })], remote: copies }] }),
    );
    expect(plan.projects[0]!.changes).toMatchObject([{ action: 'update', assetId: 'c1' }]);
    const [warning] = plan.projects[0]!.warnings;
    expect(warning).toMatchObject({ code: 'remote-duplicate', externalId: 'dup' });
    for (const id of ['c0', 'c1', 'c2', 'c3']) expect(warning!.message).toContain(id);
  });

  it('with dedupe, deletes the unlabeled extras; the oldest, then smallest id, wins ties', () => {
    const unlabeled = copies.filter((copy) => copy.labelCount === 0);
    const plan = diffToPlan(
      planInput({ dedupe: true, projects: [{ assets: [desired('dup')], remote: unlabeled }] }),
    );
    expect(plan.projects[0]!.changes).toMatchObject([
      { action: 'delete', assetId: 'c2', reason: 'duplicate' },
      { action: 'delete', assetId: 'c3', reason: 'duplicate' },
    ]);
  });

  it('never deletes a labeled extra, even with prune', () => {
    const labeledExtras = [
      remote('dup', { id: 'a', labelCount: 5, status: 'LABELED' }),
      remote('dup', { id: 'b', labelCount: 1, status: 'LABELED' }),
      remote('dup', { id: 'c' }),
    ];
    const plan = diffToPlan(
      planInput({ projects: [{ prune: true, assets: [desired('dup')], remote: labeledExtras }] }),
    );
    expect(plan.projects[0]!.changes).toMatchObject([{ action: 'delete', assetId: 'c' }]);
    expect(plan.projects[0]!.warnings[0]!.message).toContain(
      'Kept because they hold labeling work: b',
    );
  });
});

describe('diffToPlan: output', () => {
  function buildInput(createdAt: string) {
    return planInput({
      createdAt,
      projects: [
        {
          projectId: 'p-b',
          prune: true,
          warnings: ['count changed from 3 to 4 while reading'],
          assets: [desired('z'), desired('a', { renamedFrom: 'm' }), desired('k', { priority: 1 })],
          remote: [remote('k'), remote('m'), remote('x'), remote('b')],
        },
        { projectId: 'p-a', assets: [desired('only')], remote: [] },
      ],
    });
  }

  it('sorts projects by id and changes by external id, then action', () => {
    const plan = diffToPlan(buildInput('2024-01-01T00:00:00.000Z'));
    expect(plan.projects.map((p) => p.projectId)).toEqual(['p-a', 'p-b']);
    expect(plan.projects[1]!.changes.map((c) => `${c.action}:${c.externalId}`)).toEqual([
      'rename:a',
      'delete:b',
      'update:k',
      'delete:x',
      'add:z',
    ]);
    expect(plan.projects[1]!.warnings).toEqual([
      { code: 'count-changed', message: 'count changed from 3 to 4 while reading' },
    ]);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const first = renderPlanJson(diffToPlan(buildInput('2024-01-01T00:00:00.000Z')));
    const second = renderPlanJson(diffToPlan(buildInput('2024-01-01T00:00:00.000Z')));
    expect(second).toBe(first);
  });

  it('has a plan hash that ignores createdAt but covers everything apply acts on', () => {
    const early = diffToPlan(buildInput('2024-01-01T00:00:00.000Z'));
    const late = diffToPlan(buildInput('2030-06-01T00:00:00.000Z'));
    expect(late.planHash).toBe(early.planHash);
    const canonical = stringify({
      endpoint: early.endpoint,
      projects: early.projects.map(({ projectId, prune, remote, changes }) => ({
        projectId,
        prune,
        remote,
        changes,
      })),
    });
    expect(early.planHash).toBe(createHash('sha256').update(canonical!).digest('hex'));
    const edits: ((plan: typeof early) => void)[] = [
      (plan) => plan.projects[1]!.changes.pop(),
      (plan) => {
        plan.projects[0]!.remote.count += 1000;
      },
      (plan) => {
        plan.projects[0]!.projectId = 'another-project';
      },
      (plan) => {
        plan.endpoint = 'https://elsewhere.example/graphql';
      },
      (plan) => {
        // A key named __proto__, as JSON.parse reads it from an edited plan file.
        const changes = plan.projects[1]!.changes;
        const text = JSON.stringify(changes[0]).replace(/^\{/, '{"__proto__":{"priority":9},');
        changes[0] = JSON.parse(text);
      },
    ];
    for (const edit of edits) {
      const edited = structuredClone(early);
      edit(edited);
      expect(computePlanHash(edited)).not.toBe(early.planHash);
    }
  });
});
