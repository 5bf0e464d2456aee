import type { ChangeAction } from './types.js';

/**
 * What an apply did, as it is reported: the document apply/execute fills and render/ turns into
 * the summary and result lines (render/render-apply-result.ts).
 */

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
  /**
   * Adds found already created under their derived id by another run (a concurrent apply, a
   * killed one) when this run appended them: done, but not by this run. Across runs that add
   * the same assets, `added` plus these sum to what each planned, and the `added` of all the
   * runs to the assets created.
   */
  alreadyAdded: number;
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
