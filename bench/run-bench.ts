import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveBenchConfig } from './config.js';
import { startBenchEmulator } from './emulator-harness.js';
import { mergeReport } from './merge-report.js';
import {
  type Check,
  formatDuration,
  isGate,
  type ResultRow,
  type ScenarioContext,
} from './outcome.js';
import {
  type Fixtures,
  PROJECTS,
  prepareFixtures,
  SCENARIO_NAMES,
  type ScenarioName,
} from './prepare-fixtures.js';
import { runReliabilityScenario } from './reliability.js';
import { renderReport } from './report.js';
import { runOfflineScenarios } from './run-offline.js';
import { runApplyScenario } from './scenarios/apply.js';
import { runEquivalenceScenario } from './scenarios/equivalence.js';
import { runFaultSoakScenario } from './scenarios/fault-soak.js';
import { runIncrementalScenario } from './scenarios/incremental.js';
import { runLocalFilesScenario } from './scenarios/local-files.js';
import { runMediaScenarios } from './scenarios/media.js';
import { runPlanScenario } from './scenarios/plan.js';

const EQUIVALENCE_ROUNDS = 500;
/** How long the emulator keeps an asynchronous import PENDING (its default, said here). */
const ASYNC_IMPORT_MS = 300;
const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const started = performance.now();

