import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Check, ResultRow, ScenarioContext, ScenarioOutcome } from './outcome.js';
import { type AttackOutcome, runAttacks } from './reliability/attacks.js';
import {
  describeFaults,
  type ReliabilityRow,
  renderReliabilityDocument,
} from './reliability/document.js';
import {
  appendsPerApply,
  MAX_RERUNS,
  runConcurrentTrial,
  runKillTrial,
  runRestartTrial,
  runSoakTrial,
  type TrialOutcome,
  type TrialSettings,
} from './reliability/trials.js';

const DOCUMENT = fileURLToPath(new URL('../docs/reliability.md', import.meta.url));
const SEED = 20_261_201;

interface ReliabilitySizing {
  assets: number;
  latencyMs: number;
  trials: { kill: number; concurrent: number; soak: number; restart: number };
}

/** Full size stays within a few minutes on two cores; smoke within a few seconds. */
const FULL: ReliabilitySizing = {
  assets: 500,
  latencyMs: 50,
  trials: { kill: 10, concurrent: 5, soak: 3, restart: 5 },
};
const SMOKE: ReliabilitySizing = {
  assets: 200,
  latencyMs: 20,
  trials: { kill: 2, concurrent: 1, soak: 1, restart: 1 },
};

const SCENARIOS = [
  { key: 'kill', title: 'kill -9 mid-apply, then rerun', run: runKillTrial },
  { key: 'concurrent', title: 'two concurrent applies', run: runConcurrentTrial },
  { key: 'soak', title: 'fault soak (fail 0.5, drop 0.2)', run: runSoakTrial },
  { key: 'restart', title: 'emulator restart mid-apply, then rerun', run: runRestartTrial },
] as const;

/**
 * Runs seeded, bounded trials of the CLI against crashes, concurrency and faults, reports their
 * duplicates and lost assets as correctness checks and, at full size, writes docs/reliability.md.
 */
export async function runReliabilityScenario(context: ScenarioContext): Promise<ScenarioOutcome> {
  const started = performance.now();
  const sizing = context.config.smoke ? SMOKE : FULL;
  const settings: TrialSettings = {
    workDir: context.workDir,
    apiKey: context.endpoint.apiKey,
    assets: sizing.assets,
    latencyMs: sizing.latencyMs,
    seed: SEED,
  };
  // The scenarios run side by side: the soak mostly waits out Retry-After while the others
  // mostly start Node, so the run takes about as long as its longest scenario. The attacks
  // (each starting an emulator of its own) run beside them.
  const attacksStarted = performance.now();
  const attacks = runAttacks({ workDir: context.workDir, apiKey: context.endpoint.apiKey }).then(
    (outcomes) => {
      context.log(`reliability: ${outcomes.length} attacks tried`);
      return { outcomes, wallMs: performance.now() - attacksStarted };
    },
  );
  const summaries = await Promise.all(
    SCENARIOS.map(async (scenario): Promise<ReliabilityRow> => {
      const trials = sizing.trials[scenario.key];
      context.log(`reliability: ${scenario.title}, ${trials} trial(s) of ${sizing.assets} assets`);
      const scenarioStarted = performance.now();
      const outcomes: TrialOutcome[] = [];
      for (let index = 0; index < trials; index += 1) {
        outcomes.push(await scenario.run(settings, index));
      }
      context.log(`reliability: ${scenario.title} done`);
      return summarize(
        scenario.title,
        sizing.assets,
        appendsPerApply(settings),
        outcomes,
        scenarioStarted,
      );
    }),
  );

  const tried = await attacks;
  if (!context.config.smoke) {
    await writeFile(
      DOCUMENT,
      renderReliabilityDocument({
        rows: summaries,
        attacks: tried.outcomes,
        command: context.config.command,
        latencyMs: sizing.latencyMs,
        maxReruns: MAX_RERUNS,
        date: new Date(),
        totalMs: performance.now() - started,
      }),
    );
    context.log(`wrote ${DOCUMENT}`);
  }
  return {
    rows: [...summaries.map(toResultRow), attacksRow(tried.outcomes, tried.wallMs)],
    checks: [...summaries.flatMap(toChecks), ...tried.outcomes.map(attackCheck)],
  };
}

function attacksRow(outcomes: readonly AttackOutcome[], wallMs: number): ResultRow {
  const held = outcomes.filter((outcome) => outcome.held).length;
  return {
    scenario: `reliability: ${outcomes.length} attacks from a pull request`,
    side: 'kili-sync (CLI)',
    wallMs,
    notes: [`${held} of ${outcomes.length} held`],
  };
}

/** Every attack must hold: a correctness figure, which fails the smoke run. */
function attackCheck(outcome: AttackOutcome): Check {
  return {
    kind: 'correctness',
    name: `attack held: ${outcome.attack}`,
    ok: outcome.held,
    measured: outcome.evidence,
    cause: outcome.held ? undefined : `expected: ${outcome.expected}`,
  };
}

function summarize(
  scenario: string,
  assets: number,
  appends: number,
  outcomes: readonly TrialOutcome[],
  started: number,
): ReliabilityRow {
  const faults: Record<string, number> = {};
  for (const outcome of outcomes) {
    for (const [kind, count] of Object.entries(outcome.faults)) {
      faults[kind] = (faults[kind] ?? 0) + count;
    }
  }
  const strikes = outcomes.flatMap((outcome) =>
    outcome.strikeAfter === undefined ? [] : [outcome.strikeAfter],
  );
  const sum = (pick: (outcome: TrialOutcome) => number) =>
    outcomes.reduce((total, outcome) => total + pick(outcome), 0);
  return {
    scenario,
    trials: outcomes.length,
    assets,
    faults,
    strikes:
      strikes.length === 0
        ? undefined
        : { first: Math.min(...strikes), last: Math.max(...strikes), appends },
    duplicates: sum((outcome) => outcome.duplicates),
    lost: sum((outcome) => outcome.lost),
    reruns: sum((outcome) => outcome.reruns),
    incomplete: sum((outcome) => (outcome.complete ? 0 : 1)),
    wallMs: performance.now() - started,
  };
}

function toResultRow(row: ReliabilityRow): ResultRow {
  return {
    scenario: `reliability: ${row.scenario}, ${row.trials} × ${row.assets} assets`,
    side: 'kili-sync (CLI)',
    wallMs: row.wallMs,
    notes: [
      `faults: ${describeFaults(row)}`,
      `duplicates ${row.duplicates}, lost ${row.lost}`,
      `${row.reruns} rerun(s)`,
    ],
  };
}

function toChecks(row: ReliabilityRow): Check[] {
  const name = `reliability: ${row.scenario}`;
  return [
    {
      kind: 'correctness',
      name: `${name}: duplicates = 0`,
      ok: row.duplicates === 0,
      measured: String(row.duplicates),
      cause: row.duplicates === 0 ? undefined : 'an asset was created twice across runs',
    },
    {
      kind: 'correctness',
      name: `${name}: lost = 0`,
      ok: row.lost === 0,
      measured: `${row.lost} (${row.reruns} rerun(s), ${row.incomplete} trial(s) never completed)`,
      cause: row.lost === 0 ? undefined : 'declared assets were still missing after the reruns',
    },
  ];
}
