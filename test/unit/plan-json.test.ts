import stringify from 'safe-stable-stringify';
import { describe, expect, it } from 'vitest';
import { KiliSyncError } from '../../src/errors.js';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import { parsePlanJson } from '../../src/plan/plan-document.js';
import { renderPlanJson } from '../../src/render/render-json.js';
import { writePlanJson } from '../../src/render/write-plan-json.js';
import { buildSamplePlan, desired, planInput, remote } from './plan-builders.js';

function catchError(run: () => unknown): KiliSyncError {
  try {
    run();
  } catch (error) {
    if (error instanceof KiliSyncError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('renderPlanJson / parsePlanJson', () => {
  it('round-trips through the schema to an equal plan', () => {
    const plan = buildSamplePlan();
    const text = renderPlanJson(plan);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parsePlanJson(text, 'plan.json')).toEqual(plan);
  });

  it('round-trips a plan with no changes', () => {
    const plan = diffToPlan(
      planInput({ projects: [{ assets: [desired('a')], remote: [remote('a')] }] }),
    );
    expect(plan.projects[0]!.changes).toEqual([]);
    expect(parsePlanJson(renderPlanJson(plan), 'plan.json')).toEqual(plan);
  });

  it('streams the same bytes as one canonical stringify, in bounded pieces', () => {
    const many = diffToPlan(
      planInput({
        projects: [
          {
            prune: true,
            assets: Array.from({ length: 3_000 }, (_, i) =>
              desired(`asset-${i}`, { priority: i % 7, jsonMetadata: { i, tags: ['a', 'b'] } }),
            ),
            remote: [remote('gone', {})],
          },
          { projectId: 'empty', assets: [], remote: [] },
        ],
      }),
    );
    for (const plan of [buildSamplePlan(), many]) {
      const chunks: string[] = [];
      writePlanJson(plan, (chunk) => chunks.push(chunk));
      expect(chunks.join('')).toBe(`${stringify(plan, null, 2)}\n`);
      expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(1 << 17);
    }
  });

  it('writes keys in a stable order', () => {
    const text = renderPlanJson(buildSamplePlan());
    expect(text.indexOf('"createdAt"')).toBeLessThan(text.indexOf('"formatVersion"'));
    expect(text).toMatch(/^ {2}"createdAt"/m);
  });

  const valid = JSON.parse(renderPlanJson(buildSamplePlan()));
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"formatVersion": 1,', /not valid JSON/],
    ['not a plan', '[1, 2]', /no formatVersion/],
    [
      'a newer format',
      JSON.stringify({ ...valid, formatVersion: 2 }),
      /version 2 is not supported/,
    ],
    [
      'an unknown action',
      JSON.stringify({
        ...valid,
        projects: [{ ...valid.projects[0], changes: [{ action: 'explode', externalId: 'x' }] }],
      }),
      /schema/,
    ],
    [
      'a delete without assetId',
      JSON.stringify({
        ...valid,
        projects: [
          { ...valid.projects[0], changes: [{ action: 'delete', externalId: 'x', labels: 0 }] },
        ],
      }),
      /schema/,
    ],
    [
      'an edited change',
      JSON.stringify({
        ...valid,
        projects: [
          { ...valid.projects[0], changes: valid.projects[0].changes.slice(1) },
          valid.projects[1],
        ],
      }),
      /planHash does not match/,
    ],
  ];

  it.each(cases)('rejects %s with PLAN_INVALID and a hint', (_name, text, message) => {
    const error = catchError(() => parsePlanJson(text, 'saved.json'));
    expect(error.code).toBe('PLAN_INVALID');
    expect(error.message).toMatch(message);
    expect(error.message).toContain('saved.json');
    expect(error.hint).toBeTruthy();
  });

  it('names the offending place for schema errors', () => {
    const broken = structuredClone(valid);
    broken.projects[0].changes[0].metadataToWrite = 'nope';
    const error = catchError(() => parsePlanJson(JSON.stringify(broken), 'saved.json'));
    expect(error.details.join('\n')).toContain('/projects/0/changes/0');
  });
});
