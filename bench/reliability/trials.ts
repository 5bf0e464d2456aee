import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BATCH_SIZE } from '../../src/apply/mutation-types.js';
import { createSeededRandom } from '../emulator-harness.js';
import { generateAssets, writeManifest } from '../generate-data.js';
import {
  type Arrivals,
  type CliRun,
  countArrivals,
  rerunUntilComplete,
  startApply,
  startTrialEmulator,
  type TrialEmulator,
} from './trial-support.js';

/** Reruns a trial may need before it counts as not converging. */
export const MAX_RERUNS = 4;
export const SOAK_FAIL_RATE = 0.5;
export const SOAK_DROP_RATE = 0.2;

export interface TrialSettings {
  workDir: string;
  apiKey: string;
  assets: number;
  /** Emulator latency, so a kill or restart lands while appends are still in flight. */
  latencyMs: number;
  seed: number;
}

/** What one trial did and what it left behind. */
export interface TrialOutcome extends Arrivals {
  reruns: number;
  complete: boolean;
  /** Faults injected, by kind (`kill -9`, `503`, `dropped`…). */
  faults: Record<string, number>;
  /** The append after which the trial struck (kill or restart), when it strikes. */
  strikeAfter?: number;
}

interface Trial {
  dir: string;
  db: string;
  manifest: string;
  projectId: string;
  externalIds: string[];
  apply(graphqlUrl: string): CliRun;
}

async function prepareTrial(settings: TrialSettings, name: string, index: number): Promise<Trial> {
  const dir = join(settings.workDir, `reliability-${name}-${index}`);
  await mkdir(dir, { recursive: true });
  const projectId = `reliability-${name}-${index}`;
  const assets = generateAssets(`${name}${index}`, settings.assets);
  const manifest = join(dir, 'assets.yaml');
  await writeManifest(manifest, { project: projectId, assets });
  return {
    dir,
    db: join(dir, 'kili.sqlite'),
    manifest,
    projectId,
    externalIds: assets.map((asset) => asset.externalId),
    apply: (graphqlUrl) => startApply(manifest, dir, graphqlUrl, settings.apiKey),
  };
}

async function finish(
  settings: TrialSettings,
  trial: Trial,
  rerun: { reruns: number; complete: boolean },
  faults: Record<string, number>,
  strikeAfter?: number,
): Promise<TrialOutcome> {
  const arrivals = await countArrivals(
    trial.db,
    settings.apiKey,
    trial.projectId,
    trial.externalIds,
  );
  return { ...arrivals, ...rerun, faults, strikeAfter };
}

/** The append (1-based, never the last) after which a trial strikes, drawn from the seed. */
export function appendsPerApply(settings: TrialSettings): number {
  return Math.ceil(settings.assets / BATCH_SIZE);
}

function strikePoint(settings: TrialSettings, index: number): number {
  const appends = appendsPerApply(settings);
  const random = createSeededRandom(settings.seed + index);
  return 1 + Math.floor(random() * Math.max(1, appends - 1));
}

/** kill -9 of the CLI once the emulator has executed k appends (others still in flight), then reruns. */
export async function runKillTrial(settings: TrialSettings, index: number): Promise<TrialOutcome> {
  const trial = await prepareTrial(settings, 'kill', index);
  const killAfter = strikePoint(settings, index);
  let run: CliRun | undefined;
  const emulator = await startTrialEmulator({
    db: trial.db,
    apiKey: settings.apiKey,
    projectId: trial.projectId,
    latencyMs: settings.latencyMs,
    onAppendExecuted: (executed) => {
      if (executed === killAfter) run?.child.kill('SIGKILL');
    },
  });
  let rerun: { reruns: number; complete: boolean };
  let killed: boolean;
  try {
    run = trial.apply(emulator.graphqlUrl);
    const first = await run.done;
    killed = first.signal === 'SIGKILL';
    rerun = await rerunUntilComplete(() => trial.apply(emulator.graphqlUrl), MAX_RERUNS);
  } finally {
    await emulator.close();
  }
  return finish(settings, trial, rerun, { 'kill -9': killed ? 1 : 0 }, killAfter);
}

