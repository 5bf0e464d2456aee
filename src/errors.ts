/**
 * Every failure a user can meet is a KiliSyncError: an entry of the catalogue (its printed code
 * `KS0301`, exit code and generic hint, see error-catalogue.ts), a one-line message, a hint
 * that says what to do, and (for input problems) the place in a file. Only the CLI boundary
 * turns it into text and an exit code.
 */

import {
  type CatalogueEntry,
  ERROR_CATALOGUE,
  type ErrorCode,
  type ErrorId,
} from './error-catalogue.js';

export {
  type CatalogueEntry,
  type ErrorCode,
  type ErrorId,
  EXIT_CHANGES,
  EXIT_ERROR,
  EXIT_INCOMPLETE,
  EXIT_INTERRUPTED,
  EXIT_OK,
} from './error-catalogue.js';

/** A place in a manifest or data file, 1-based like editors show. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** One problem found in the input, rendered as `file:line:col: message` plus a hint. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** The catalogue code (`KS0201`); a diagnostic without one takes its error's. */
  code?: string;
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
  cause?: unknown;
}

export class KiliSyncError extends Error {
  /** The family, for code that branches on it; users see {@link KiliSyncError.entry}'s code. */
  readonly code: ErrorCode;
  readonly entry: CatalogueEntry;
  readonly hint?: string;
  readonly where?: SourceLocation;
  readonly details: string[];
  readonly diagnostics: Diagnostic[];
  readonly exitCode: number;

  constructor(id: ErrorId, message: string, options: KiliSyncErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KiliSyncError';
    this.entry = ERROR_CATALOGUE[id];
    this.code = this.entry.kind;
    this.hint = options.hint ?? this.entry.hint;
    this.where = options.where;
    this.details = options.details ?? [];
    this.diagnostics = options.diagnostics ?? [];
    this.exitCode = this.entry.exitCode;
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
