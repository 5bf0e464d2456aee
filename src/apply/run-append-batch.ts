import { isInterrupted } from '../errors.js';
import { AppendManyAssetsDocument } from '../graphql/generated.js';
import { type KiliClient, OutcomeUnknownError } from '../kili/client.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import { describeFailure } from './apply-result.js';
import { deriveAssetId } from './asset-ids.js';
import type { BatchOutcome } from './batch-outcome.js';
import { buildAppendBatch } from './build-batch.js';
import type { AppendBatch, AppendItem } from './mutation-types.js';
import { fail, MAX_UNCERTAIN_ATTEMPTS, readBack } from './run-batch.js';

/** Ids of the deterministic sequence tried per asset before it is reported as failed. */
const MAX_ID_ATTEMPTS = 16;

/** The batch's outcome, and which of its done items another run had created. */
export interface AppendOutcome extends BatchOutcome<AppendItem> {
  /**
   * Done items found under their derived id, with their external ID, after the server refused
   * the id as taken and before any append of this run under that id could have created them
   * (the server creates nothing of a batch it refuses): another run's (a concurrent apply, a
   * killed one). Each is in `done` as well.
   */
  alreadyAdded: AppendItem[];
}

/**
 * Appends a batch so that each asset exists exactly once, whoever else appends it. Every asset
 * has a derived id (see deriveAssetId), and the server refuses an id that exists. An append is
 * never resent blindly: when its outcome is unknown or the server says an id is taken, the ids
 * are read back:
 * - found with the same external ID: created, by a lost attempt of this run (counted as
 *   added), or else by a concurrent run or a killed one (counted as already added);
 * - found with another external ID: that id is taken, the asset moves to its next id;
 * - not found: sent again. When the server refuses a batch of which no id is visible, an id is
 *   taken by an asset this project does not show (deleted): halving the batch finds it, and it
 *   moves to its next id.
 * Done items carry the id their asset was created with.
 */
export async function runAppendBatch(
  client: KiliClient,
  projectId: string,
  batch: AppendBatch,
): Promise<AppendOutcome> {
  const outcome: AppendOutcome = { done: [], failed: [], skipped: [], alreadyAdded: [] };
  await appendUntilSettled(client, projectId, batch.items, new Set(), outcome);
  return outcome;
}

/**
 * `maybeSent`: the ids an append went out with whose answer was lost. An asset found under one
 * may be this run's; one found under any other id was created by another run.
 */
async function appendUntilSettled(
  client: KiliClient,
  projectId: string,
  items: AppendItem[],
  maybeSent: Set<string>,
  outcome: AppendOutcome,
): Promise<void> {
  let pending = items;
  /** Rounds that neither found an asset nor moved one to its next id. */
  let stalled = 0;
  while (pending.length > 0) {
    let error: unknown;
    try {
      const { variables } = buildAppendBatch(projectId, pending);
      await client.request(AppendManyAssetsDocument, variables, { retryUnknownOutcome: false });
      outcome.done.push(...pending);
      return;
    } catch (caught) {
      error = caught;
    }
    // Every earlier attempt has been checked, so what is pending was certainly not sent.
    if (isInterrupted(error)) {
      outcome.skipped.push(...pending);
      return;
    }
    const unknown = error instanceof OutcomeUnknownError;
    const refused = !unknown && isIdTakenError(error);
    if (!unknown && !refused) {
      outcome.failed.push(...fail(pending, describeFailure(error)));
      return;
    }

    if (unknown) for (const item of pending) maybeSent.add(item.assetId);
    const present = await readBack(client, projectId, pending);
    if (present instanceof Error) {
      outcome.failed.push(...fail(pending, present.message));
      return;
    }
    const sorted = sortByReadBack(projectId, pending, present);
    outcome.done.push(...sorted.created);
    outcome.alreadyAdded.push(...sorted.created.filter((item) => !maybeSent.has(item.assetId)));
    pending = sorted.remaining;
    let progressed = sorted.progressed;
    if (refused && !progressed && pending.length > 0) {
      // One of these ids is taken by an asset the project does not show.
      if (pending.length === 1) {
        pending = [nextId(projectId, pending[0]!)];
        progressed = true;
      } else {
        const half = Math.ceil(pending.length / 2);
        await appendUntilSettled(client, projectId, pending.slice(0, half), maybeSent, outcome);
        await appendUntilSettled(client, projectId, pending.slice(half), maybeSent, outcome);
        return;
      }
    }
    pending = takeUnexhausted(pending, outcome);
    // Given up only after a read-back, so an append that did happen is never reported failed.
    if (!progressed) stalled += 1;
    if (stalled >= MAX_UNCERTAIN_ATTEMPTS && pending.length > 0) {
      outcome.failed.push(...fail(pending, describeFailure(error)));
      return;
    }
  }
}

/** The items still worth sending; those whose derived ids are all taken are failed. */
export function takeUnexhausted(
  items: AppendItem[],
  outcome: BatchOutcome<AppendItem>,
): AppendItem[] {
  const exhausted = items.filter((item) => (item.attempt ?? 0) >= MAX_ID_ATTEMPTS);
  if (exhausted.length === 0) return items;
  const message = `not added: the ${MAX_ID_ATTEMPTS} ids kili-sync derives for it are all taken`;
  outcome.failed.push(...fail(exhausted, message));
  return items.filter((item) => (item.attempt ?? 0) < MAX_ID_ATTEMPTS);
}

/**
 * What reading the ids back tells (imports read them the same way): an asset with the item's
 * external ID was created; one with another external ID holds the id, so the item moves to its
 * next id; no asset means not created (or hidden from this project, or held by an import).
 */
export function sortByReadBack(
  projectId: string,
  pending: AppendItem[],
  present: ReadonlyMap<string, RemoteAsset>,
): { created: AppendItem[]; remaining: AppendItem[]; progressed: boolean } {
  const created: AppendItem[] = [];
  const remaining: AppendItem[] = [];
  let moved = false;
  for (const item of pending) {
    const asset = present.get(item.assetId);
    if (asset === undefined) remaining.push(item);
    else if (asset.externalId === item.row.externalID) created.push(item);
    else {
      remaining.push(nextId(projectId, item));
      moved = true;
    }
  }
  return { created, remaining, progressed: moved || created.length > 0 };
}

/** The server's refusal of an id that exists (the emulator's `[assetAlreadyExists]`). */
export function isIdTakenError(error: unknown): boolean {
  return /already ?exists?/i.test(describeFailure(error));
}

/** The item on the next id of its derived sequence (see deriveAssetId). */
function nextId(projectId: string, item: AppendItem): AppendItem {
  const attempt = (item.attempt ?? 0) + 1;
  const id = deriveAssetId(projectId, item.row.externalID, attempt);
  return { ...item, assetId: id, attempt, row: { ...item.row, id } };
}
