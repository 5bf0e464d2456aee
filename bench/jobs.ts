import type { EmulatorStats } from '@kili-sync/emulator';

export type Side = 'kili-sync' | 'baseline';

/** How a child reaches the measured emulator. */
export interface JobEndpoint {
  graphqlUrl: string;
  apiKey: string;
  concurrency: number;
  rateLimitPerMinute: number;
  /** Pause before a measured section so the emulator's token bucket is full again. */
  settleMs: number;
}

export interface PlanJob {
  kind: 'plan';
  side: Side;
  endpoint: JobEndpoint;
  manifest: string;
  projectId: string;
  /** The baseline reads only the declared external IDs, as an SDK user would for a slice. */
  baselineReadsDeclaredOnly: boolean;
  /**
   * kili-sync's cache folder (snapshots and file hashes), read and written as `plan` does by
   * default; without it the plan uses no cache (`--no-cache`).
   */
  cacheDir?: string;
}

export interface ApplyJob {
  kind: 'apply';
  side: Side;
  endpoint: JobEndpoint;
  manifest: string;
  projectId: string;
  /** Plan-and-apply rounds allowed until nothing is left (1 = a single apply). */
  maxRounds: number;
}

export interface PureDiffJob {
  kind: 'pure-diff';
  size: number;
}

/** The Map join that the pure diff is judged against, on the same generated records. */
export interface MapJoinJob {
  kind: 'map-join';
  size: number;
}

export interface PlanJsonJob {
  kind: 'plan-json';
  /** Changes in the plan (all adds). */
  size: number;
  /** Where the JSON plan is written. */
  outFile: string;
}

export type Job = PlanJob | ApplyJob | PureDiffJob | MapJoinJob | PlanJsonJob;

export interface PlanSummaryFigures {
  add: number;
  update: number;
  rename: number;
  delete: number;
  unchanged: number;
  remoteCount: number;
  warnings: number;
}

export interface PlanFigures {
  summary: PlanSummaryFigures;
  /** sha256 of the plan without `createdAt` and how it was read: equal plans, equal digests. */
  planDigest: string;
  /** How kili-sync read the project (`plan.projects[0].read`), absent for the baseline. */
  read?: { method: string; calls: number; deletions?: string };
  emulator: EmulatorStats;
  clientRetries: number;
}

export interface ApplyFigures {
  planned: PlanSummaryFigures;
  added: number;
  changed: number;
  deleted: number;
  /** Changes that failed in the first round. */
  firstRoundFailed: number;
  /** Changes still failed after the last round. */
  failed: number;
  rounds: number;
  clientRetries: number;
  emulator: EmulatorStats;
}

export interface PureDiffFigures {
  summary: PlanSummaryFigures;
}

export interface PlanJsonFigures {
  changes: number;
  fileBytes: number;
  /** Planning before the measured writing. */
  planWallMs: number;
  /** RSS with the plan in memory, just before writing. */
  rssBeforeWriteBytes: number;
  peakRssWhileWritingBytes: number;
}
