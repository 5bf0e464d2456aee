import { type EmulatorStats, startEmulator } from '@kili-sync/emulator';

export interface BenchEmulator {
  graphqlUrl: string;
  close(): Promise<void>;
}

export interface BenchEmulatorOptions {
  db: string;
  apiKey: string;
  latencyMs?: number;
  rateLimitPerMinute?: number;
  failRate?: number;
  dropRate?: number;
  /** Seeded randomness for the fault draws, so a run's faults are reproducible. */
  random?: () => number;
  /** IMAGE projects to create at start, by id. */
  projectIds?: readonly string[];
  /** The emulator's clock (default `Date.now`): seeding "in the past". */
  now?: () => number;
  /** How long an asynchronous import stays PENDING (the emulator's default otherwise). */
  asyncImportMs?: number;
}

/** Starts the emulator on a free loopback port. */
export async function startBenchEmulator(options: BenchEmulatorOptions): Promise<BenchEmulator> {
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    db: options.db,
    apiKey: options.apiKey,
    now: options.now,
    asyncImportMs: options.asyncImportMs,
    seed: options.projectIds && {
      projects: options.projectIds.map((id) => ({ id, title: id, inputType: 'IMAGE' })),
    },
    faults: {
      failRate: options.failRate ?? 0,
      dropRate: options.dropRate ?? 0,
      latencyMs: options.latencyMs ?? 0,
      rateLimitPerMinute: options.rateLimitPerMinute,
      random: options.random,
    },
  });
  return { graphqlUrl: emulator.graphqlUrl, close: () => emulator.close() };
}

function statsUrl(graphqlUrl: string): string {
  return graphqlUrl.replace(/\/graphql$/, '/_emulator/stats');
}

/**
 * `fetch`, tried a second time when the connection fails: after a long measured section, the
 * kept-alive connection of the previous stats call may be closing just as it is reused.
 */
async function fetchTwice(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

/** The emulator's counters since the last reset. */
export async function fetchStats(graphqlUrl: string, apiKey: string): Promise<EmulatorStats> {
  const response = await fetchTwice(statsUrl(graphqlUrl), {
    headers: { Authorization: `X-API-Key: ${apiKey}` },
  });
  if (!response.ok) throw new Error(`emulator stats answered HTTP ${response.status}`);
  return (await response.json()) as EmulatorStats;
}

/** Zeroes the request and fault counters before a measured run. */
export async function resetStats(graphqlUrl: string, apiKey: string): Promise<void> {
  const response = await fetchTwice(`${statsUrl(graphqlUrl)}/reset`, {
    method: 'POST',
    headers: { Authorization: `X-API-Key: ${apiKey}` },
  });
  if (!response.ok) throw new Error(`emulator stats reset answered HTTP ${response.status}`);
  await response.body?.cancel();
}

/** A small deterministic generator (mulberry32), for reproducible fault draws. */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