/** Two applies of the same manifest at once; whichever did not complete is rerun. */
export async function runConcurrentTrial(
  settings: TrialSettings,
  index: number,
): Promise<TrialOutcome> {
  const trial = await prepareTrial(settings, 'concurrent', index);
  const emulator = await startTrialEmulator({
    db: trial.db,
    apiKey: settings.apiKey,
    projectId: trial.projectId,
    latencyMs: settings.latencyMs,
  });
  let rerun = { reruns: 0, complete: true };
  try {
    const codes = await Promise.all(
      [trial.apply(emulator.graphqlUrl), trial.apply(emulator.graphqlUrl)].map(
        async (run) => (await run.done).code,
      ),
    );
    if (codes.some((code) => code !== 0)) {
      rerun = await rerunUntilComplete(() => trial.apply(emulator.graphqlUrl), MAX_RERUNS);
    }
  } finally {
    await emulator.close();
  }
  return finish(settings, trial, rerun, { 'concurrent apply': 1 });
}

/** Applies through an emulator failing half the calls and dropping a fifth of the answers. */
export async function runSoakTrial(settings: TrialSettings, index: number): Promise<TrialOutcome> {
  const trial = await prepareTrial(settings, 'soak', index);
  const emulator = await startTrialEmulator({
    db: trial.db,
    apiKey: settings.apiKey,
    projectId: trial.projectId,
    latencyMs: settings.latencyMs,
    failRate: SOAK_FAIL_RATE,
    dropRate: SOAK_DROP_RATE,
    random: createSeededRandom(settings.seed + index),
  });
  let rerun: { reruns: number; complete: boolean };
  let faults: Record<string, number>;
  try {
    const first = await trial.apply(emulator.graphqlUrl).done;
    rerun =
      first.code === 0
        ? { reruns: 0, complete: true }
        : await rerunUntilComplete(() => trial.apply(emulator.graphqlUrl), MAX_RERUNS);
    const stats = (await emulator.stats()).faults;
    faults = { '503': stats.failed503, '429': stats.failed429, dropped: stats.dropped };
  } finally {
    await emulator.close();
  }
  return finish(settings, trial, rerun, faults);
}

/**
 * Closes the emulator once it has executed k appends and starts it again on the same port and
 * SQLite file while the CLI is still running; the run is rerun until it completes.
 */
export async function runRestartTrial(
  settings: TrialSettings,
  index: number,
): Promise<TrialOutcome> {
  const trial = await prepareTrial(settings, 'restart', index);
  const restartAfter = strikePoint(settings, index);
  const options = {
    db: trial.db,
    apiKey: settings.apiKey,
    projectId: trial.projectId,
    latencyMs: settings.latencyMs,
  };
  let current: TrialEmulator;
  let restarted: Promise<void> = Promise.resolve();
  let restarts = 0;
  const first = await startTrialEmulator({
    ...options,
    onAppendExecuted: (executed) => {
      if (executed !== restartAfter) return;
      restarts += 1;
      restarted = first.close().then(async () => {
        current = await startTrialEmulator({ ...options, port: first.port });
      });
    },
  });
  current = first;
  const graphqlUrl = first.graphqlUrl;
  let rerun = { reruns: 0, complete: true };
  try {
    const firstRun = await trial.apply(graphqlUrl).done;
    await restarted;
    if (firstRun.code !== 0) {
      rerun = await rerunUntilComplete(() => trial.apply(graphqlUrl), MAX_RERUNS);
    }
  } finally {
    await restarted.catch(() => {});
    await current.close();
  }
  return finish(settings, trial, rerun, { restart: restarts }, restartAfter);
}
