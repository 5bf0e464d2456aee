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
  expectedStdout: string;
}

/**
 * `kili-sync --version` and `validate` of a one-asset manifest, each run many times in turn
 * with a bare Node start, in processes of their own (`node dist/cli/bin.js …`, as users run
 * it). The fastest wall time is judged against the absolute target, since start-up is what the
 * target is about; the median is shown beside it.
 */
export async function runCliStartScenario(context: ScenarioContext): Promise<ScenarioOutcome> {
  const manifest = join(context.workDir, 'one-asset.yaml');
  await writeFile(manifest, ONE_ASSET_MANIFEST);
  const commands: StartCommand[] = [
    { name: 'CLI start: --version', args: ['--version'], expectedStdout: `${VERSION}\n` },
    {
      name: 'CLI start: validate small manifest',
      args: ['validate', manifest],
      expectedStdout: '1 manifest, 1 asset in 1 project: valid\n',
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
      () => runBuiltCli(command.args, context.workDir),
      () => runNodeScript(BARE_START_SCRIPT, [], context.workDir),
    );
    const failed = ours.all.find(
      (run) => run.exitCode !== 0 || run.stdout !== command.expectedStdout,
    );
    checks.push({
      kind: 'correctness',
      name: `${command.name}: exit 0 and the expected output`,
      ok: failed === undefined,
      measured: failed
        ? `exit ${failed.exitCode}, stdout ${JSON.stringify(failed.stdout.slice(0, 100))}`
        : `exit 0, ${JSON.stringify(command.expectedStdout.trim())}`,
      cause: failed ? failed.stderr.split('\n').slice(0, 3).join(' ').slice(0, 300) : undefined,
    });
    const fastest = ours.fastest.wallMs;
    const ok = fastest < CLI_START_TARGET_MS;
    checks.push({
      kind: 'target',
      name: `${command.name}: < ${CLI_START_TARGET_MS} ms wall`,
      ok,
      measured: `${formatDuration(fastest)} (median ${formatDuration(median(ours))}; bare Node start ${formatDuration(reference.fastest.wallMs)})`,
      cause: ok
        ? undefined
        : "Node's own start (the bare row), then loading the YAML parser (some 70 CommonJS files), the command parser and the manifest modules",
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

function median(runs: SideRuns<ProcessRun>): number {
  const times = runs.all.map((run) => run.wallMs).sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  return times.length % 2 === 1 ? times[middle]! : (times[middle - 1]! + times[middle]!) / 2;
}
