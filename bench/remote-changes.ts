import { createId } from '@paralleldrive/cuid2';
import { GraphQLClient } from 'graphql-request';
import {
  AppendManyAssetsDocument,
  DeleteManyFromDatasetDocument,
  UpdatePropertiesInAssetsDocument,
} from '../src/graphql/generated.js';
import { generateAsset } from './generate-data.js';

/**
 * Another client's work on a seeded project between two plans, as labelers and scripts do it:
 * metadata and priority edits, labels, new assets, and (separately) deletions. Sent in batches
 * of 100 before a measured section.
 */

const BATCH = 100;

export interface RemoteChanges {
  metadataUpdates: number;
  priorityUpdates: number;
  labels: number;
  appends: number;
}

/** 200 changes: half metadata edits, a fifth priority edits, a few labels, a quarter new assets. */
export const TWO_HUNDRED_CHANGES: RemoteChanges = {
  metadataUpdates: 100,
  priorityUpdates: 40,
  labels: 10,
  appends: 50,
};

export function countChanges(changes: RemoteChanges): number {
  return changes.metadataUpdates + changes.priorityUpdates + changes.labels + changes.appends;
}

function connect(graphqlUrl: string, apiKey: string): GraphQLClient {
  return new GraphQLClient(graphqlUrl, { headers: { Authorization: `X-API-Key: ${apiKey}` } });
}

/**
 * The ids of `count` seeded assets (`prefix`, indices `0..total-1`) spread evenly over the
 * project, starting at `offset` so that two calls can pick different assets.
 */
async function pickSpreadAssets(
  client: GraphQLClient,
  projectId: string,
  prefix: string,
  total: number,
  count: number,
  offset: number,
): Promise<string[]> {
  const step = Math.max(1, Math.floor(total / Math.max(1, count)));
  const externalIds = Array.from(
    { length: count },
    (_, n) => generateAsset(prefix, (n * step + offset) % total).externalId,
  );
  const ids: string[] = [];
  for (let start = 0; start < externalIds.length; start += BATCH) {
    const result = await client.request<{ data: { id: string }[] }>(
      'query assets($where: AssetWhere!, $first: PageSize!, $skip: Int!) { data: assets(where: $where, first: $first, skip: $skip) { id } }',
      {
        where: {
          project: { id: projectId },
          externalIdStrictlyIn: externalIds.slice(start, start + BATCH),
        },
        first: BATCH,
        skip: 0,
      },
    );
    ids.push(...result.data.map((asset) => asset.id));
  }
  if (ids.length !== count) throw new Error(`found ${ids.length} of ${count} seeded assets`);
  return ids;
}

async function updateInBatches(
  client: GraphQLClient,
  ids: string[],
  data: (index: number) => Record<string, unknown>,
): Promise<void> {
  for (let start = 0; start < ids.length; start += BATCH) {
    const slice = ids.slice(start, start + BATCH);
    await client.request(UpdatePropertiesInAssetsDocument, {
      whereArray: slice.map((id) => ({ id })),
      dataArray: slice.map((_, n) => data(start + n)),
    });
  }
}

/** Applies `changes` to a project seeded with `total` assets of `prefix`. */
export async function applyRemoteChanges(
  endpoint: { graphqlUrl: string; apiKey: string },
  project: { id: string; prefix: string; total: number },
  changes: RemoteChanges,
): Promise<void> {
  const client = connect(endpoint.graphqlUrl, endpoint.apiKey);
  const pick = (count: number, offset: number) =>
    pickSpreadAssets(client, project.id, project.prefix, project.total, count, offset);
  const edited = await pick(changes.metadataUpdates, 7);
  await updateInBatches(client, edited, (n) => ({
    jsonMetadata: JSON.stringify({ split: 'remote', shard: n % 50 }),
  }));
  await updateInBatches(client, await pick(changes.priorityUpdates, 13), () => ({ priority: 3 }));
  const labeled = await pick(changes.labels, 29);
  await client.request(
    'mutation appendManyLabels($data: AppendManyLabelsData!, $where: AssetWhere!) { data: appendManyLabels(data: $data, where: $where) { id } }',
    {
      data: {
        labelType: 'DEFAULT',
        labelsData: labeled.map((assetID) => ({ assetID, jsonResponse: '{}' })),
      },
      where: { idIn: labeled },
    },
  );
  const added = Array.from({ length: changes.appends }, (_, n) => ({
    externalId: `remote-new-${n}`,
    content: `https://cdn.example.com/remote/${n}.jpg`,
  }));
  await client.request(AppendManyAssetsDocument, {
    data: {
      contentArray: added.map((asset) => asset.content),
      externalIDArray: added.map((asset) => asset.externalId),
      idArray: added.map(() => createId()),
      jsonMetadataArray: added.map(() => '{}'),
    },
    where: { id: project.id },
  });
}

/** Deletes `count` seeded assets spread over the project (unlabeled ones: offset 3). */
export async function deleteRemoteAssets(
  endpoint: { graphqlUrl: string; apiKey: string },
  project: { id: string; prefix: string; total: number },
  count: number,
): Promise<void> {
  const client = connect(endpoint.graphqlUrl, endpoint.apiKey);
  const ids = await pickSpreadAssets(client, project.id, project.prefix, project.total, count, 3);
  await client.request(DeleteManyFromDatasetDocument, { where: { idIn: ids } });
}
