import { evaluateTargets } from '../evaluate-targets.js';
import type { DriftCounts } from '../generate-data.js';
import type { PlanFigures, PlanJob } from '../jobs.js';
import { computeProtocolBound, governingRate, runJobInChild } from '../measure.js';
import {
  type Check,
  countRequests,
  type ResultRow,
  type ScenarioContext,
  type ScenarioOutcome,
} from '../outcome.js';

export interface PlanScenario {
  name: string;
  manifest: string;
  projectId: string;
  /** Assets the project holds. */
  remoteCount: number;
  /** Assets the manifest declares. */
  declared: number;
  /** The plan both sides must find. */
  expected: DriftCounts;
  /** Prune off with a small slice declared: kili-sync reads only the declared IDs. */
  partialRead: boolean;
  /** Whether the targets for this scenario are evaluated. */
  withTargets: boolean;
}

/** Runs kili-sync's plan and the sequential baseline's, one after the other, and compares. */
export async function runPlanScenario(
  context: ScenarioContext,
  scenario: PlanScenario,
): Promise<ScenarioOutcome> {
  const { config, endpoint } = context;
  const job = (side: PlanJob['side']): PlanJob => ({
    kind: 'plan',
    side,
    endpoint,
    manifest: scenario.manifest,
    projectId: scenario.projectId,
    baselineReadsDeclaredOnly: scenario.partialRead,
  });
  context.log(`${scenario.name}: kili-sync`);
  const ours = await runJobInChild<PlanFigures>(job('kili-sync'), { inProcess: context.inProcess });
  context.log(`${scenario.name}: baseline`);
  const theirs = await runJobInChild<PlanFigures>(job('baseline'), {
    inProcess: context.inProcess,
  });

  const rows: ResultRow[] = [];
  const checks: Check[] = [];
  const readSize = scenario.partialRead ? scenario.declared : scenario.remoteCount;
  const budget = Math.ceil(readSize / 100) + 5;
  for (const [side, report] of [
    ['kili-sync', ours],
    ['baseline', theirs],
  ] as const) {
    const requests = report.figures.emulator.requests;
    const total = countRequests(requests);
    const concurrency = side === 'kili-sync' ? endpoint.concurrency : 1;
    const rate = governingRate(side, endpoint.rateLimitPerMinute);
    const bound = computeProtocolBound(total, config.latencyMs, concurrency, rate);
    const { summary } = report.figures;
    rows.push({
      scenario: scenario.name,
      side,
      wallMs: report.wallMs,
      cpuMs: report.cpuMs,
      requests,
      maxRssBytes: report.maxRssBytes,
      speedup: side === 'kili-sync' ? theirs.wallMs / ours.wallMs : undefined,
      bound,
      notes: [
        `plan: +${summary.add} ~${summary.update} -${summary.delete}, ${summary.unchanged} unchanged`,
        ...(report.figures.clientRetries > 0 ? [`${report.figures.clientRetries} retries`] : []),
      ],
    });
    const planOk =
      summary.add === scenario.expected.adds &&
      summary.update === scenario.expected.updates &&
      summary.delete === 0 &&
      summary.rename === 0;
    checks.push({
      kind: 'correctness',
      name: `${scenario.name} (${side}): plan finds exactly the drift`,
      ok: planOk,
      measured: `+${summary.add} ~${summary.update} -${summary.delete}; expected +${scenario.expected.adds} ~${scenario.expected.updates} -0`,
      cause: planOk ? undefined : 'the plan differs from the generated drift',
    });
  }

  const ourRequests = countRequests(ours.figures.emulator.requests);
  const requestsOk = ourRequests <= budget;
  checks.push({
    kind: scenario.withTargets || scenario.partialRead ? 'both' : 'correctness',
    name: `${scenario.name}: kili-sync requests ≤ ceil(${readSize}/100) + 5 = ${budget}`,
    ok: requestsOk,
    measured: `${ourRequests} requests`,
    cause: requestsOk ? undefined : describeRequests(ours.figures.emulator.requests),
  });
  if (scenario.withTargets) checks.push(...evaluateTargets(scenario.name, rows, config.latencyMs));
  return { rows, checks };
}

function describeRequests(requests: Record<string, number>): string {
  return Object.entries(requests)
    .map(([field, n]) => `${field} ${n}`)
    .join(', ');
}
