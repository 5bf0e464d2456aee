import type { DriftCounts } from '../generate-data.js';
import type { PureDiffFigures } from '../jobs.js';
import { runBuiltCli, runJobInChild } from '../measure.js';
import {
  type Check,
  formatBytes,
  formatDuration,
  type ScenarioContext,
  type ScenarioOutcome,
} from '../outcome.js';

export interface ValidateScenario {
  name: string;
  manifest: string;
  /** Wall-time target in ms. */
  targetMs: number;
  /** Peak-RSS target in bytes, when the issue sets one. */
  targetRssBytes?: number;
}

/** Runs `kili-sync validate` (the built CLI) on a large manifest, for time and peak RSS. */
export async function runValidateScenario(
  context: ScenarioContext,
  scenario: ValidateScenario,
): Promise<ScenarioOutcome> {
  context.log(scenario.name);
  const run = await runBuiltCli(['validate', scenario.manifest], context.workDir);
  const checks: Check[] = [
    {
      kind: 'correctness',
      name: `${scenario.name}: validate succeeds (exit 0)`,
      ok: run.exitCode === 0,
      measured: `exit ${run.exitCode}`,
      cause: run.exitCode === 0 ? undefined : firstLines(run.stderr),
    },
    {
      kind: 'target',
      name: `${scenario.name}: < ${formatDuration(scenario.targetMs)}`,
      ok: run.wallMs < scenario.targetMs,
      measured: formatDuration(run.wallMs),
      cause:
        run.wallMs < scenario.targetMs
          ? undefined
          : 'parsing and checking take longer than the target on this machine',
    },
  ];
  if (scenario.targetRssBytes !== undefined) {
    const ok = run.maxRssBytes < scenario.targetRssBytes;
    checks.push({
      kind: 'target',
      name: `${scenario.name}: peak RSS < ${formatBytes(scenario.targetRssBytes)}`,
      ok,
      measured: formatBytes(run.maxRssBytes),
      cause: ok ? undefined : 'the YAML document tree with positions is held in memory',
    });
  }
  return {
    rows: [
      {
        scenario: scenario.name,
        side: 'kili-sync (CLI)',
        wallMs: run.wallMs,
        maxRssBytes: run.maxRssBytes,
        notes: [`exit ${run.exitCode}`],
      },
    ],
    checks,
  };
}

const PURE_DIFF_CPU_TARGET_MS = 1_000;

/** Times `diffToPlan` alone on generated N × N data, in its own process. */
export async function runPureDiffScenario(
  context: ScenarioContext,
  size: number,
  expected: DriftCounts,
): Promise<ScenarioOutcome> {
  const name = `pure diff ${size.toLocaleString('en-US')} × ${size.toLocaleString('en-US')}`;
  context.log(name);
  const report = await runJobInChild<PureDiffFigures>(
    { kind: 'pure-diff', size },
    { inProcess: context.inProcess },
  );
  const { summary } = report.figures;
  const planOk = summary.add === expected.adds && summary.update === expected.updates;
  const cpuOk = report.cpuMs < PURE_DIFF_CPU_TARGET_MS;
  return {
    rows: [
      {
        scenario: name,
        side: 'kili-sync (pure)',
        wallMs: report.wallMs,
        cpuMs: report.cpuMs,
        maxRssBytes: report.maxRssBytes,
        notes: [`plan: +${summary.add} ~${summary.update}, ${summary.unchanged} unchanged`],
      },
    ],
    checks: [
      {
        kind: 'correctness',
        name: `${name}: plan finds exactly the drift`,
        ok: planOk,
        measured: `+${summary.add} ~${summary.update}; expected +${expected.adds} ~${expected.updates}`,
        cause: planOk ? undefined : 'the plan differs from the generated drift',
      },
      {
        kind: 'target',
        name: `${name}: < 1 s of CPU`,
        ok: cpuOk,
        measured: `${formatDuration(report.cpuMs)} CPU`,
        cause: cpuOk
          ? undefined
          : 'normalising and comparing every asset costs more than the target',
      },
    ],
  };
}

function firstLines(text: string): string {
  return text.split('\n').slice(0, 3).join(' ').slice(0, 300);
}