function log(message: string): void {
  const seconds = ((performance.now() - started) / 1_000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

function selectScenarios(only: string[]): Set<ScenarioName> {
  if (only.length === 0) return new Set(SCENARIO_NAMES);
  const unknown = only.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}`);
  }
  return new Set(only as ScenarioName[]);
}

/** Runs the selected scenarios against an emulator on the seeded database. */
async function runScenarios(
  context: ScenarioContext,
  fixtures: Fixtures,
  selected: Set<ScenarioName>,
  record: (
    name: string,
    run: () => Promise<{ rows: ResultRow[]; checks: Check[] }>,
  ) => Promise<void>,
): Promise<void> {
  const { sizes } = context.config;
  const { manifests, drift } = fixtures;
  const count = (n: number) => n.toLocaleString('en-US');
  if (selected.has('plan-small')) {
    await record('plan-small', () =>
      runPlanScenario(context, {
        name: `plan ${count(sizes.planSmall)} assets, 1% drift`,
        manifest: manifests['plan-small']!,
        projectId: PROJECTS.planSmall.id,
        remoteCount: sizes.planSmall,
        declared: sizes.planSmall + drift.small.adds,
        expected: drift.small,
        partialRead: false,
        withTargets: false,
      }),
    );
  }
  if (selected.has('plan-large')) {
    await record('plan-large', () =>
      runPlanScenario(context, {
        name: `plan ${count(sizes.planLarge)} assets, 1% drift`,
        manifest: manifests['plan-large']!,
        projectId: PROJECTS.planLarge.id,
        remoteCount: sizes.planLarge,
        declared: sizes.planLarge + drift.large.adds,
        expected: drift.large,
        partialRead: false,
        withTargets: true,
      }),
    );
  }
  if (selected.has('plan-sparse')) {
    await record('plan-sparse', () =>
      runPlanScenario(context, {
        name: `plan ${count(sizes.declaredPruneOff)} declared of ${count(sizes.planLarge)}, prune off`,
        manifest: manifests['plan-sparse']!,
        projectId: PROJECTS.planLarge.id,
        remoteCount: sizes.planLarge,
        declared: sizes.declaredPruneOff,
        expected: { adds: 0, updates: 0 },
        partialRead: true,
        withTargets: false,
      }),
    );
  }
  if (selected.has('incremental')) {
    // After the plan rows: another client's changes to the large project would change their drift.
    await record('incremental', () =>
      runIncrementalScenario(context, {
        manifest: manifests['plan-large']!,
        project: { ...PROJECTS.planLarge, total: sizes.planLarge },
        // Locating deletions pays off against a full read of many pages, not of ten (smoke).
        deletes: sizes.planLarge >= 10_000 ? 3 : 0,
      }),
    );
  }
  if (selected.has('apply')) {
    const side = (kind: string, project: { id: string }, suffix: string) => ({
      manifest: manifests[`${kind}-${suffix}`]!,
      projectId: project.id,
    });
    await record('apply-append', () =>
      runApplyScenario(context, {
        name: `apply ${count(sizes.appends)} appends`,
        kind: 'append',
        changes: sizes.appends,
        expectedAssets: sizes.appends,
        ours: side('append', PROJECTS.appendOurs, 'ours'),
        theirs: side('append', PROJECTS.appendTheirs, 'theirs'),
      }),
    );
    await record('apply-update', () =>
      runApplyScenario(context, {
        name: `apply ${count(sizes.updates)} updates`,
        kind: 'update',
        changes: sizes.updates,
        expectedAssets: sizes.updates,
        ours: side('update', PROJECTS.updateOurs, 'ours'),
        theirs: side('update', PROJECTS.updateTheirs, 'theirs'),
      }),
    );
    await record('apply-delete', () =>
      runApplyScenario(context, {
        name: `apply ${count(sizes.deletes)} deletes`,
        kind: 'delete',
        changes: sizes.deletes,
        expectedAssets: sizes.updates - sizes.deletes,
        ours: side('delete', PROJECTS.updateOurs, 'ours'),
        theirs: side('delete', PROJECTS.updateTheirs, 'theirs'),
      }),
    );
  }
}

async function runBench(): Promise<number> {
  const config = resolveBenchConfig(process.argv.slice(2), process.env);
  const selected = selectScenarios(config.only);
  const workDir = await mkdtemp(join(tmpdir(), 'kili-sync-bench-'));
  const apiKey = `bench-${randomUUID()}`;
  const rows: ResultRow[] = [];
  const checks: Check[] = [];
  const record = async (
    name: string,
    run: () => Promise<{ rows: ResultRow[]; checks: Check[] }>,
  ): Promise<void> => {
    try {
      const outcome = await run();
      rows.push(...outcome.rows);
      checks.push(...outcome.checks);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${name} failed: ${message}`);
      checks.push({
        kind: 'correctness',
        name: `${name} runs`,
        ok: false,
        measured: 'crashed',
        cause: message,
      });
    }
  };

  log(
    `scale ${config.scale}, latency ${config.latencyMs} ms, rate limit ${config.rateLimitPerMinute}/min`,
  );
  try {
    const fixtures = await prepareFixtures(workDir, config.sizes, apiKey, selected, log);
    const emulator = await startBenchEmulator({
      db: fixtures.db,
      apiKey,
      latencyMs: config.latencyMs,
      rateLimitPerMinute: config.rateLimitPerMinute,
      asyncImportMs: ASYNC_IMPORT_MS,
    });
    const context: ScenarioContext = {
      config,
      workDir,
      endpoint: {
        graphqlUrl: emulator.graphqlUrl,
        apiKey,
        concurrency: config.concurrency,
        rateLimitPerMinute: config.rateLimitPerMinute,
        // The emulator's token bucket holds one second of calls: refilled after a second.
        settleMs: config.smoke ? 0 : 1_100,
      },
      inProcess: config.smoke,
      log,
    };
    try {
      await runScenarios(context, fixtures, selected, record);
      if (selected.has('media')) {
        await record('media', () =>
          runMediaScenarios(context, {
            videos: config.sizes.videos,
            frameSequences: config.sizes.frameSequences,
            asyncImportMs: ASYNC_IMPORT_MS,
          }),
        );
      }
    } finally {
      await emulator.close();
    }
    if (selected.has('local-files')) {
      // Half a megabyte: a compressed photograph; small in the smoke run.
      const fileBytes = config.smoke ? 16_384 : 524_288;
      await record('local-files', () =>
        runLocalFilesScenario(context, config.sizes.localFiles, fileBytes),
      );
    }
    // The suite runs 50 rounds on every change (CI included); the long run is the benchmark's.
    if (selected.has('equivalence') && !config.smoke) {
      await record('equivalence', () => runEquivalenceScenario(context, EQUIVALENCE_ROUNDS));
    }
    if (selected.has('soak')) {
      await record('soak', () => runFaultSoakScenario(context, config.sizes.soak));
    }
    if (selected.has('reliability')) {
      await record('reliability', () => runReliabilityScenario(context));
    }
    await runOfflineScenarios(context, fixtures, selected, record);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const date = new Date();
  const totalMs = performance.now() - started;
  const report = renderReport({ config, rows, checks, date, totalMs });
  process.stdout.write(report);
  if (!config.smoke) {
    // A partial run replaces its own scenarios' rows and keeps the others as measured.
    const note = `${config.only.join(', ')}: ${date.toISOString()}, \`${config.command}\` (scale ${config.scale}, latency ${config.latencyMs} ms, rate limit ${config.rateLimitPerMinute}/min, ${formatDuration(totalMs)})`;
    const previous = await readFile(RESULTS_FILE, 'utf8').catch(() => undefined);
    await writeFile(
      RESULTS_FILE,
      config.only.length === 0 ? report : mergeReport(previous, report, note),
    );
    log(`wrote ${RESULTS_FILE}`);
  }
  const failed = checks.filter((check) => isGate(check) && !check.ok);
  for (const check of failed) {
    process.stderr.write(`correctness figure off: ${check.name}: ${check.measured}\n`);
  }
  return failed.length > 0 ? 1 : 0;
}

try {
  process.exitCode = await runBench();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
