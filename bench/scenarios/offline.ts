import { fileURLToPath } from 'node:url';
import { describeRuns, runAlternating, type SideRuns, summarise } from '../fastest-alternating.js';
import { type ProcessRun, runBuiltCli, runNodeScript } from '../measure.js';
import {
  type Check,
  formatBytes,
  type ResultRow,
  type ScenarioContext,
  type ScenarioOutcome,
} from '../outcome.js';
import { evaluateRatioTarget } from '../ratio-target.js';

/** The `yaml` library's bare parse of a manifest, in a process of its own. */
export const YAML_PARSE_SCRIPT = fileURLToPath(
  new URL('../child/reference-yaml-parse.mjs', import.meta.url),
);
/**
 * The same `JSON.parse` with every record kept and its ID in a Set: the least a loader that keeps
 * the records does, for information beside the JSONL row.
 */
export const JSONL_KEEP_SCRIPT = fileURLToPath(
  new URL('../child/reference-jsonl-keep.mjs', import.meta.url),
);
/** A bare line-by-line `JSON.parse` of a JSONL file, in a process of its own. */
export const JSONL_PARSE_SCRIPT = fileURLToPath(
  new URL('../child/reference-jsonl-parse.mjs', import.meta.url),
);

/** What a local CLI row is judged against: a bare parse of the same file, run the same way. */
export interface LocalReference {
  /** The side shown in the Results table. */
  side: `reference (${string})`;
  /** How the target names it. */
  name: string;
  script: string;
  input: string;
  /** Records the reference must read: all of them, or it did not do the work. */
  records: number;
  maxRatio: number;
}

export interface ValidateScenario {
  name: string;
  manifest: string;
  reference: LocalReference;
  /** What validate does beyond the reference, said when the ratio is missed. */
  slowerBecause: string;
  /** Peak-RSS target in bytes, when the issue sets one. */
  targetRssBytes?: number;
  /**
   * A second reference, for information: the reference plus what any loader must do on top of
   * it (keep the records). Measured in the same rounds; the ratio to it is given in the notes.
   */
  floor?: Pick<LocalReference, 'side' | 'name' | 'script'>;
}

/**
 * Runs `kili-sync validate` (the built CLI) on a large manifest and its reference on the same
 * file in turn, each in its own Node process, for wall time, CPU and peak RSS; the fastest run
 * of each side is compared.
 */
export async function runValidateScenario(
  context: ScenarioContext,
  scenario: ValidateScenario,
): Promise<ScenarioOutcome> {
  const { reference } = scenario;
  context.log(
    `${scenario.name}: kili-sync and the ${reference.side}, ${context.config.repeats}× each`,
  );
  const floorRuns: ProcessRun[] = [];
  const { ours, reference: base } = await runAlternating(
    context.config.repeats,
    'wallMs',
    () => runBuiltCli(['validate', scenario.manifest], context.workDir),
    async () => {
      if (scenario.floor) {
        floorRuns.push(
          await runNodeScript(scenario.floor.script, [reference.input], context.workDir),
        );
      }
      return runNodeScript(reference.script, [reference.input], context.workDir);
    },
  );
  const failedRun = ours.all.find((run) => run.exitCode !== 0);
  const baseFailure = base.all
    .map((run) => ({ run, records: readRecords(run.stdout) }))
    .find(({ run, records }) => run.exitCode !== 0 || records !== reference.records);
  const run = failedRun ?? ours.fastest;
  const baseRun = baseFailure?.run ?? base.fastest;
  const records = readRecords(baseRun.stdout);
  const checks: Check[] = [
    {
      kind: 'correctness',
      name: `${scenario.name}: validate succeeds (exit 0)`,
      ok: failedRun === undefined,
      measured: `exit ${run.exitCode}`,
      cause: failedRun ? firstLines(failedRun.stderr) : undefined,
    },
    {
      kind: 'correctness',
      name: `${scenario.name}: the ${reference.side} reads all ${reference.records} records`,
      ok: baseFailure === undefined,
      measured: `exit ${baseRun.exitCode}, ${records ?? 'no'} records`,
      cause: baseFailure ? firstLines(baseRun.stderr) : undefined,
    },
    evaluateRatioTarget({
      scenario: scenario.name,
      figure: 'wall',
      measuredMs: ours.fastest.wallMs,
      referenceMs: base.fastest.wallMs,
      reference: reference.name,
      maxRatio: reference.maxRatio,
      cause: scenario.slowerBecause,
    }),
  ];
  if (scenario.targetRssBytes !== undefined) {
    const peak = Math.max(...ours.all.map((each) => each.maxRssBytes));
    const ok = peak < scenario.targetRssBytes;
    checks.push({
      kind: 'target',
      name: `${scenario.name}: peak RSS < ${formatBytes(scenario.targetRssBytes)}`,
      ok,
      measured: `${formatBytes(peak)} (${reference.name}: ${formatBytes(base.fastest.maxRssBytes)})`,
      cause: ok ? undefined : 'the YAML document tree with positions is held in memory',
    });
  }
  const row = (side: ResultRow['side'], runs: SideRuns<ProcessRun>, note: string): ResultRow => ({
    scenario: scenario.name,
    side,
    wallMs: runs.fastest.wallMs,
    cpuMs: runs.fastest.cpuMs,
    maxRssBytes: runs.fastest.maxRssBytes,
    notes: [note, ...describeRuns(runs)],
  });
  const rows = [
    row('kili-sync (CLI)', ours, `exit ${ours.fastest.exitCode}`),
    row(
      reference.side,
      base,
      `exit ${base.fastest.exitCode}, ${readRecords(base.fastest.stdout) ?? 'no'} records`,
    ),
  ];
  if (scenario.floor && floorRuns.length > 0) {
    const floor = summarise(floorRuns, 'wallMs');
    const { fastest } = floor;
    const times = (of: number) =>
      `${(of / base.fastest.wallMs).toFixed(2)} × the ${reference.side}`;
    rows.push(
      row(
        scenario.floor.side,
        floor,
        [
          `exit ${fastest.exitCode}, ${readRecords(fastest.stdout) ?? 'no'} records kept`,
          `${scenario.floor.name}: ${times(fastest.wallMs)}; kili-sync: ${times(ours.fastest.wallMs)}`,
        ].join('; '),
      ),
    );
  }
  return { rows, checks };
}

/** The record count a reference script prints as `{"records": N}`. */
function readRecords(stdout: string): number | undefined {
  try {
    const { records } = JSON.parse(stdout) as { records?: unknown };
    return typeof records === 'number' ? records : undefined;
  } catch {
    return undefined;
  }
}

function firstLines(text: string): string {
  return text.split('\n').slice(0, 3).join(' ').slice(0, 300);
}
