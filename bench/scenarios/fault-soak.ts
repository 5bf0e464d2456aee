import { join } from 'node:path';
import { BaselineClient } from '../baseline-client.js';
import { readProjectSequentially } from '../baseline-read.js';
import { createSeededRandom, startBenchEmulator } from '../emulator-harness.js';
import { generateAssets, writeManifest } from '../generate-data.js';
import type { ApplyFigures } from '../jobs.js';
import { computeProtocolBound, governingRate, runJobInChild } from '../measure.js';
import {
  type Check,
  countRequests,
  type ScenarioContext,
  type ScenarioOutcome,
} from '../outcome.js';

const PROJECT_ID = 'bench-soak';
const FAIL_RATE = 0.2;
const DROP_RATE = 0.05;
/** Plan-and-apply rounds allowed: an incomplete apply (exit 3) is rerun, as a user would. */
const MAX_ROUNDS = 3;
const FAULT_SEED = 20_240_101;

/**
 * Appends `size` assets through an emulator that fails 20 % of calls (503/429) and drops 5 %
 * after committing them, then reopens the database without faults and counts what arrived:
 * duplicates and missing assets must both be 0.
 */
export async function runFaultSoakScenario(
  context: ScenarioContext,
  size: number,
): Promise<ScenarioOutcome> {
  const name = `fault soak: append ${size.toLocaleString('en-US')} (fail ${FAIL_RATE}, drop ${DROP_RATE})`;
  context.log(name);
  const { config, endpoint } = context;
  const db = join(context.workDir, 'soak.sqlite');
  const manifest = join(context.workDir, 'soak.yaml');
  const assets = generateAssets('soak', size);
  await writeManifest(manifest, { project: PROJECT_ID, assets });

  const faulty = await startBenchEmulator({
    db,
    apiKey: endpoint.apiKey,
    projectIds: [PROJECT_ID],
    latencyMs: config.latencyMs,
    rateLimitPerMinute: endpoint.rateLimitPerMinute,
    failRate: FAIL_RATE,
    dropRate: DROP_RATE,
    random: createSeededRandom(FAULT_SEED),
  });
  let report: Awaited<ReturnType<typeof runJobInChild<ApplyFigures>>>;
  try {
    report = await runJobInChild<ApplyFigures>(
      {
        kind: 'apply',
        side: 'kili-sync',
        endpoint: { ...endpoint, graphqlUrl: faulty.graphqlUrl },
        manifest,
        projectId: PROJECT_ID,
        maxRounds: MAX_ROUNDS,
      },
      { inProcess: context.inProcess },
    );
  } finally {
    await faulty.close();
  }
  const found = await countArrivals(
    db,
    endpoint.apiKey,
    assets.map((asset) => asset.externalId),
  );

  const { figures } = report;
  const { faults } = figures.emulator;
  const requests = figures.emulator.requests;
  const checks: Check[] = [
    {
      kind: 'correctness',
      name: `${name}: duplicates = 0`,
      ok: found.duplicates === 0,
      measured: String(found.duplicates),
      cause:
        found.duplicates === 0
          ? undefined
          : 'an append whose outcome was unknown was resent blindly',
    },
    {
      kind: 'correctness',
      name: `${name}: missing assets = 0`,
      ok: found.missing === 0,
      measured: `${found.missing} (after ${figures.rounds} round(s), ${figures.firstRoundFailed} failed in the first)`,
      cause: found.missing === 0 ? undefined : 'changes still failed after the retries and reruns',
    },
  ];
  return {
    rows: [
      {
        scenario: name,
        side: 'kili-sync',
        wallMs: report.wallMs,
        cpuMs: report.cpuMs,
        requests,
        maxRssBytes: report.maxRssBytes,
        bound: computeProtocolBound(
          countRequests(requests),
          config.latencyMs,
          endpoint.concurrency,
          governingRate('kili-sync', endpoint.rateLimitPerMinute),
        ),
        notes: [
          `${figures.clientRetries} retries`,
          `faults: ${faults.failed503}×503, ${faults.failed429}×429, ${faults.dropped} dropped, ${faults.rateLimited} rate-limited`,
          `${figures.rounds} round(s), ${figures.firstRoundFailed} failed in round 1`,
          `duplicates ${found.duplicates}, missing ${found.missing}`,
        ],
      },
    ],
    checks,
  };
}

/** Reopens the soak database without faults and compares its assets with the declared ones. */
async function countArrivals(db: string, apiKey: string, declared: string[]) {
  const clean = await startBenchEmulator({ db, apiKey });
  try {
    const client = new BaselineClient({
      endpoint: clean.graphqlUrl,
      apiKey,
      rateLimitPerMinute: Number.MAX_SAFE_INTEGER,
    });
    const state = await readProjectSequentially(client, PROJECT_ID);
    const present = new Set(state.assets.map((asset) => asset.externalId));
    return {
      duplicates: state.assets.length - present.size,
      missing: declared.filter((externalId) => !present.has(externalId)).length,
    };
  } finally {
    await clean.close();
  }
}
