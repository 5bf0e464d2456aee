import { isInterrupted } from '../errors.js';
import { AppendManyFramesToDatasetAsynchronouslyDocument } from '../graphql/generated.js';
import { type KiliClient, OutcomeUnknownError } from '../kili/client.js';
import { pollUntil, waitForNotification } from '../kili/wait-for-notification.js';
import { describeFailure } from './apply-result.js';
import type { BatchOutcome } from './batch-outcome.js';
import { buildImportBatch } from './build-batch.js';
import type { AppendItem, ImportBatch } from './mutation-types.js';
import { isIdTakenError, sortByReadBack, takeUnexhausted } from './run-append-batch.js';
import { fail, MAX_UNCERTAIN_ATTEMPTS, readBack } from './run-batch.js';

export interface ImportOptions {
  /** Ctrl-C: no import starts after it; a wait in progress stops (Kili goes on importing). */
  signal?: AbortSignal;
  /** Longest wait on one import, or on assets another import holds (default: an hour). */
  maxWaitMs?: number;
  /** Told while an import it waits on is still running. */
  onWaiting?: (notificationId: string, waitedMs: number) => void;
}

/** What an import batch did, and the imports still running at Kili when Ctrl-C stopped the wait. */
export interface ImportOutcome extends BatchOutcome<AppendItem> {
  /** Sent and accepted, then left running: neither added nor failed yet (a rerun settles them). */
  inFlight: AppendItem[];
}

/**
 * Imports a batch asynchronously, as the SDK does, and waits until Kili has processed it: the
 * mutation answers with a notification, polled until SUCCESS or FAILURE (see
 * waitForNotification). Exactly once, as appends are: ids are derived and sent in `idArray`,
 * and the server refuses an id that exists or that an import in flight holds. So when the answer
 * is lost or the server refuses, the ids are read back:
 * - found with the same external ID: imported (by a lost attempt, or by an earlier run killed
 *   while Kili processed it); counted as added;
 * - found with another external ID: the id is taken, the asset moves to its next id;
 * - not found after a refusal: an import still in flight holds the id (an interrupted run's),
 *   so the assets are waited for; they are never given another id, which would make a second
 *   copy once that import ends. Still absent after the longest wait: reported as failed.
 * After a FAILURE, the assets Kili did create count as added; the others fail with the
 * notification's message.
 */
export async function runImportBatch(
  client: KiliClient,
  projectId: string,
  batch: ImportBatch,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { done: [], failed: [], skipped: [], inFlight: [] };
  const { uploadType } = batch.variables.data;
  await importUntilSettled(client, projectId, uploadType, batch.items, options, outcome, true);
  return outcome;
}

/**
 * `mayWait`: a refusal of ids no asset shows is first waited out (an import in flight holds
 * them). Once a wait found nothing, the batch is halved instead, to import the assets whose ids
 * are free and fail only the ones still refused.
 */
async function importUntilSettled(
  client: KiliClient,
  projectId: string,
  uploadType: ImportBatch['variables']['data']['uploadType'],
  items: AppendItem[],
  options: ImportOptions,
  outcome: ImportOutcome,
  mayWait: boolean,
): Promise<void> {
  let pending = items;
  let stalled = 0;
  while (pending.length > 0) {
    let error: unknown;
    let notificationId: string | undefined;
    try {
      const { variables } = buildImportBatch(projectId, uploadType, pending);
      const answer = await client.request(
        AppendManyFramesToDatasetAsynchronouslyDocument,
        variables,
        {
          retryUnknownOutcome: false,
        },
      );
      notificationId = answer.data?.id;
    } catch (caught) {
      error = caught;
    }
    if (error === undefined) {
      await settleImport(client, projectId, pending, notificationId, options, outcome);
      return;
    }
    // Every earlier attempt has been checked, so what is pending was certainly not sent.
    if (isInterrupted(error)) {
      outcome.skipped.push(...pending);
      return;
    }
    const unknown = error instanceof OutcomeUnknownError;
    if (!unknown && !isIdTakenError(error)) {
      outcome.failed.push(...fail(pending, describeFailure(error)));
      return;
    }
    const present = await readBack(client, projectId, pending);
    if (present instanceof Error) {
      outcome.failed.push(...fail(pending, present.message));
      return;
    }
    const sorted = sortByReadBack(projectId, pending, present);
    outcome.done.push(...sorted.created);
    pending = takeUnexhausted(sorted.remaining, outcome);
    if (unknown) {
      // The import may be running with these ids: sending it again is refused if it is.
      if (!sorted.progressed) stalled += 1;
      if (stalled >= MAX_UNCERTAIN_ATTEMPTS && pending.length > 0) {
        outcome.failed.push(...fail(pending, describeFailure(error)));
        return;
      }
      continue;
    }
    if (sorted.progressed) continue;
    if (mayWait) {
      // Refused, and none of the ids is visible: an import in flight holds them.
      const waited = await waitForHeldAssets(client, projectId, pending, options, outcome);
      if (waited.appeared) {
        pending = takeUnexhausted(waited.left, outcome);
        continue;
      }
      if (waited.stopped) return;
    }
    if (pending.length === 1) {
      outcome.failed.push(...fail(pending, HELD_MESSAGE));
      return;
    }
    const half = Math.ceil(pending.length / 2);
    await importUntilSettled(
      client,
      projectId,
      uploadType,
      pending.slice(0, half),
      options,
      outcome,
      false,
    );
    await importUntilSettled(
      client,
      projectId,
      uploadType,
      pending.slice(half),
      options,
      outcome,
      false,
    );
    return;
  }
}

