import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type EmulatorStats, type RunningEmulator, startEmulator } from '@kili-sync/emulator';
import { BaselineClient } from '../baseline-client.js';
import { readProjectSequentially } from '../baseline-read.js';
import { fetchStats } from '../emulator-harness.js';

/** The built CLI (`npm run bench` builds it first): the trials run it as a user would. */
const CLI_PATH = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

export interface TrialEmulatorOptions {
  db: string;
  apiKey: string;
  projectId: string;
  /** 0 picks a free port; a restart passes the port of the emulator it replaces. */
  port?: number;
  latencyMs?: number;
  failRate?: number;
  dropRate?: number;
  random?: () => number;
  /** Called each time the emulator has executed an append (answered or dropped after running). */
  onAppendExecuted?: (executed: number) => void;
}

export interface TrialEmulator extends RunningEmulator {
  port: number;
  stats(): Promise<EmulatorStats>;
}

/**
 * Starts the emulator on a SQLite file, counting the appends it executes from its request log,
 * so a trial can act on an event ("k appends have run") instead of a timer.
 */
export async function startTrialEmulator(options: TrialEmulatorOptions): Promise<TrialEmulator> {
  let executed = 0;
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: options.port ?? 0,
    db: options.db,
    apiKey: options.apiKey,
    seed: { projects: [{ id: options.projectId, title: options.projectId, inputType: 'IMAGE' }] },
    faults: {
      latencyMs: options.latencyMs ?? 0,
      failRate: options.failRate ?? 0,
      dropRate: options.dropRate ?? 0,
      random: options.random,
    },
    log: (line) => {
      // Rejected calls (`injected: failed503`…) never ran; dropped ones did.
      if (!line.includes('appendManyAssets') || line.includes('(injected:')) return;
      executed += 1;
      options.onAppendExecuted?.(executed);
    },
  });
  return {
    ...emulator,
    port: Number(new URL(emulator.url).port),
    stats: () => fetchStats(emulator.graphqlUrl, options.apiKey),
  };
}

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

/** Starts `kili-sync apply MANIFEST --auto-approve` against `graphqlUrl`, in a clean environment. */
export function startApply(
  manifest: string,
  cwd: string,
  graphqlUrl: string,
  apiKey: string,
): CliRun {
  const child = spawn(process.execPath, [CLI_PATH, 'apply', manifest, '--auto-approve'], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      KILI_API_KEY: apiKey,
      KILI_API_ENDPOINT: graphqlUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, output }));
    },
  );
  return { child, done };
}

/**
 * Reruns apply until one run exits 0, at most `maxReruns` times, as a user would after an
 * interruption or an incomplete apply. Returns the reruns made and whether the last succeeded.
 */
export async function rerunUntilComplete(
  run: () => CliRun,
  maxReruns: number,
): Promise<{ reruns: number; complete: boolean }> {
  for (let reruns = 1; reruns <= maxReruns; reruns += 1) {
    const { code } = await run().done;
    if (code === 0) return { reruns, complete: true };
  }
  return { reruns: maxReruns, complete: false };
}

export interface Arrivals {
  duplicates: number;
  lost: number;
}

/**
 * Reopens the trial's database on a clean emulator (no faults, no latency) and compares the
 * project's assets with the declared external IDs: duplicates are external IDs carried by more
 * than one asset, lost are declared external IDs carried by none.
 */
export async function countArrivals(
  db: string,
  apiKey: string,
  projectId: string,
  declared: readonly string[],
): Promise<Arrivals> {
  const clean = await startTrialEmulator({ db, apiKey, projectId });
  try {
    const client = new BaselineClient({
      endpoint: clean.graphqlUrl,
      apiKey,
      rateLimitPerMinute: Number.MAX_SAFE_INTEGER,
    });
    const state = await readProjectSequentially(client, projectId);
    const carriers = new Map<string, number>();
    for (const asset of state.assets) {
      carriers.set(asset.externalId, (carriers.get(asset.externalId) ?? 0) + 1);
    }
    let duplicates = 0;
    for (const count of carriers.values()) if (count > 1) duplicates += 1;
    return {
      duplicates,
      lost: declared.filter((externalId) => !carriers.has(externalId)).length,
    };
  } finally {
    await clean.close();
  }
}
