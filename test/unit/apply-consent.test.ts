import { describe, expect, it } from 'vitest';
import { type Consent, checkConsent, requiredConsent } from '../../src/apply/consent.js';
import { KiliSyncError } from '../../src/errors.js';
import type { Change, DeleteChange, Plan, UpdateChange } from '../../src/plan/types.js';

function remove(externalId: string, extra: Partial<DeleteChange> = {}): DeleteChange {
  return {
    action: 'delete',
    externalId,
    assetId: `id-${externalId}`,
    updatedAt: '2024-01-01T00:00:00.000Z',
    labels: 0,
    reason: 'prune',
    ...extra,
  };
}

function contentChange(externalId: string, labels: number): UpdateChange {
  return {
    action: 'update',
    externalId,
    assetId: `id-${externalId}`,
    updatedAt: '2024-01-01T00:00:00.000Z',
    fields: { content: { before: 'https://a', after: 'https://b' } },
    labels,
    blocked: 'content-change-labeled',
  };
}

function plan(...projects: { id: string; count: number; changes: Change[] }[]): Plan {
  return {
    formatVersion: 1,
    generator: 'kili-sync test',
    createdAt: '2024-01-01T00:00:00.000Z',
    endpoint: 'http://127.0.0.1/api/label/v2/graphql',
    planHash: 'x',
    projects: projects.map(({ id, count, changes }) => ({
      projectId: id,
      prune: true,
      remote: { count },
      summary: { add: 0, update: 0, rename: 0, delete: 0, unchanged: 0, blocked: 0 },
      changes,
      warnings: [],
    })),
  };
}

/** Consent judged with each touched asset labeled as its change says (the tests' Kili). */
function checkWithPlanLabels(checked: Plan, consent: Consent): void {
  const current = new Map(
    checked.projects.flatMap((project) =>
      project.changes.flatMap((change) =>
        change.action === 'add'
          ? []
          : [
              [
                change.assetId,
                { labelCount: change.labels, status: change.labels > 0 ? 'LABELED' : 'TODO' },
              ] as const,
            ],
      ),
    ),
  );
  checkConsent(requiredConsent(checked, current), consent);
}

const none: Consent = { allowDelete: false, allowMassDelete: false, allowLabelLoss: false };
const all: Consent = { allowDelete: true, allowMassDelete: true, allowLabelLoss: true };

function refusal(run: () => void): KiliSyncError {
  try {
    run();
  } catch (error) {
    if (error instanceof KiliSyncError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('checkConsent', () => {
  it('accepts a plan without deletes or blocked changes with no consent at all', () => {
    const safe = plan({
      id: 'p1',
      count: 1,
      changes: [{ action: 'add', externalId: 'a', fields: {}, metadataToWrite: {} }],
    });
    expect(() => checkWithPlanLabels(safe, none)).not.toThrow();
  });

  it('refuses any delete without allowDelete, listing it', () => {
    const error = refusal(() =>
      checkWithPlanLabels(plan({ id: 'p1', count: 10, changes: [remove('gone')] }), none),
    );
    expect(error.code).toBe('REFUSED');
    expect(error.exitCode).toBe(1);
    expect(error.details).toEqual(['- delete gone (p1)']);
    expect(error.hint).toContain('--allow-delete');
    expect(error.hint).not.toContain('--allow-mass-delete');
    expect(() =>
      checkWithPlanLabels(plan({ id: 'p1', count: 10, changes: [remove('gone')] }), {
        ...none,
        allowDelete: true,
      }),
    ).not.toThrow();
  });

  it('refuses deleting more than half of a project even with allowDelete', () => {
    const wipe = plan({ id: 'p1', count: 4, changes: [remove('a'), remove('b'), remove('c')] });
    const error = refusal(() => checkWithPlanLabels(wipe, { ...none, allowDelete: true }));
    expect(error.message).toContain('more than half');
    expect(error.details).toEqual(['project p1: 3 of 4 assets would be deleted']);
    expect(error.hint).toContain('--allow-mass-delete');
    expect(error.hint).not.toContain('--allow-delete ');
    // Mass-delete consent alone does not stand in for delete consent.
    expect(
      refusal(() => checkWithPlanLabels(wipe, { ...none, allowMassDelete: true })).hint,
    ).toContain('--allow-delete');
    expect(() =>
      checkWithPlanLabels(wipe, { ...none, allowDelete: true, allowMassDelete: true }),
    ).not.toThrow();
  });

  it('allows deleting exactly half without allowMassDelete', () => {
    const half = plan({ id: 'p1', count: 4, changes: [remove('a'), remove('b')] });
    expect(() => checkWithPlanLabels(half, { ...none, allowDelete: true })).not.toThrow();
  });

  it('judges each project on its own asset count', () => {
    const twoProjects = plan(
      { id: 'big', count: 100, changes: [remove('a')] },
      { id: 'small', count: 1, changes: [remove('b')] },
    );
    const error = refusal(() => checkWithPlanLabels(twoProjects, { ...none, allowDelete: true }));
    expect(error.details).toEqual(['project small: 1 of 1 assets would be deleted']);
  });

  it('refuses blocked changes without allowLabelLoss, whatever the other flags', () => {
    const labeled = plan({
      id: 'p1',
      count: 10,
      changes: [remove('labeled', { labels: 2, blocked: 'delete-labeled' }), contentChange('c', 1)],
    });
    const error = refusal(() => checkWithPlanLabels(labeled, { ...all, allowLabelLoss: false }));
    expect(error.message).toContain('2 changes would lose labels');
    expect(error.details).toEqual([
      '! delete labeled: loses 2 labels',
      '! replace the content of c: loses 1 label',
    ]);
    expect(error.hint).toContain('--allow-label-loss');
    expect(() => checkWithPlanLabels(labeled, all)).not.toThrow();
  });

  it('names every missing consent at once and caps long lists', () => {
    const deletes = Array.from({ length: 30 }, (_, i) => remove(`d${i}`));
    const error = refusal(() =>
      checkWithPlanLabels(plan({ id: 'p1', count: 30, changes: deletes }), none),
    );
    expect(error.hint).toContain('--allow-delete --allow-mass-delete');
    const deleteLines = error.details.filter((line) => line.startsWith('- delete'));
    expect(deleteLines).toHaveLength(20);
    expect(error.details).toContain('… and 10 more');
  });
});
