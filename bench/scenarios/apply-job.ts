import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KiliClient } from '../../src/kili/client.js';
import { assetsTouchedBy } from '../../src/plan/remote-state.js';
import { applyPlanned } from '../../src/workflows/apply.js';
import { type ReadAndPlanResult, readAndPlan } from '../../src/workflows/plan.js';
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
 * Plans a manifest (not measured), then measures applying it: what `kili-sync apply
 * --auto-approve` does once it has planned (`applyPlanned`), or the SDK-style sequential batches. kili-sync may get further rounds (plan again, apply what is
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

/** The workflow's inputs for this job, through `client` (one per round, for its retries). */
function workflowOptions(job: ApplyJob, client: KiliClient) {
  const { endpoint } = job;
  return {
    paths: [job.manifest],
    // Local files' paths are relative to where the plan was made: the manifest's folder.
    runtime: createBenchRuntime(dirname(job.manifest)),
    client,
    connection: { endpoint: endpoint.graphqlUrl, apiKey: endpoint.apiKey },
    dedupe: false,
    // Unattended, as a CI job passing every consent flag its generated changes need.
    consent: { allowDelete: true, allowMassDelete: true, allowLabelLoss: true },
    showPlan: () => undefined,
  };
}

function createClient(job: ApplyJob): KiliClient {
  const { endpoint } = job;
  return new KiliClient({
    endpoint: endpoint.graphqlUrl,
    apiKey: endpoint.apiKey,
    concurrency: endpoint.concurrency,
  });
}

function planManifest(job: ApplyJob): Promise<ReadAndPlanResult> {
  return readAndPlan(workflowOptions(job, createClient(job)));
}

async function applyInRounds(job: ApplyJob, firstPlan: ReadAndPlanResult): Promise<RoundTotals> {
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
    // The round's own client: its retries are the apply's, not the plan's.
    const client = createClient(job);
    const { result } = await applyPlanned(planned, workflowOptions(job, client));
    totals.rounds += 1;
    const failed = result?.failed.length ?? 0;
    totals.added += result?.added ?? 0;
    totals.changed += result?.changed ?? 0;
    totals.deleted += result?.deleted ?? 0;
    totals.failed = failed;
    totals.clientRetries += client.stats().retries;
    if (totals.rounds === 1) totals.firstRoundFailed = failed;
    if (failed === 0 || totals.rounds >= job.maxRounds) break;
    planned = await planManifest(job);
  }
  return totals;
}

async function applyWithBaseline(job: ApplyJob, planned: ReadAndPlanResult): Promise<RoundTotals> {
  const client = new BaselineClient({
    endpoint: job.endpoint.graphqlUrl,
    apiKey: job.endpoint.apiKey,
    rateLimitPerMinute: job.endpoint.rateLimitPerMinute,
  });
  const current = assetsTouchedBy(planned.plan, planned.remote);
  const touched = await applyPlanSequentially(client, planned.plan, current);
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