const HELD_MESSAGE =
  'not added: Kili refuses its id, which no asset of the project shows; an import still in ' +
  'progress (e.g. of an interrupted apply) may hold it: run apply again once it ends';

/** Waits on an accepted import's notification, then counts what it created. */
async function settleImport(
  client: KiliClient,
  projectId: string,
  items: AppendItem[],
  notificationId: string | undefined,
  options: ImportOptions,
  outcome: ImportOutcome,
): Promise<void> {
  if (notificationId === undefined) {
    outcome.failed.push(
      ...fail(items, 'Kili answered the import without a notification to wait on'),
    );
    return;
  }
  let ended: Awaited<ReturnType<typeof waitForNotification>>;
  try {
    ended = await waitForNotification(client, notificationId, {
      signal: options.signal,
      maxWaitMs: options.maxWaitMs,
      onPending: (waited) => options.onWaiting?.(notificationId, waited),
    });
  } catch (error) {
    if (isInterrupted(error)) outcome.inFlight.push(...items);
    else outcome.failed.push(...fail(items, describeFailure(error)));
    return;
  }
  if (ended === undefined) {
    outcome.failed.push(
      ...fail(
        items,
        `Kili was still importing it (notification ${notificationId}); run apply again later`,
      ),
    );
    return;
  }
  if (ended.status === 'SUCCESS') {
    outcome.done.push(...items);
    return;
  }
  const present = await readBack(client, projectId, items);
  const why = `Kili could not import it: ${ended.message || 'the notification says FAILURE'}`;
  if (present instanceof Error) {
    outcome.failed.push(...fail(items, `${why} (${present.message})`));
    return;
  }
  for (const item of items) {
    if (present.get(item.assetId)?.externalId === item.row.externalID) outcome.done.push(item);
    else outcome.failed.push({ item, message: why });
  }
}

/**
 * Polls the held ids until some of their assets appear (the import holding them ended).
 * `appeared`: what is left to send (assets whose id belongs to another external ID, on their
 * next id, and those the import holding them did not create). `stopped`: Ctrl-C or a failed
 * read ended the wait, and the items are recorded.
 */
async function waitForHeldAssets(
  client: KiliClient,
  projectId: string,
  held: AppendItem[],
  options: ImportOptions,
  outcome: ImportOutcome,
): Promise<{ appeared: boolean; stopped: boolean; left: AppendItem[] }> {
  let seen: ReturnType<typeof sortByReadBack> | undefined;
  try {
    seen = await pollUntil(
      async () => {
        const present = await readBack(client, projectId, held);
        if (present instanceof Error) throw present;
        const sorted = sortByReadBack(projectId, held, present);
        return sorted.progressed ? sorted : undefined;
      },
      { signal: options.signal, maxWaitMs: options.maxWaitMs },
    );
  } catch (error) {
    if (isInterrupted(error)) outcome.inFlight.push(...held);
    else outcome.failed.push(...fail(held, describeFailure(error)));
    return { appeared: false, stopped: true, left: [] };
  }
  if (seen === undefined) return { appeared: false, stopped: false, left: held };
  outcome.done.push(...seen.created);
  return { appeared: true, stopped: false, left: seen.remaining };
}
