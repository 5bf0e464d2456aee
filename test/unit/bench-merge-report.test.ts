import { describe, expect, it } from 'vitest';
import { resolveBenchConfig } from '../../bench/config.js';
import { mergeReport } from '../../bench/merge-report.js';
import type { Check, ResultRow } from '../../bench/outcome.js';
import { renderReport } from '../../bench/report.js';

const report = (rows: ResultRow[], checks: Check[], argv: string[] = []) =>
  renderReport({
    config: resolveBenchConfig(argv, {}),
    rows,
    checks,
    date: new Date('2026-01-01T00:00:00Z'),
    totalMs: 1_000,
  });
const row = (scenario: string, wallMs: number, notes: string[] = []): ResultRow => ({
  scenario,
  side: 'kili-sync',
  wallMs,
  notes,
});
const check = (name: string, measured: string): Check => ({
  kind: 'target',
  name,
  ok: true,
  measured,
});

describe('mergeReport (a run with --only)', () => {
  const previous = report(
    [row('plan a', 1_000, ['x|y']), row('plan b', 2_000), row('plan c', 3_000)],
    [check('plan a: fast', '1 s'), check('plan b: fast', '2 s'), check('plan c: fast', '3 s')],
  );

  it("replaces the measured scenarios' rows and checks in place and keeps every other", () => {
    const fresh = report([row('plan b', 9_000)], [check('plan b: fast', '9 s')], ['--only', 'b']);
    const merged = mergeReport(previous, fresh, 'b: 2026-01-02, `npm run bench -- --only b`');
    const results = merged.split('## Targets')[0]!;
    expect(results.indexOf('| plan a')).toBeLessThan(results.indexOf('| plan b'));
    expect(results.indexOf('| plan b')).toBeLessThan(results.indexOf('| plan c'));
    expect(results).toContain('9.00 s');
    expect(results).not.toContain('2.00 s');
    expect(results).toContain('x\\|y');
    expect(merged).toMatch(/\| plan b: fast \| met +\| 9 s /);
    expect(merged).not.toContain('| 2 s ');
    expect(merged).toContain('| plan c: fast | met    | 3 s');
    expect(merged).toContain('- Command: `npm run bench`');
    expect(merged).toContain('- Re-measured: b: 2026-01-02, `npm run bench -- --only b`');
  });

  it('adds a new scenario at the end, and a later re-run replaces its note', () => {
    const fresh = report([row('plan d', 4_000)], [check('plan d: fast', '4 s')]);
    const once = mergeReport(previous, fresh, 'd: first');
    const twice = mergeReport(once, fresh, 'd: second');
    expect(twice.indexOf('| plan c')).toBeLessThan(twice.indexOf('| plan d'));
    expect(twice.match(/\| plan d /g)).toHaveLength(1);
    expect(twice).toContain('- Re-measured: d: second');
    expect(twice).not.toContain('d: first');
  });

  it('is the fresh report when there is none before', () => {
    const fresh = report([row('plan d', 4_000)], []);
    expect(mergeReport(undefined, fresh, 'd: now')).toBe(fresh);
  });
});
