import { describe, expect, it } from 'vitest';
import { resolveBenchConfig } from '../../bench/config.js';
import { mergePartialRun } from '../../bench/merge-results.js';
import type { Check, ResultRow } from '../../bench/outcome.js';
import { renderReport } from '../../bench/report.js';

const row = (scenario: string, wallMs: number, note = ''): ResultRow => ({
  scenario,
  side: 'kili-sync (CLI)',
  wallMs,
  notes: note ? [note] : [],
});
const target = (name: string, measured: string): Check => ({
  kind: 'target',
  name,
  ok: true,
  measured,
});

function report(argv: string[], rows: ResultRow[], checks: Check[], date: string): string {
  return renderReport({
    config: resolveBenchConfig(argv, {}),
    rows,
    checks,
    date: new Date(date),
    totalMs: 1_000,
  });
}

describe('mergePartialRun', () => {
  const full = report(
    [],
    [row('plan 10 assets', 5_000), row('startup', 900, 'old|note'), row('validate', 3_000)],
    [
      target('plan 10 assets: fast', '5 s'),
      target('startup: < 200 ms wall', '900 ms'),
      target('validate: < 5 s', '3 s'),
    ],
    '2024-01-01T00:00:00Z',
  );
  const partial = report(
    ['--only', 'startup'],
    [row('startup', 150)],
    [target('startup: < 200 ms wall', '150 ms')],
    '2024-02-02T00:00:00Z',
  );
  const note = '- Partial run: `npm run bench -- --only startup` on 2024-02-02: startup';
  const merged = mergePartialRun(full, { report: partial, scenarios: ['startup'], note });

  it('replaces the rows and checks of the scenarios it ran, in place', () => {
    const lines = merged.split('\n');
    const results = lines.filter((line) => /^\| (plan 10|startup|validate)[ :]/.test(line));
    expect(results.map((line) => line.split('|')[1]?.trim())).toEqual([
      'plan 10 assets',
      'startup',
      'validate',
      'plan 10 assets: fast',
      'startup: < 200 ms wall',
      'validate: < 5 s',
    ]);
    expect(merged).toMatch(/\| startup +\| kili-sync \(CLI\) \| +150 ms \|/);
    expect(merged).toMatch(/\| startup: < 200 ms wall \| met +\| 150 ms/);
    expect(merged).not.toContain('900 ms');
  });

  it('keeps every other row as it was, escapes included', () => {
    expect(merged).toMatch(/\| plan 10 assets +\| kili-sync \(CLI\) \| +5\.00 s \|/);
    expect(report([], [row('x', 1, 'a|b')], [], '2024-01-01T00:00:00Z')).toContain('a\\|b');
    const again = mergePartialRun(merged, { report: partial, scenarios: ['startup'], note });
    expect(again).toBe(merged);
  });

  it("keeps the full run's header lines and says where the merged rows come from", () => {
    expect(merged).toContain('- Date: 2024-01-01T00:00:00.000Z');
    expect(merged).toContain('- Command: `npm run bench`\n');
    expect(merged).not.toContain('- Date: 2024-02-02');
    expect(merged.match(/- Partial run: /g)).toHaveLength(1);
    expect(merged).toContain(note);
  });
});
