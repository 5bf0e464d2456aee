import { describe, expect, it } from 'vitest';
import { createEmptyResult } from '../../src/apply/apply-result.js';
import { formatApplySummary } from '../../src/render/render-apply-result.js';

describe('formatApplySummary', () => {
  it('counts the added assets whose follow-up fields are still pending after Ctrl-C', () => {
    const result = { ...createEmptyResult(), added: 1700, interrupted: true };
    result.pending = [
      { projectId: 'p', externalId: 'a', fields: ['priority'] },
      { projectId: 'p', externalId: 'b', fields: ['priority', 'toBeLabeledBy'] },
    ];
    expect(formatApplySummary(result)).toBe(
      'Apply interrupted: 1700 added, 0 changed, 0 renamed, 0 deleted before stopping. 2 of the added assets still lack the fields set after the append (priority, labelers, marks); a rerun sets them.',
    );
  });

  it('counts adds another run had made apart, so runs add up to what was created', () => {
    const result = { ...createEmptyResult(), added: 1000, alreadyAdded: 1000 };
    expect(formatApplySummary(result)).toBe(
      'Apply complete! 1000 added, 1000 already added by another run, 0 changed, 0 renamed, 0 deleted.',
    );
    expect(formatApplySummary({ ...result, alreadyAdded: 0 })).toBe(
      'Apply complete! 1000 added, 0 changed, 0 renamed, 0 deleted.',
    );
  });
});
