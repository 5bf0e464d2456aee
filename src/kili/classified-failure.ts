import type { KiliSyncError } from '../errors.js';

/**
 * What a failed call tells us about the server's state:
 * - `not-executed`: the server refused before running it (429, 503): always safe to resend;
 * - `outcome-unknown`: it may or may not have run (dropped connection, timeout, 502/504/52x);
 * - `fatal`: an answer that resending will not change (GraphQL errors, 401, 4xx).
 */
export type FailureKind = 'not-executed' | 'outcome-unknown' | 'fatal';

export interface ClassifiedFailure {
  kind: FailureKind;
  /** Short description for logs and the final error: `HTTP 503`, `connection dropped`… */
  reason: string;
  status?: number;
  /** The server's `Retry-After`, used as the minimum wait before the next attempt. */
  retryAfterMs?: number;
  /** The error to throw, for `fatal` failures. */
  error?: KiliSyncError;
}

export interface FailureContext {
  endpoint: string;
  /** The root field called, e.g. `appendManyAssets`. */
  operation: string;
  /** Removed from every message, whatever the server or the network layer says. */
  apiKey: string;
  timeoutMs: number;
  /** Whether the server has answered before: then a refused connection is a restart, not a typo. */
  connected?: boolean;
}
