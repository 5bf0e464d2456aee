import type { SideRuns } from '../fastest-alternating.js';
import { describeRuns, runAlternating } from '../fastest-alternating.js';
import type { DriftCounts } from '../generate-data.js';
import type { PureDiffFigures } from '../jobs.js';
import { type ChildReport, runJobInChild } from '../measure.js';
import type { Check, ResultRow, ScenarioContext, ScenarioOutcome } from '../outcome.js';
import { evaluateRatioTarget } from '../ratio-target.js';

const MAX_RATIO_TO_MAP_JOIN = 3;

/**
 * Times `diffToPlan` alone on generated N × N data and the Map join of the same records (the
 * floor for any diff) in turn, each in its own process, and compares their CPU times.
 */
export async function runPureDiffScenario(
  context: ScenarioContext,
  size: number,
  expected: DriftCounts,
): Promise<ScenarioOutcome> {
  const name = `pure diff ${size.toLocaleString('en-US')} × ${size.toLocaleString('en-US')}`;
  const options = { inProcess: context.inProcess };
  context.log(`${name}: planner and reference (Map join), ${context.config.repeats}× each`);
  const { ours, reference } = await runAlternating(
    context.config.repeats,
    'cpuMs',
    () => runJobInChild<PureDiffFigures>({ kind: 'pure-diff', size }, options),
    () => runJobInChild<PureDiffFigures>({ kind: 'map-join', size }, options),
  );

  const checks: Check[] = [];
  for (const [who, runs] of [
    ['plan', ours],
    ['Map join', reference],
  ] as const) {
    const wrong = runs.all.find(({ figures: { summary } }) => !matches(summary, expected));
    const { summary } = (wrong ?? runs.fastest).figures;
    checks.push({
      kind: 'correctness',
      name: `${name}: ${who} finds exactly the drift`,
      ok: wrong === undefined,
      measured: `+${summary.add} ~${summary.update}; expected +${expected.adds} ~${expected.updates}`,
      cause: wrong ? `the ${who} differs from the generated drift` : undefined,
    });
  }
  checks.push(
    evaluateRatioTarget({
      scenario: name,
      figure: 'CPU',
      measuredMs: ours.fastest.cpuMs,
      referenceMs: reference.fastest.cpuMs,
      reference: 'a Map join by external ID',
      maxRatio: MAX_RATIO_TO_MAP_JOIN,
      cause:
        'beyond the lookup: normalising every field of every asset, building and sorting the change records, hashing the plan',
    }),
  );
  const row = (
    side: ResultRow['side'],
    runs: SideRuns<ChildReport<PureDiffFigures>>,
    label: string,
  ): ResultRow => {
    const { summary } = runs.fastest.figures;
    return {
      scenario: name,
      side,
      wallMs: runs.fastest.wallMs,
      cpuMs: runs.fastest.cpuMs,
      maxRssBytes: runs.fastest.maxRssBytes,
      notes: [
        `${label}: +${summary.add} ~${summary.update}, ${summary.unchanged} unchanged`,
        ...describeRuns(runs, 'cpuMs'),
      ],
    };
  };
  return {
    rows: [row('kili-sync (pure)', ours, 'plan'), row('reference (Map join)', reference, 'join')],
    checks,
  };
}

function matches(summary: PureDiffFigures['summary'], expected: DriftCounts): boolean {
  return summary.add === expected.adds && summary.update === expected.updates;
}
