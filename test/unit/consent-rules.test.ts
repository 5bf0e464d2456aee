import { describe, expect, it } from 'vitest';
import {
  type DestructiveWrite,
  flagsOf,
  judgeConsent,
  missingConsent,
  type ProjectSends,
} from '../../src/plan/consent-rules.js';
import type { Change } from '../../src/plan/types.js';

const change = (externalId: string) => ({ action: 'delete', externalId }) as Change;
const remove = (externalId: string, labels?: number): DestructiveWrite => ({
  change: change(externalId),
  kind: 'delete',
  labels,
});

function sends(count: number, writes: DestructiveWrite[], extra: Partial<ProjectSends> = {}) {
  return {
    project: { projectId: 'p1', prune: true, remote: { count } },
    writes,
    conflicts: [],
    ...extra,
  } satisfies ProjectSends;
}

describe('judgeConsent', () => {
  it('asks for nothing when nothing destructive is sent', () => {
    expect(judgeConsent([sends(0, [])])).toEqual([]);
  });

  it('asks for --allow-delete for a few deletes, and --allow-mass-delete past half the project', () => {
    expect(flagsOf(judgeConsent([sends(10, [remove('a')])]))).toEqual(['--allow-delete']);
    expect(flagsOf(judgeConsent([sends(4, [remove('a'), remove('b')])]))).toEqual([
      '--allow-delete',
    ]);
    const mass = judgeConsent([sends(4, [remove('a'), remove('b'), remove('c')])]);
    expect(flagsOf(mass)).toEqual(['--allow-delete', '--allow-mass-delete']);
    expect(mass[1]).toMatchObject({
      reason: '1 project would lose more than half of its assets',
      details: ['project p1: 3 of 4 assets would be deleted'],
      projectIds: ['p1'],
    });
  });

  it('counts a mass delete against what prune: owned can delete', () => {
    const owned = sends(14, [remove('a'), remove('b'), remove('c')], {
      project: { projectId: 'p1', prune: 'owned', owner: 'cats', remote: { count: 14, owned: 4 } },
    });
    expect(flagsOf(judgeConsent([owned]))).toContain('--allow-mass-delete');
  });

  it('asks for --allow-label-loss first when a labeled asset is deleted, and names each flag once', () => {
    const needs = judgeConsent([sends(10, [remove('a', 2), remove('b', 0)])]);
    expect(flagsOf(needs)).toEqual(['--allow-label-loss', '--allow-delete']);
    expect(needs[0]?.details).toEqual([
      '! delete a: loses 2 labels',
      '! delete b: the asset is already labeled',
    ]);
  });

  it('asks for --take-ownership for a write to an asset another owner marked', () => {
    const conflict = sends(10, [], { conflicts: [{ change: change('x'), mark: 'dogs' }] });
    expect(flagsOf(judgeConsent([conflict]))).toEqual(['--take-ownership']);
  });

  it('says which projects need a flag, and which needs the flags given leave', () => {
    const other = {
      ...sends(100, [remove('z')]),
      project: { projectId: 'p2', prune: true, remote: { count: 100 } },
    };
    const needs = judgeConsent([sends(2, [remove('a'), remove('b')]), other]);
    expect(flagsOf(needs, 'p1')).toEqual(['--allow-delete', '--allow-mass-delete']);
    expect(flagsOf(needs, 'p2')).toEqual(['--allow-delete']);
    const left = missingConsent(needs, {
      allowDelete: true,
      allowMassDelete: false,
      allowLabelLoss: false,
    });
    expect(flagsOf(left)).toEqual(['--allow-mass-delete']);
  });
});
