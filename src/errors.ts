/**
 * Every failure a user can meet is a KiliSyncError: a stable code, a one-line message, a hint
 * that says what to do, and (for input problems) the place in a file. Only the CLI boundary
 * turns it into text and an exit code.
 */

/** A place in a manifest or data file, 1-based like editors show. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export type ErrorCode =
  | 'USAGE'
  | 'MANIFEST_INVALID'
  | 'NO_MANIFESTS'
  | 'AUTH'
  | 'NOT_FOUND'
  | 'API'
  | 'NETWORK'
  | 'RATE_LIMITED'
  | 'REFUSED'
  | 'STALE_PLAN'
  | 'PLAN_INVALID'
  | 'INCOMPLETE'
  | 'INTERRUPTED'
  | 'INTERNAL';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
export const EXIT_INCOMPLETE = 3;
export const EXIT_INTERRUPTED = 130;

/** One problem found in the input, rendered as `file:line:col: message` plus a hint. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  where?: SourceLocation;
  /** Further places involved (e.g. every copy of a duplicate external ID). */
  related?: SourceLocation[];
}

export interface KiliSyncErrorOptions {
  hint?: string;
  where?: SourceLocation;
  /** Extra lines printed under the message (e.g. the list of stale assets). */
  details?: string[];
  /** Problems in the input, each printed with its location. */
  diagnostics?: Diagnostic[];
  exitCode?: number;
  cause?: unknown;
}

export class KiliSyncError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly where?: SourceLocation;
  readonly details: string[];
  readonly diagnostics: Diagnostic[];
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: KiliSyncErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KiliSyncError';
    this.code = code;
    this.hint = options.hint;
    this.where = options.where;
    this.details = options.details ?? [];
    this.diagnostics = options.diagnostics ?? [];
    this.exitCode = options.exitCode ?? EXIT_ERROR;
  }
}

export function isKiliSyncError(error: unknown): error is KiliSyncError {
  return error instanceof KiliSyncError;
}

/** Whether an error means Ctrl-C stopped the work (exit 130), not that something failed. */
export function isInterrupted(error: unknown): boolean {
  return isKiliSyncError(error) && error.code === 'INTERRUPTED';
}

/** `file:line:col` as editors and CI annotations understand it. */
export function formatLocation(where: SourceLocation): string {
  return `${where.file}:${where.line}:${where.col}`;
}
