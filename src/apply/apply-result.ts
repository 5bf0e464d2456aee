import { isKiliSyncError } from '../errors.js';
import type { Change, ChangeAction } from '../plan/types.js';

/** A plan change that did not (fully) happen, with the server's reason. */
export interface FailedChange {
  projectId: string;
  externalId: string;
  action: ChangeAction;
  message: string;
}

/** What an apply did. Counts are changes that completed; rerunning plan shows the rest. */
export interface ApplyResult {
  added: number;
  changed: number;
  renamed: number;
  deleted: number;
  failed: FailedChange[];
  /** Ctrl-C arrived: no new batch was started after it. */
  interrupted: boolean;
}

/** What a step before the mutations (a check, the uploads) sets aside, or that Ctrl-C stopped it. */
export interface PreparationOutcome {
  /** Changes left out of this apply, with why. */
  failed: { change: Change; message: string }[];
  /** Ctrl-C stopped the step: nothing of this project should be sent. */
  interrupted: boolean;
}

export function createEmptyResult(): ApplyResult {
  return { added: 0, changed: 0, renamed: 0, deleted: 0, failed: [], interrupted: false };
}

/** Counts one completed change under its action. */
export function countCompleted(result: ApplyResult, action: ChangeAction): void {
  switch (action) {
    case 'add':
      result.added += 1;
      break;
    case 'update':
      result.changed += 1;
      break;
    case 'rename':
      result.renamed += 1;
      break;
    case 'delete':
      result.deleted += 1;
      break;
    default: {
      const unreachable: never = action;
      throw new Error(`unknown action ${String(unreachable)}`);
    }
  }
}

/**
 * The one line shown for a failure: the server's message for API errors (never the request,
 * which could echo the API key), the first line otherwise.
 */
export function describeFailure(error: unknown): string {
  if (isKiliSyncError(error)) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? 'unknown error';
}

/** `Apply complete! 3 added, 1 changed, 1 renamed, 2 deleted.` and its incomplete variants. */
export function formatApplySummary(result: ApplyResult): string {
  const counts =
    `${result.added} added, ${result.changed} changed, ` +
    `${result.renamed} renamed, ${result.deleted} deleted`;
  if (result.interrupted) return `Apply interrupted: ${counts} before stopping.`;
  if (result.failed.length > 0) {
    return `Apply incomplete: ${counts}; ${result.failed.length} failed.`;
  }
  return `Apply complete! ${counts}.`;
}
