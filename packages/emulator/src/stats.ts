import type { FaultRejection } from './faults.js';

export interface FaultCounts {
  failed503: number;
  failed429: number;
  dropped: number;
  rateLimited: number;
}

/** Requests to the upload bucket (`/files`), which are not GraphQL calls. */
export interface FileCounts {
  /** Uploads stored (PUT). */
  put: number;
  /** Downloads served (GET and HEAD). */
  get: number;
}

export interface StatsSnapshot {
  requests: Record<string, number>;
  files: FileCounts;
  faults: FaultCounts;
  projects: Record<string, { assets: number; labeled: number }>;
}

/** Asynchronous imports, by the state of their notification. */
export interface ImportCounts {
  pending: number;
  succeeded: number;
  failed: number;
}

/**
 * What `GET /api/label/v2/_emulator/stats` answers: the counters since the last reset, each
 * project's assets, and the asynchronous imports.
 */
export interface EmulatorStats extends StatsSnapshot {
  imports: ImportCounts;
}

/** Counters of GraphQL calls (by root field) and of injected faults since the last reset. */
export class RequestStats {
  private requests = new Map<string, number>();
  private faults: FaultCounts = emptyFaults();
  private files: FileCounts = { put: 0, get: 0 };

  countRequest(rootFields: string[]): void {
    for (const field of rootFields) this.requests.set(field, (this.requests.get(field) ?? 0) + 1);
  }

  countFileRequest(kind: keyof FileCounts): void {
    this.files[kind] += 1;
  }

  countFault(kind: FaultRejection['kind'] | 'dropped'): void {
    this.faults[kind] += 1;
  }

  reset(): void {
    this.requests = new Map();
    this.faults = emptyFaults();
    this.files = { put: 0, get: 0 };
  }

  snapshot(projects: StatsSnapshot['projects']): StatsSnapshot {
    return {
      requests: Object.fromEntries([...this.requests].sort(([a], [b]) => a.localeCompare(b))),
      files: { ...this.files },
      faults: { ...this.faults },
      projects,
    };
  }
}

function emptyFaults(): FaultCounts {
  return { failed503: 0, failed429: 0, dropped: 0, rateLimited: 0 };
}
