import { isKiliSyncError } from '../errors.js';
import type { ApplyResult, FailedChange } from '../plan/apply-result.js';
import { compareStrings } from '../plan/normalize.js';
import type { Change, ChangeAction } from '../plan/types.js';
import type { BatchOutcome } from './batch-outcome.js';

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
    alreadyAdded: 0,
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

/** The count a completed change adds to, by its action. */
const COUNTED_AS = {
  add: 'added',
  update: 'changed',
  rename: 'renamed',
  delete: 'deleted',
} as const satisfies Record<ChangeAction, keyof ApplyResult>;

/** Counts one completed change under its action. */
export function countCompleted(result: ApplyResult, action: ChangeAction): void {
  result[COUNTED_AS[action]] += 1;
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

/** Counts each batch's done items and records its failed ones. */
export function recordOutcomes<Item extends { change: Change }>(
  result: ApplyResult,
  projectId: string,
  outcomes: BatchOutcome<Item>[],
): void {
  for (const outcome of outcomes) {
    for (const item of outcome.done) countCompleted(result, item.change.action);
  }
  recordFailures(result, projectId, outcomes);
}

/** Records each batch's failed items. */
export function recordFailures<Item extends { change: Change }>(
  result: ApplyResult,
  projectId: string,
  outcomes: BatchOutcome<Item>[],
): void {
  for (const outcome of outcomes) {
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
  result.failed.push({ projectId, externalId: change.externalId, action: change.action, message });
}

/** The order failures and duplicates are listed in: by project, then external ID. */
export function compareByProjectThenExternalId(
  a: Pick<FailedChange, 'projectId' | 'externalId'>,
  b: Pick<FailedChange, 'projectId' | 'externalId'>,
): number {
  return compareStrings(a.projectId, b.projectId) || compareStrings(a.externalId, b.externalId);
}
