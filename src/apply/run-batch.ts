import { isInterrupted } from '../errors.js';
import { type KiliClient, OutcomeUnknownError } from '../kili/client.js';
import { readAssetsByIds } from '../kili/read-assets.js';
import { describeFailure } from './apply-result.js';
import { buildAppendBatch, buildDeleteBatch } from './build-batch.js';
import {
  APPEND_MANY_ASSETS,
  DELETE_MANY_FROM_DATASET,
  UPDATE_PROPERTIES_IN_ASSETS,
} from './mutation-documents.js';
import type {
  AppendBatch,
  AppendItem,
  DeleteBatch,
  DeleteItem,
  UpdateBatch,
  UpdateItem,
} from './mutation-types.js';

/** How many times a batch whose outcome stays unknown is checked and resent. */
const MAX_UNCERTAIN_ATTEMPTS = 8;

export interface BatchOutcome<Item> {
  done: Item[];
  failed: { item: Item; message: string }[];
  /** Not sent because of Ctrl-C (the client refuses to start calls after it). */
  skipped: Item[];
}

/**
 * Sends an append exactly once per asset. It is never retried blindly: when its outcome is
 * unknown (dropped connection, timeout), the ids are read back and only the missing assets are
 * sent again, so a retry can never create a duplicate.
 */
export async function runAppendBatch(
  client: KiliClient,
  projectId: string,
  batch: AppendBatch,
): Promise<BatchOutcome<AppendItem>> {
  return runUncertainBatch(client, projectId, batch.items, {
    send: (items) =>
      client.request(APPEND_MANY_ASSETS, buildAppendBatch(projectId, items).variables, {
        retryUnknownOutcome: false,
      }),
    // Present after an unknown outcome: the earlier attempt did create it.
    isDone: (present) => present,
    // A resend that meets an id an uncertain attempt already created is no failure.
    isSettledError: (error) => /already ?exists/i.test(describeFailure(error)),
  });
}

/** Sends a delete; after an unknown outcome, only the assets that still exist are sent again. */
export async function runDeleteBatch(
  client: KiliClient,
  projectId: string,
  batch: DeleteBatch,
): Promise<BatchOutcome<DeleteItem>> {
  return runUncertainBatch(client, projectId, batch.items, {
    send: (items) =>
      client.request(DELETE_MANY_FROM_DATASET, buildDeleteBatch(items).variables, {
        retryUnknownOutcome: false,
      }),
    isDone: (present) => !present,
    isSettledError: () => false,
  });
}

/** Updates set absolute values, so resending one is harmless: the client retries it freely. */
export async function runUpdateBatch(
  client: KiliClient,
  batch: UpdateBatch,
): Promise<BatchOutcome<UpdateItem>> {
  try {
    await client.request(UPDATE_PROPERTIES_IN_ASSETS, batch.variables, {
      retryUnknownOutcome: true,
    });
    return { done: batch.items, failed: [], skipped: [] };
  } catch (error) {
    if (isInterrupted(error)) return { done: [], failed: [], skipped: batch.items };
    const message = describeFailure(error);
    return { done: [], failed: fail(batch.items, message), skipped: [] };
  }
}

interface UncertainStrategy<Item> {
  send(items: Item[]): Promise<unknown>;
  /** Whether an item is complete, given whether its asset exists now. */
  isDone(present: boolean): boolean;
  /** An error that, after an unknown outcome, means "check what happened" rather than "failed". */
  isSettledError(error: unknown): boolean;
}

async function runUncertainBatch<Item extends { assetId: string }>(
  client: KiliClient,
  projectId: string,
  items: Item[],
  strategy: UncertainStrategy<Item>,
): Promise<BatchOutcome<Item>> {
  const done: Item[] = [];
  let pending = items;
  let uncertain = false;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    try {
      await strategy.send(pending);
      return { done: [...done, ...pending], failed: [], skipped: [] };
    } catch (error) {
      // Every earlier attempt has been checked, so what is pending was certainly not sent.
      if (isInterrupted(error)) return { done, failed: [], skipped: pending };
      const recheck =
        error instanceof OutcomeUnknownError || (uncertain && strategy.isSettledError(error));
      if (!recheck || attempt >= MAX_UNCERTAIN_ATTEMPTS) {
        return { done, failed: fail(pending, describeFailure(error)), skipped: [] };
      }
      uncertain = true;
      let present: Set<string>;
      try {
        const found = await readAssetsByIds(
          client,
          projectId,
          pending.map((item) => item.assetId),
        );
        present = new Set(found.map((asset) => asset.id));
      } catch (readError) {
        const message = isInterrupted(readError)
          ? 'outcome unknown: interrupted before it could be checked (kili-sync plan shows it)'
          : `outcome unknown, and checking it failed: ${describeFailure(readError)}`;
        return { done, failed: fail(pending, message), skipped: [] };
      }
      done.push(...pending.filter((item) => strategy.isDone(present.has(item.assetId))));
      pending = pending.filter((item) => !strategy.isDone(present.has(item.assetId)));
    }
  }
  return { done, failed: [], skipped: [] };
}

function fail<Item>(items: Item[], message: string): { item: Item; message: string }[] {
  return items.map((item) => ({ item, message }));
}
