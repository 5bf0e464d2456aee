import { createId } from '@paralleldrive/cuid2';
import { GraphQLClient } from 'graphql-request';
import PQueue from 'p-queue';
import { AppendManyAssetsDocument } from '../src/graphql/generated.js';
import { generateAsset } from './generate-data.js';

const SEED_BATCH = 100;
const SEED_IN_FLIGHT = 4;

/**
 * Appends `count` generated assets (indices `0..count-1` of `prefix`) to a project through the
 * API, in batches of 100 with several in flight. Used against a fault-free, unthrottled emulator
 * before any measurement.
 */
export async function seedProject(
  graphqlUrl: string,
  apiKey: string,
  projectId: string,
  prefix: string,
  count: number,
): Promise<void> {
  const client = new GraphQLClient(graphqlUrl, {
    headers: { Authorization: `X-API-Key: ${apiKey}` },
  });
  const queue = new PQueue({ concurrency: SEED_IN_FLIGHT });
  const tasks: Promise<unknown>[] = [];
  for (let start = 0; start < count; start += SEED_BATCH) {
    const size = Math.min(SEED_BATCH, count - start);
    const assets = Array.from({ length: size }, (_, offset) =>
      generateAsset(prefix, start + offset),
    );
    tasks.push(
      queue.add(() =>
        client.request(AppendManyAssetsDocument, {
          data: {
            contentArray: assets.map((asset) => asset.content),
            externalIDArray: assets.map((asset) => asset.externalId),
            idArray: assets.map(() => createId()),
            isHoneypotArray: assets.map(() => false),
            jsonContentArray: assets.map(() => ''),
            jsonMetadataArray: assets.map((asset) => JSON.stringify(asset.jsonMetadata)),
          },
          where: { id: projectId },
        }),
      ),
    );
  }
  await Promise.all(tasks);
}
