import { isKiliSyncError } from '../errors.js';
import { compareStrings } from '../plan/normalize.js';
import type { Change, ChangeAction } from '../plan/types.js';
import type { BatchOutcome } from './batch-outcome.js';

/** A plan change that did not (fully) happen, with the server's reason. */
export interface FailedChange {
  projectId: string;
  externalId: string;
  action: ChangeAction;
  message: string;
}

/** An external ID that several assets carry after an apply added it. */
export interface DuplicatedExternalId {
  projectId: string;
  externalId: string;
  /** Assets carrying it. */
  copies: number;
}

/**
 * What an apply did. Counts are changes that completed; each change of the plan is counted at
 * most once, as done or as failed (Ctrl-C leaves the rest unsent; rerunning plan shows them).
 */
export interface ApplyResult {
  added: number;
  changed: number;
  renamed: number;
  deleted: number;
  failed: FailedChange[];
  /** Ctrl-C arrived: no new batch was started after it. */
  interrupted: boolean;
  /** Added external IDs that another writer also added meanwhile: a rerun does not fix them. */
  duplicates: DuplicatedExternalId[];
  /** Things to know that failed no change (e.g. the duplicate check could not run). */
  warnings: string[];
  /** Added assets whose follow-up fields were not sent (Ctrl-C): a rerun sets them. */
  pending: PendingFields[];
}

/** An added asset still without some fields it was planned with. */
export interface PendingFields {
  projectId: string;
  externalId: string;
  fields: string[];
}

/** What a step before the mutations (a check, the uploads) sets aside, or that Ctrl-C stopped it. */
export interface PreparationOutcome {
  /** Changes left out of this apply, with why. */
  failed: { change: Change; message: string }[];
  /** Ctrl-C stopped the step: nothing of this project should be sent. */
  interrupted: boolean;
}

export function createEmptyResult(): ApplyResult {
  return {
    added: 0,
    changed: 0,
    renamed: 0,
    deleted: 0,
    failed: [],
    interrupted: false,
    duplicates: [],
    warnings: [],
    pending: [],
  };
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
  if (result.interrupted) {
    const pending = result.pending.length;
    const unset =
      pending === 0
        ? ''
        : ` ${pending} of the added ${pending === 1 ? 'assets still lacks' : 'assets still lack'} the fields set after the append (priority, labelers, marks); a rerun sets them.`;
    return `Apply interrupted: ${counts} before stopping.${unset}`;
  }
  const problems: string[] = [];
  if (result.failed.length > 0) problems.push(`${result.failed.length} failed`);
  if (result.duplicates.length > 0) {
    const count = result.duplicates.length;
    problems.push(`${count} external ${count === 1 ? 'ID has' : 'IDs have'} duplicates`);
  }
  if (problems.length > 0) return `Apply incomplete: ${counts}; ${problems.join(', ')}.`;
  return `Apply complete! ${counts}.`;
}

/**
 * The error lines for external IDs that ended up on several assets, with the command that
 * removes the extra copies.
 */
export function formatDuplicateReport(
  duplicates: readonly DuplicatedExternalId[],
  dedupeCommand: string,
): string {
  const count = duplicates.length;
  const lines = [
    `error: ${count} added external ${count === 1 ? 'ID is' : 'IDs are'} carried by several ` +
      'assets (another writer added them at the same time):',
  ];
  const shown = duplicates.slice(0, 20);
  for (const { projectId, externalId, copies } of shown) {
    lines.push(`  ${externalId} (${projectId}): ${copies} assets`);
  }
  if (count > shown.length) lines.push(`  … and ${count - shown.length} more`);
  lines.push(`hint: delete the unlabeled extra copies with: ${dedupeCommand}`);
  return `${lines.join('\n')}\n`;
}

/** Counts each batch's done items and records its failed ones. */
export function recordOutcomes<Item extends { change: Change }>(
  result: ApplyResult,
  projectId: string,
  outcomes: BatchOutcome<Item>[],
): void {
  for (const outcome of outcomes) {
    for (const item of outcome.done) countCompleted(result, item.change.action);
    for (const { item, message } of outcome.failed) {
      recordFailure(result, projectId, item.change, message);
    }
  }
}

/** Records one change that did not (fully) happen, with why. */
export function recordFailure(
  result: ApplyResult,
  projectId: string,
  change: Change,
  message: string,
): void {
  const failure: FailedChange = {
    projectId,
    externalId: change.externalId,
    action: change.action,
    message,
  };
  result.failed.push(failure);
}

/** Failures in the order they are listed: by project, then external ID. */
export function compareFailures(a: FailedChange, b: FailedChange): number {
  return compareStrings(a.projectId, b.projectId) || compareStrings(a.externalId, b.externalId);
}
