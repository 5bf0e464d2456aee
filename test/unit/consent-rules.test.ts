import { describe, expect, it } from 'vitest';
import { consentFlagsFor } from '../../src/plan/consent-rules.js';
import type { Change } from '../../src/plan/types.js';

const del = (externalId: string, blocked?: string) =>
  ({ action: 'delete', externalId, ...(blocked ? { blocked, labels: 1 } : {}) }) as Change;
const add = (externalId: string) => ({ action: 'add', externalId }) as Change;

describe('consentFlagsFor', () => {
  it('asks for nothing when nothing is deleted or blocked', () => {
    expect(consentFlagsFor({ changes: [add('a')], remote: { count: 0 } } as never)).toEqual([]);
  });

  it('asks for --allow-delete for a few deletes, and --allow-mass-delete past half the project', () => {
    const few = { changes: [del('a')], remote: { count: 10 } } as never;
    const half = { changes: [del('a'), del('b')], remote: { count: 4 } } as never;
    const more = { changes: [del('a'), del('b'), del('c')], remote: { count: 4 } } as never;
    expect(consentFlagsFor(few)).toEqual(['--allow-delete']);
    expect(consentFlagsFor(half)).toEqual(['--allow-delete']);
    expect(consentFlagsFor(more)).toEqual(['--allow-delete', '--allow-mass-delete']);
  });

  it('asks for --allow-label-loss first when labeled work would be lost', () => {
    const project = { changes: [del('a', 'labeled')], remote: { count: 10 } } as never;
    expect(consentFlagsFor(project)).toEqual(['--allow-label-loss', '--allow-delete']);
  });
});
