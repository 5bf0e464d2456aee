import type { BenchConfig } from './config.js';
import type { JobEndpoint } from './jobs.js';
import type { ProtocolBound } from './measure.js';

/** One line of the results table. */
export interface ResultRow {
  scenario: string;
  side:
    | 'kili-sync'
    | 'baseline'
    | 'kili-sync (CLI)'
    | 'kili-sync (pure)'
    | 'kili-sync (writePlanJson)'
    /** A kili-sync run in a scenario that compares several (first and second run…). */
    | `kili-sync (${string})`
    | 'kili-sync (HTML report)'
    /** What an offline row is judged against, measured in the same run. */
    | `reference (${string})`;
  wallMs: number;
  cpuMs?: number;
  /** Requests the emulator received, by root field. */
  requests?: Record<string, number>;
  maxRssBytes?: number;
  /** Baseline wall time ÷ this wall time (on kili-sync rows). */
  speedup?: number;
  bound?: ProtocolBound;
  notes: string[];
}

/**
 * A figure compared with what it must be. `correctness` checks (duplicates, missing assets,
 * request counts) fail the smoke run; `target` checks are the performance goals, reported as met
 * or not met, never failing a run; `both` is a request-count target that is also a correctness
 * figure.
 */
export interface Check {
  kind: 'correctness' | 'target' | 'both';
  name: string;
  ok: boolean;
  measured: string;
  /** Why a target was not met (or a correctness figure is off). */
  cause?: string;
}

export interface ScenarioOutcome {
  rows: ResultRow[];
  checks: Check[];
}

/** What every scenario needs from the orchestrator. */
export interface ScenarioContext {
  config: BenchConfig;
  workDir: string;
  /** The measured emulator (latency and rate limit on). */
  endpoint: JobEndpoint;
  /** Run jobs inside the harness process (smoke run: faster, no peak RSS). */
  inProcess: boolean;
  log(message: string): void;
}

/** Sum of a by-operation request count. */
export function countRequests(requests: Record<string, number> | undefined): number {
  return Object.values(requests ?? {}).reduce((sum, n) => sum + n, 0);
}

/** `1.23 s` / `456 ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms >= 1_000 ? `${(ms / 1_000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return 'n/a';
  return `${Math.round(bytes / 1_048_576)} MB`;
}

/** Whether a check's failure must fail the run (correctness figures, never times). */
export function isGate(check: Check): boolean {
  return check.kind !== 'target';
}
