import { setTimeout as sleep } from 'node:timers/promises';
import { createId } from '@paralleldrive/cuid2';
import { compileProjectPlan } from '../src/apply/compile.js';
import type { MutationBatch } from '../src/apply/mutation-types.js';
import {
  AppendManyAssetsDocument,
  AppendManyFramesToDatasetAsynchronouslyDocument,
  CountAssetsDocument,
  DeleteManyFromDatasetDocument,
  UpdatePropertiesInAssetsDocument,
} from '../src/graphql/generated.js';
import type { RemoteAsset } from '../src/plan/remote-state.js';
import type { Plan } from '../src/plan/types.js';
import type { BaselineClient } from './baseline-client.js';

/** The SDK waits this long after the last batch of a paginated mutation. */
const SETTLE_MS = 1_000;

/**
 * Executes a plan the way the official SDK would: the same mutations with the same variables,
 * one batch of 100 at a time. Like `mutate_from_paginated_call`, updates and deletes sleep 1 s
 * after their last batch, and a delete then counts its last asset until it is gone; imports do
 * not wait. Like the SDK's `add_metadata`, a metadata update starts from the metadata the plan
 * read (`current`, by asset id). Returns the number of assets each kind touched.
 */
export async function applyPlanSequentially(
  client: BaselineClient,
  plan: Plan,
  current: ReadonlyMap<string, RemoteAsset>,
): Promise<Record<string, number>> {
  const touched: Record<string, number> = {};
  for (const project of plan.projects) {
    const newAssetIds = new Map(
      project.changes.flatMap((change) =>
        change.action === 'add' ? [[change.externalId, createId()] as const] : [],
      ),
    );
    const compiled = compileProjectPlan(project, {
      newAssetIds,
      uploadedContent: new Map(),
      currentMetadata: { get: (assetId) => current.get(assetId)?.jsonMetadata },
    });
    for (const phase of compiled.phases) {
      const batches: MutationBatch[] = phase.batches;
      for (const batch of batches) {
        await sendBatch(client, batch);
        touched[phase.name] = (touched[phase.name] ?? 0) + batch.items.length;
      }
      const last = batches.at(-1);
      if (last === undefined || last.mutation === 'appendManyAssets') continue;
      await sleep(SETTLE_MS);
      if (last.mutation === 'deleteManyFromDataset') {
        await waitUntilGone(client, project.projectId, last.variables.where.idIn.at(-1)!);
      }
    }
  }
  return touched;
}

function sendBatch(client: BaselineClient, batch: MutationBatch): Promise<unknown> {
  switch (batch.mutation) {
    case 'appendManyAssets':
      return client.request(AppendManyAssetsDocument, { ...batch.variables });
    case 'appendManyFramesToDatasetAsynchronously':
      return client.request(AppendManyFramesToDatasetAsynchronouslyDocument, {
        ...batch.variables,
      });
    case 'updatePropertiesInAssets':
      return client.request(UpdatePropertiesInAssetsDocument, { ...batch.variables });
    case 'deleteManyFromDataset':
      return client.request(DeleteManyFromDatasetDocument, { ...batch.variables });
    default: {
      const unreachable: never = batch;
      throw new Error(`unknown batch ${JSON.stringify(unreachable)}`);
    }
  }
}

async function waitUntilGone(client: BaselineClient, projectId: string, assetId: string) {
  for (let attempt = 0; ; attempt += 1) {
    const counted = await client.request<{ data: number }>(CountAssetsDocument, {
      where: { id: assetId, project: { id: projectId } },
    });
    if (counted.data === 0) return;
    await sleep(Math.min(8_000, 1_000 * 2 ** attempt));
  }
}
