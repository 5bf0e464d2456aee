import { evaluateTargets } from '../evaluate-targets.js';
import type { ApplyFigures, ApplyJob } from '../jobs.js';
import {
  type ChildReport,
  computeProtocolBound,
  governingRate,
  runJobInChild,
} from '../measure.js';
import {
  type Check,
  countRequests,
  type ResultRow,
  type ScenarioContext,
  type ScenarioOutcome,
} from '../outcome.js';

export type ApplyKind = 'append' | 'update' | 'delete';

/** One side of an apply comparison: its own project, seeded like the other side's. */
export interface ApplyTarget {
  manifest: string;
  projectId: string;
}

export interface ApplyScenario {
  name: string;
  kind: ApplyKind;
  /** Changes of `kind` the plan holds. */
  changes: number;
  /** Assets each project must hold afterwards. */
  expectedAssets: number;
  ours: ApplyTarget;
  theirs: ApplyTarget;
}

const MUTATION_OF: Record<ApplyKind, string> = {
  append: 'appendManyAssets',
  update: 'updatePropertiesInAssets',
  delete: 'deleteManyFromDataset',
};

/** Applies the same kind of plan with kili-sync and with sequential batches, and compares. */
export async function runApplyScenario(
  context: ScenarioContext,
  scenario: ApplyScenario,
): Promise<ScenarioOutcome> {
  const { endpoint, config } = context;
  const job = (side: ApplyJob['side'], target: ApplyTarget): ApplyJob => ({
    kind: 'apply',
    side,
    endpoint,
    manifest: target.manifest,
    projectId: target.projectId,
    maxRounds: 1,
  });
  context.log(`${scenario.name}: kili-sync`);
  const ours = await runJobInChild<ApplyFigures>(job('kili-sync', scenario.ours), {
    inProcess: context.inProcess,
  });
  context.log(`${scenario.name}: baseline`);
  const theirs = await runJobInChild<ApplyFigures>(job('baseline', scenario.theirs), {
    inProcess: context.inProcess,
  });

  const rows: ResultRow[] = [];
  const checks: Check[] = [];
  const sides = [
    ['kili-sync', ours, scenario.ours],
    ['baseline', theirs, scenario.theirs],
  ] as const;
  for (const [side, report, target] of sides) {
    const { figures } = report;
    const requests = figures.emulator.requests;
    const concurrency = side === 'kili-sync' ? endpoint.concurrency : 1;
    rows.push({
      scenario: scenario.name,
      side,
      wallMs: report.wallMs,
      cpuMs: report.cpuMs,
      requests,
      maxRssBytes: report.maxRssBytes,
      speedup: side === 'kili-sync' ? theirs.wallMs / ours.wallMs : undefined,
      bound: computeProtocolBound(
        countRequests(requests),
        config.latencyMs,
        concurrency,
        governingRate(side, endpoint.rateLimitPerMinute),
      ),
      notes: [
        `${figures.added} added, ${figures.changed} changed, ${figures.deleted} deleted, ${figures.failed} failed`,
        ...(figures.clientRetries > 0 ? [`${figures.clientRetries} retries`] : []),
      ],
    });
    checks.push(...checkSide(scenario, side, report, target));
  }

  const calls = ours.figures.emulator.requests[MUTATION_OF[scenario.kind]] ?? 0;
  const allowed = Math.ceil(scenario.changes / 100);
  checks.push({
    kind: 'both',
    name: `${scenario.name}: kili-sync ${MUTATION_OF[scenario.kind]} calls ≤ ceil(${scenario.changes}/100) = ${allowed}`,
    ok: calls <= allowed,
    measured: `${calls} calls (${countRequests(ours.figures.emulator.requests)} requests in all)`,
    cause: calls <= allowed ? undefined : 'batches were split or resent',
  });
  checks.push(...evaluateTargets(scenario.name, rows, config.latencyMs));
  return { rows, checks };
}

function checkSide(
  scenario: ApplyScenario,
  side: string,
  report: ChildReport<ApplyFigures>,
  target: ApplyTarget,
): Check[] {
  const { figures } = report;
  const planned = {
    append: figures.planned.add,
    update: figures.planned.update,
    delete: figures.planned.delete,
  }[scenario.kind];
  const done = { append: figures.added, update: figures.changed, delete: figures.deleted }[
    scenario.kind
  ];
  const assets = figures.emulator.projects[target.projectId]?.assets;
  const ok =
    planned === scenario.changes &&
    done === scenario.changes &&
    figures.failed === 0 &&
    assets === scenario.expectedAssets;
  return [
    {
      kind: 'correctness',
      name: `${scenario.name} (${side}): every change applied once, project holds ${scenario.expectedAssets} assets`,
      ok,
      measured: `planned ${planned}, applied ${done}, failed ${figures.failed}, project holds ${assets ?? 'n/a'}`,
      cause: ok ? undefined : 'changes missing, failed or duplicated',
    },
  ];
}
