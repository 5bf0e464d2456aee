import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../../src/version.js';
import { describeRuns, runAlternating, type SideRuns } from '../fastest-alternating.js';
import { type ProcessRun, runBuiltCli, runNodeScript } from '../measure.js';
import {
  type Check,
  formatDuration,
  type ResultRow,
  type ScenarioContext,
  type ScenarioOutcome,
} from '../outcome.js';

/** A Node process that only starts and exits, measured beside each command. */
const BARE_START_SCRIPT = fileURLToPath(
  new URL('../child/reference-bare-start.mjs', import.meta.url),
);

/** The start-up target of the issue, in absolute time: what a user waits for a short command. */
export const CLI_START_TARGET_MS = 200;
/** The emulator's: from `kili-sync emulator` to a server that answers, what a test waits for. */
export const EMULATOR_START_TARGET_MS = 1000;
/** Runs of each side: start-up is short, so many runs are cheap and shed more interference. */
const START_REPEATS = 20;
const SMOKE_START_REPEATS = 2;

const ONE_ASSET_MANIFEST = [
  'apiVersion: kili-sync/v1',
  'project: bench-start',
  'assets:',
  '  - externalId: only-asset',
  '    content: https://example.com/only-asset.jpg',
  '',
].join('\n');

interface StartCommand {
  name: string;
  args: string[];
  /** What stdout must say for the run to count. */
  expectedStdout: string | RegExp;
  /** Absolute wall-time target of its fastest run. */
  targetMs: number;
  /** A command that runs until stopped: measured until stdout says it is ready. */
  readyWhen?: (stdout: string) => boolean;
  /** What stands in the way of the target, said when it is missed. */
  cause: string;
}

const COMMAND_CAUSE =
  "Node's own start (the bare row), then loading the YAML parser (some 70 CommonJS files), the command parser and the manifest modules";

/**
 * `kili-sync --version`, `validate` of a one-asset manifest and `kili-sync emulator` (until it
 * listens), each run many times in turn with a bare Node start, in processes of their own
 * (`node dist/cli/bin.js …`, as users run it). The fastest wall time is judged against the
 * absolute target, since start-up is what the target is about; the median is shown beside it.
 */
export async function runCliStartScenario(context: ScenarioContext): Promise<ScenarioOutcome> {
  const manifest = join(context.workDir, 'one-asset.yaml');
  await writeFile(manifest, ONE_ASSET_MANIFEST);
  const commands: StartCommand[] = [
    {
      name: 'CLI start: --version',
      args: ['--version'],
      expectedStdout: `${VERSION}\n`,
      targetMs: CLI_START_TARGET_MS,
      cause: COMMAND_CAUSE,
    },
    {
      name: 'CLI start: validate small manifest',
      args: ['validate', manifest],
      expectedStdout: '1 manifest, 1 asset in 1 project: valid\n',
      targetMs: CLI_START_TARGET_MS,
      cause: COMMAND_CAUSE,
    },
    {
      // It prints its endpoint once it listens: the moment a test can start sending requests.
      name: 'CLI start: emulator (listening)',
      args: ['emulator', '--port', '0', '--db', ':memory:', '--api-key', 'bench-start'],
      expectedStdout: /^http:\/\/127\.0\.0\.1:\d+\/api\/label\/v2\/graphql\n$/,
      targetMs: EMULATOR_START_TARGET_MS,
      readyWhen: (stdout) => stdout.includes('\n'),
      cause:
        "the CLI's start, then loading the emulator's bundle (GraphQL server, schema) and opening SQLite",
    },
  ];
  const repeats = context.config.smoke ? SMOKE_START_REPEATS : START_REPEATS;
  const rows: ResultRow[] = [];
  const checks: Check[] = [];
  for (const command of commands) {
    context.log(`${command.name}: kili-sync and a bare Node start, ${repeats}× each`);
    const { ours, reference } = await runAlternating(
      repeats,
      'wallMs',
      () => runBuiltCli(command.args, context.workDir, { readyWhen: command.readyWhen }),
      () => runNodeScript(BARE_START_SCRIPT, [], context.workDir),
    );
    const failed = ours.all.find(
      (run) => run.exitCode !== 0 || !matchesOutput(run.stdout, command.expectedStdout),
    );
    checks.push({
      kind: 'correctness',
      name: `${command.name}: exit 0 and the expected output`,
      ok: failed === undefined,
      measured: failed
        ? `exit ${failed.exitCode}, stdout ${JSON.stringify(failed.stdout.slice(0, 100))}`
        : `exit 0, ${typeof command.expectedStdout === 'string' ? JSON.stringify(command.expectedStdout.trim()) : 'its endpoint'}`,
      cause: failed ? failed.stderr.split('\n').slice(0, 3).join(' ').slice(0, 300) : undefined,
    });
    const fastest = ours.fastest.wallMs;
    const ok = fastest < command.targetMs;
    checks.push({
      kind: 'target',
      name: `${command.name}: < ${command.targetMs} ms wall`,
      ok,
      measured: `${formatDuration(fastest)} (median ${formatDuration(median(ours))}; bare Node start ${formatDuration(reference.fastest.wallMs)})`,
      cause: ok ? undefined : command.cause,
    });
    rows.push(
      startRow(command.name, 'kili-sync (CLI)', ours),
      startRow(command.name, 'reference (bare Node start)', reference),
    );
  }
  return { rows, checks };
}

function startRow(
  scenario: string,
  side: ResultRow['side'],
  runs: SideRuns<ProcessRun>,
): ResultRow {
  return {
    scenario,
    side,
    wallMs: runs.fastest.wallMs,
    cpuMs: runs.fastest.cpuMs,
    maxRssBytes: runs.fastest.maxRssBytes,
    notes: [`median ${formatDuration(median(runs))}`, ...describeRuns(runs)],
  };
}

function matchesOutput(stdout: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? stdout === expected : expected.test(stdout);
}

function median(runs: SideRuns<ProcessRun>): number {
  const times = runs.all.map((run) => run.wallMs).sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  return times.length % 2 === 1 ? times[middle]! : (times[middle - 1]! + times[middle]!) / 2;
}
