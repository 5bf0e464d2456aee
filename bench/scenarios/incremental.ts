import { join } from 'node:path';
import type { PlanFigures, PlanJob } from '../jobs.js';
import { computeProtocolBound, governingRate, runJobInChild } from '../measure.js';
import {
  type Check,
  countRequests,
  formatDuration,
  type ResultRow,
  type ScenarioContext,
} from '../outcome.js';
import {
  applyRemoteChanges,
  countChanges,
  deleteRemoteAssets,
  TWO_HUNDRED_CHANGES,
} from '../remote-changes.js';

export interface IncrementalScenario {
  manifest: string;
  project: { id: string; prefix: string; total: number };
  /** Assets deleted remotely before the second re-plan (none: no second re-plan). */
  deletes: number;
}

const TARGET_SPEEDUP = 20;
const CALLS_WITHOUT_DELETES = 10;

/**
 * "re-plan N assets after 200 remote changes and 1% local drift": a plan writes the snapshot
 * (unmeasured, a full read), another client changes 200 assets, then the same manifests are
 * planned three ways side by side: from the snapshot (incremental), by a full read, and by the
 * SDK-style baseline. All three plans must be identical. Then, with a few remote deletes, the
 * incremental plan again against a full read, within the call budget for locating deletions.
 */
export async function runIncrementalScenario(
  context: ScenarioContext,
  scenario: IncrementalScenario,
): Promise<{ rows: ResultRow[]; checks: Check[] }> {
  const { config, endpoint } = context;
  const total = scenario.project.total;
  const cacheDir = join(context.workDir, 'incremental-cache');
  const job = (side: PlanJob['side'], cache: boolean): PlanJob => ({
    kind: 'plan',
    side,
    endpoint,
    manifest: scenario.manifest,
    projectId: scenario.project.id,
    baselineReadsDeclaredOnly: false,
    cacheDir: cache ? cacheDir : undefined,
  });
  const run = (side: PlanJob['side'], cache: boolean) =>
    runJobInChild<PlanFigures>(job(side, cache), { inProcess: context.inProcess });
  const count = total.toLocaleString('en-US');
  const changes = countChanges(TWO_HUNDRED_CHANGES);
  const name = `re-plan ${count} assets after ${changes} remote changes and 1% local drift`;

  context.log(`${name}: the plan that writes the snapshot (unmeasured)`);
  const first = await run('kili-sync', true);
  if (first.figures.read?.method !== 'full') {
    throw new Error(`the first plan read ${first.figures.read?.method}, expected a full read`);
  }
  await applyRemoteChanges(endpoint, scenario.project, TWO_HUNDRED_CHANGES);

  const rows: ResultRow[] = [];
  const checks: Check[] = [];
  const row = (side: ResultRow['side'], report: Awaited<ReturnType<typeof run>>, of: string) => {
    const requests = report.figures.emulator.requests;
    const concurrency = side === 'baseline' ? 1 : endpoint.concurrency;
    const rate = governingRate(
      side === 'baseline' ? 'baseline' : 'kili-sync',
      endpoint.rateLimitPerMinute,
    );
    const { summary, read } = report.figures;
    const result: ResultRow = {
      scenario: of,
      side,
      wallMs: report.wallMs,
      cpuMs: report.cpuMs,
      requests,
      maxRssBytes: report.maxRssBytes,
      bound: computeProtocolBound(countRequests(requests), config.latencyMs, concurrency, rate),
      notes: [
        `plan: +${summary.add} ~${summary.update} -${summary.delete}, ${summary.unchanged} unchanged`,
        ...(read
          ? [`read: ${read.method}${read.deletions ? `, deletions ${read.deletions}` : ''}`]
          : []),
      ],
    };
    rows.push(result);
    return result;
  };

  context.log(`${name}: incremental`);
  const incremental = await run('kili-sync', true);
  context.log(`${name}: full read`);
  const full = await run('kili-sync', false);
  context.log(`${name}: baseline`);
  const baseline = await run('baseline', false);
  const incrementalRow = row('kili-sync (incremental)', incremental, name);
  const fullRow = row('kili-sync (full read)', full, name);
  const baselineRow = row('baseline', baseline, name);
  incrementalRow.speedup = baselineRow.wallMs / incrementalRow.wallMs;
  fullRow.speedup = baselineRow.wallMs / fullRow.wallMs;

  const calls = countRequests(incremental.figures.emulator.requests);
  const speedup = fullRow.wallMs / incrementalRow.wallMs;
  incrementalRow.notes.push(`${speedup.toFixed(1)}× faster than the full read`);
  checks.push(
    identicalPlans(name, incremental, [
      ['full read', full],
      ['baseline', baseline],
    ]),
    {
      kind: 'both',
      name: `${name}: incremental requests ≤ ${CALLS_WITHOUT_DELETES}`,
      ok: calls <= CALLS_WITHOUT_DELETES,
      measured: `${calls} requests`,
    },
    {
      kind: 'target',
      name: `${name}: incremental ≥ ${TARGET_SPEEDUP}× faster than the full read`,
      ok: speedup >= TARGET_SPEEDUP,
      measured: `${speedup.toFixed(1)}× (${formatDuration(fullRow.wallMs)} → ${formatDuration(incrementalRow.wallMs)})`,
      cause:
        speedup >= TARGET_SPEEDUP
          ? undefined
          : 'the incremental plan still loads and diffs every declared asset locally',
    },
  );

  if (scenario.deletes > 0) {
    const deleted = `re-plan ${count} assets after ${scenario.deletes} remote deletes`;
    await deleteRemoteAssets(endpoint, scenario.project, scenario.deletes);
    context.log(`${deleted}: incremental`);
    const located = await run('kili-sync', true);
    context.log(`${deleted}: full read`);
    const fullAgain = await run('kili-sync', false);
    const locatedRow = row('kili-sync (incremental)', located, deleted);
    const fullAgainRow = row('kili-sync (full read)', fullAgain, deleted);
    const perDelete = 2 * (Math.log2(total / 100) + 1);
    const budget = Math.floor(CALLS_WITHOUT_DELETES + perDelete * scenario.deletes);
    const locatedCalls = countRequests(located.figures.emulator.requests);
    const locatedSpeedup = fullAgainRow.wallMs / locatedRow.wallMs;
    locatedRow.notes.push(`${locatedSpeedup.toFixed(1)}× faster than the full read`);
    checks.push(identicalPlans(deleted, located, [['full read', fullAgain]]), {
      kind: 'both',
      name: `${deleted}: incremental requests ≤ ${CALLS_WITHOUT_DELETES} + 2 × (log2(${total}/100) + 1) × ${scenario.deletes} = ${budget}`,
      ok: locatedCalls <= budget,
      measured: `${locatedCalls} requests`,
    });
  }
  return { rows, checks };
}

/** The incremental plan must be the others' byte for byte (creation time and read facts aside). */
function identicalPlans(
  name: string,
  incremental: { figures: PlanFigures },
  others: [string, { figures: PlanFigures }][],
): Check {
  const read = incremental.figures.read;
  const differing = others.filter(
    ([, other]) => other.figures.planDigest !== incremental.figures.planDigest,
  );
  const ok = read?.method === 'incremental' && differing.length === 0;
  return {
    kind: 'correctness',
    name: `${name}: the incremental plan is identical to the ${others.map(([side]) => side).join(' and the ')}`,
    ok,
    measured: `read ${read?.method ?? 'n/a'}; plan ${differing.length === 0 ? 'identical' : `differs from the ${differing.map(([side]) => side).join(', ')}`}`,
    cause: ok ? undefined : 'the snapshot was not used, or gave another plan',
  };
}
