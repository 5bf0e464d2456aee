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

/** An asset to append, with the id it is sent with: attempt k of its id sequence. */
interface Candidate {
  item: AppendItem;
  attempt: number;
  id: string;
  /** An append of it under this id went out and its answer was lost: it may be this run's. */
  maybeSent: boolean;
}

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
  const candidates = batch.items.map((item) => ({
    item,
    attempt: 0,
    id: item.assetId,
    maybeSent: false,
  }));
  await appendUntilSettled(client, projectId, candidates, outcome);
  return outcome;
}

async function appendUntilSettled(
  client: KiliClient,
  projectId: string,
  candidates: Candidate[],
  outcome: AppendOutcome,
): Promise<void> {
  let pending = candidates;
  /** Rounds that neither found an asset nor moved one to its next id. */
  let stalled = 0;
  while (pending.length > 0) {
    const items = pending.map(settle);
    let error: unknown;
    try {
      const { variables } = buildAppendBatch(projectId, items);
      await client.request(AppendManyAssetsDocument, variables, { retryUnknownOutcome: false });
      outcome.done.push(...items);
      return;
    } catch (caught) {
      error = caught;
    }
    // Every earlier attempt has been checked, so what is pending was certainly not sent.
    if (isInterrupted(error)) {
      outcome.skipped.push(...pending.map((candidate) => candidate.item));
      return;
    }
    const unknown = error instanceof OutcomeUnknownError;
    const refused = !unknown && isIdTakenError(error);
    if (!unknown && !refused) {
      outcome.failed.push(...fail(items, describeFailure(error)));
      return;
    }

    if (unknown) pending = pending.map((candidate) => ({ ...candidate, maybeSent: true }));
    const present = await readBack(client, projectId, items);
    if (present instanceof Error) {
      outcome.failed.push(...fail(items, present.message));
      return;
    }
    const sorted = sortByReadBack(projectId, pending, present);
    outcome.done.push(...sorted.created.map(settle));
    outcome.alreadyAdded.push(
      ...sorted.created.filter((candidate) => !candidate.maybeSent).map(settle),
    );
    pending = sorted.remaining;
    let progressed = sorted.progressed;
    if (refused && !progressed && pending.length > 0) {
      // One of these ids is taken by an asset the project does not show.
      if (pending.length === 1) {
        pending = [nextCandidate(projectId, pending[0]!)];
        progressed = true;
      } else {
        const half = Math.ceil(pending.length / 2);
        await appendUntilSettled(client, projectId, pending.slice(0, half), outcome);
        await appendUntilSettled(client, projectId, pending.slice(half), outcome);
        return;
      }
    }
    const exhausted = pending.filter((candidate) => candidate.attempt >= MAX_ID_ATTEMPTS);
    if (exhausted.length > 0) {
      const message = `not added: the ${MAX_ID_ATTEMPTS} ids kili-sync derives for it are all taken`;
      outcome.failed.push(...fail(exhausted.map(settle), message));
      pending = pending.filter((candidate) => candidate.attempt < MAX_ID_ATTEMPTS);
    }
    // Given up only after a read-back, so an append that did happen is never reported failed.
    if (!progressed) stalled += 1;
    if (stalled >= MAX_UNCERTAIN_ATTEMPTS && pending.length > 0) {
      outcome.failed.push(...fail(pending.map(settle), describeFailure(error)));
      return;
    }
  }
}

/**
 * What reading the ids back tells: an asset with the candidate's external ID was created; one
 * with another external ID holds the id, so the candidate moves to its next id; no asset means
 * not created (or hidden from this project).
 */
function sortByReadBack(
  projectId: string,
  pending: Candidate[],
  present: ReadonlyMap<string, RemoteAsset>,
): { created: Candidate[]; remaining: Candidate[]; progressed: boolean } {
  const created: Candidate[] = [];
  const remaining: Candidate[] = [];
  let moved = false;
  for (const candidate of pending) {
    const asset = present.get(candidate.id);
    if (asset === undefined) {
      remaining.push(candidate);
    } else if (asset.externalId === candidate.item.row.externalID) {
      created.push(candidate);
    } else {
      remaining.push(nextCandidate(projectId, candidate));
      moved = true;
    }
  }
  return { created, remaining, progressed: moved || created.length > 0 };
}

/** The server's refusal of an id that exists (the emulator's `[assetAlreadyExists]`). */
export function isIdTakenError(error: unknown): boolean {
  return /already ?exists?/i.test(describeFailure(error));
}

function nextCandidate(projectId: string, candidate: Candidate): Candidate {
  const attempt = candidate.attempt + 1;
  const id = deriveAssetId(projectId, candidate.item.row.externalID, attempt);
  return { item: candidate.item, attempt, id, maybeSent: false };
}

/** The item as it is sent and reported: with the id of its current attempt. */
function settle(candidate: Candidate): AppendItem {
  if (candidate.id === candidate.item.assetId) return candidate.item;
  return {
    ...candidate.item,
    assetId: candidate.id,
    row: { ...candidate.item.row, id: candidate.id },
  };
}
