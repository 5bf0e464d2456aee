import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { executePlan } from '../../src/apply/execute.js';
import { KiliClient } from '../../src/kili/client.js';
import { assetsTouchedBy, type RemoteAsset } from '../../src/plan/remote-state.js';
import type { Plan } from '../../src/plan/types.js';
import { readAndPlan } from '../../src/workflows/plan.js';
import { applyPlanSequentially } from '../baseline-apply.js';
import { BaselineClient } from '../baseline-client.js';
import { createBenchRuntime } from '../child/bench-runtime.js';
import { fetchStats, resetStats } from '../emulator-harness.js';
import type { ApplyFigures, ApplyJob } from '../jobs.js';
import { timeSection } from '../measure.js';
import { summarizePlan } from './summarize-plan.js';

interface RoundTotals {
  added: number;
  changed: number;
  deleted: number;
  firstRoundFailed: number;
  failed: number;
  rounds: number;
  clientRetries: number;
}

/**
 * Plans a manifest (not measured), then measures applying it: kili-sync's `executePlan`, or the
 * SDK-style sequential batches. kili-sync may get further rounds (plan again, apply what is
 * left), as a user rerunning `apply` after an incomplete run would.
 */
export async function runApplyJob(job: ApplyJob) {
  const { endpoint } = job;
  const first = await planManifest(job);
  await sleep(endpoint.settleMs);
  await resetStats(endpoint.graphqlUrl, endpoint.apiKey);
  const measured = await timeSection(() =>
    job.side === 'kili-sync' ? applyInRounds(job, first) : applyWithBaseline(job, first),
  );
  const figures: ApplyFigures = {
    planned: summarizePlan(first.plan),
    ...measured.value,
    emulator: await fetchStats(endpoint.graphqlUrl, endpoint.apiKey),
  };
  return { wallMs: measured.wallMs, cpuMs: measured.cpuMs, figures };
}

async function planManifest(job: ApplyJob): Promise<PlannedManifest> {
  const built = await readAndPlan({
    paths: [job.manifest],
    runtime: createBenchRuntime(dirname(job.manifest)),
    connection: { endpoint: job.endpoint.graphqlUrl, apiKey: job.endpoint.apiKey },
    dedupe: false,
    concurrency: job.endpoint.concurrency,
  });
  return { plan: built.plan, current: assetsTouchedBy(built.plan, built.remote) };
}

interface PlannedManifest {
  plan: Plan;
  current: Map<string, RemoteAsset>;
}

async function applyInRounds(job: ApplyJob, firstPlan: PlannedManifest): Promise<RoundTotals> {
  const totals: RoundTotals = {
    added: 0,
    changed: 0,
    deleted: 0,
    firstRoundFailed: 0,
    failed: 0,
    rounds: 0,
    clientRetries: 0,
  };
  let planned = firstPlan;
  while (totals.rounds < job.maxRounds) {
    const client = new KiliClient({
      endpoint: job.endpoint.graphqlUrl,
      apiKey: job.endpoint.apiKey,
      concurrency: job.endpoint.concurrency,
    });
    const result = await executePlan(client, planned.plan, {
      current: planned.current,
      signal: new AbortController().signal,
      concurrency: job.endpoint.concurrency,
      // Local files' paths are relative to where the plan was made: the manifest's folder.
      baseDir: dirname(job.manifest),
    });
    totals.rounds += 1;
    totals.added += result.added;
    totals.changed += result.changed;
    totals.deleted += result.deleted;
    totals.failed = result.failed.length;
    totals.clientRetries += client.stats().retries;
    if (totals.rounds === 1) totals.firstRoundFailed = result.failed.length;
    if (result.failed.length === 0 || totals.rounds >= job.maxRounds) break;
    planned = await planManifest(job);
  }
  return totals;
}

async function applyWithBaseline(job: ApplyJob, planned: PlannedManifest): Promise<RoundTotals> {
  const client = new BaselineClient({
    endpoint: job.endpoint.graphqlUrl,
    apiKey: job.endpoint.apiKey,
    rateLimitPerMinute: job.endpoint.rateLimitPerMinute,
  });
  const touched = await applyPlanSequentially(client, planned.plan, planned.current);
  return {
    added: touched.append ?? 0,
    changed: (touched.update ?? 0) + (touched.rename ?? 0),
    deleted: touched.delete ?? 0,
    firstRoundFailed: 0,
    failed: 0,
    rounds: 1,
    clientRetries: 0,
  };
}
