import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KiliClient } from '../../src/kili/client.js';
import { loadDesiredState } from '../../src/manifest/index.js';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import type { RemoteProjectState } from '../../src/plan/remote-state.js';
import type { Plan } from '../../src/plan/types.js';
import { GENERATOR } from '../../src/version.js';
import { readAndPlan } from '../../src/workflows/plan.js';
import { BaselineClient } from '../baseline-client.js';
import { readProjectSequentially } from '../baseline-read.js';
import { createBenchRuntime } from '../child/bench-runtime.js';
import { fetchStats, resetStats } from '../emulator-harness.js';
import type { PlanFigures, PlanJob } from '../jobs.js';
import { timeSection } from '../measure.js';
import { digestPlan, summarizePlan } from './summarize-plan.js';

/** Plans a manifest against the measured emulator, with kili-sync or the SDK-style baseline. */
export async function runPlanJob(job: PlanJob) {
  const { endpoint } = job;
  await sleep(endpoint.settleMs);
  await resetStats(endpoint.graphqlUrl, endpoint.apiKey);
  let clientRetries = 0;
  const measured = await timeSection(async (): Promise<Plan> => {
    if (job.side === 'kili-sync') {
      const connection = { endpoint: endpoint.graphqlUrl, apiKey: endpoint.apiKey };
      const client = new KiliClient({ ...connection, concurrency: endpoint.concurrency });
      const built = await readAndPlan({
        paths: [job.manifest],
        runtime: createBenchRuntime(dirname(job.manifest)),
        client,
        connection,
        dedupe: false,
        cache: job.cacheDir === undefined ? undefined : { dir: job.cacheDir, refresh: false },
      });
      clientRetries = client.stats().retries;
      return built.plan;
    }
    return planSequentially(job);
  });
  const read = measured.value.projects[0]?.read;
  const figures: PlanFigures = {
    summary: summarizePlan(measured.value),
    planDigest: digestPlan(measured.value),
    read: read && { method: read.method, calls: read.calls, deletions: read.deletions },
    emulator: await fetchStats(endpoint.graphqlUrl, endpoint.apiKey),
    clientRetries,
  };
  return { wallMs: measured.wallMs, cpuMs: measured.cpuMs, figures };
}

/** The same manifests and the same pure diff, fed by the sequential SDK-style reader. */
async function planSequentially(job: PlanJob): Promise<Plan> {
  const { endpoint } = job;
  const desired = await loadDesiredState([job.manifest], { cwd: dirname(job.manifest) });
  const client = new BaselineClient({
    endpoint: endpoint.graphqlUrl,
    apiKey: endpoint.apiKey,
    rateLimitPerMinute: endpoint.rateLimitPerMinute,
  });
  const remote = new Map<string, RemoteProjectState>();
  for (const project of desired.projects) {
    const externalIds = job.baselineReadsDeclaredOnly
      ? project.assets.map((asset) => asset.externalId)
      : undefined;
    remote.set(
      project.projectId,
      await readProjectSequentially(client, project.projectId, externalIds),
    );
  }
  return diffToPlan({
    desired,
    remote,
    localFiles: new Map(),
    options: {
      dedupe: false,
      endpoint: endpoint.graphqlUrl,
      createdAt: new Date().toISOString(),
      generator: GENERATOR,
    },
  });
}
