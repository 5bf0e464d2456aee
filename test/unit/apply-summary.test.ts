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
});
