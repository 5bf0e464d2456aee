import { isInterrupted } from '../errors.js';
import {
  DeleteManyFromDatasetDocument,
  UpdatePropertiesInAssetsDocument,
} from '../graphql/generated.js';
import { type KiliClient, mayHaveRun, OutcomeUnknownError } from '../kili/client.js';
import { readAssetsByIds } from '../kili/read-assets.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import { describeFailure } from './apply-result.js';
import type { BatchOutcome } from './batch-outcome.js';
import { buildDeleteBatch } from './build-batch.js';
import type { DeleteBatch, DeleteItem, UpdateBatch, UpdateItem } from './mutation-types.js';
import { updateTookEffect } from './update-took-effect.js';

/** How many times a batch whose outcome stays unknown is checked and resent. */
export const MAX_UNCERTAIN_ATTEMPTS = 8;

/**
 * Sends a delete exactly once per asset: when its outcome is unknown (dropped connection,
 * timeout), the ids are read back and only the assets that still exist are sent again.
 */
export async function runDeleteBatch(
  client: KiliClient,
  projectId: string,
  batch: DeleteBatch,
): Promise<BatchOutcome<DeleteItem>> {
  const done: DeleteItem[] = [];
  let pending = batch.items;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    let error: unknown;
    try {
      await client.request(DeleteManyFromDatasetDocument, buildDeleteBatch(pending).variables, {
        retryUnknownOutcome: false,
      });
      return { done: [...done, ...pending], failed: [], skipped: [] };
    } catch (caught) {
      error = caught;
    }
    // Every earlier attempt has been checked, so what is pending was certainly not sent.
    if (isInterrupted(error)) return { done, failed: [], skipped: pending };
    if (!(error instanceof OutcomeUnknownError)) {
      return { done, failed: fail(pending, describeFailure(error)), skipped: [] };
    }
    const present = await readBack(client, projectId, pending);
    if (present instanceof Error) {
      return { done, failed: fail(pending, present.message), skipped: [] };
    }
    done.push(...pending.filter((item) => !present.has(item.assetId)));
    pending = pending.filter((item) => present.has(item.assetId));
    // Checked before giving up, so a delete that did happen is never reported as failed.
    if (attempt >= MAX_UNCERTAIN_ATTEMPTS && pending.length > 0) {
      return { done, failed: fail(pending, describeFailure(error)), skipped: [] };
    }
  }
  return { done, failed: [], skipped: [] };
}

/**
 * Updates set absolute values, so resending one is harmless: the client retries it freely.
 * When it still fails after an attempt whose answer was lost, the assets are read back: those
 * that already hold the new values count as updated, as the lost attempt did take effect.
 */
export async function runUpdateBatch(
  client: KiliClient,
  projectId: string,
  batch: UpdateBatch,
): Promise<BatchOutcome<UpdateItem>> {
  try {
    await client.request(UpdatePropertiesInAssetsDocument, batch.variables, {
      retryUnknownOutcome: true,
    });
    return { done: batch.items, failed: [], skipped: [] };
  } catch (error) {
    if (isInterrupted(error)) return { done: [], failed: [], skipped: batch.items };
    const message = describeFailure(error);
    if (!mayHaveRun(error)) return { done: [], failed: fail(batch.items, message), skipped: [] };
    const present = await readBack(client, projectId, batch.items);
    if (present instanceof Error) {
      return { done: [], failed: fail(batch.items, message), skipped: [] };
    }
    // The asset read back must be the one the plan meant (its external ID, after a rename the
    // new one), not whatever now holds the id.
    const applied = (item: UpdateItem) => {
      const asset = present.get(item.assetId);
      return (
        asset !== undefined &&
        asset.externalId === item.change.externalId &&
        updateTookEffect(asset, item.data)
      );
    };
    return {
      done: batch.items.filter(applied),
      failed: fail(
        batch.items.filter((item) => !applied(item)),
        message,
      ),
      skipped: [],
    };
  }
}

/**
 * The batch's assets as they are now, by id; an Error (with the line to report) when they
 * could not be read, so the outcome stays unknown.
 */
export async function readBack(
  client: KiliClient,
  projectId: string,
  items: { assetId: string }[],
): Promise<Map<string, RemoteAsset> | Error> {
  try {
    const found = await readAssetsByIds(
      client,
      projectId,
      items.map((item) => item.assetId),
    );
    return new Map(found.map((asset) => [asset.id, asset]));
  } catch (readError) {
    return new Error(
      isInterrupted(readError)
        ? 'outcome unknown: interrupted before it could be checked (kili-sync plan shows it)'
        : `outcome unknown, and checking it failed: ${describeFailure(readError)}`,
    );
  }
}

export function fail<Item>(items: Item[], message: string): { item: Item; message: string }[] {
  return items.map((item) => ({ item, message }));
}
