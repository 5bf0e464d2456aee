import { AssetIdsDocument } from '../graphql/generated.js';
import { chunk } from '../util/chunk.js';
import { countAssets } from './asset-pages.js';
import type { KiliClient } from './client.js';
import { PAGE_SIZE } from './operations.js';
import { DECLARED_CHUNK_SIZE } from './read-assets.js';

/** External IDs per `countAssets` filter: the SDK's `externalIdStrictlyIn` chunk. */
const COUNT_CHUNK_SIZE = 1000;

/**
 * The external IDs among `externalIds`, all present in the project, that more than one asset
 * carries, with how many do. Each chunk of 1,000 is counted (`externalIdStrictlyIn`); only a
 * chunk whose count is not one asset per ID is read, in pages of 100, to find which. N IDs
 * thus cost ceil(N/1000) calls when there is no duplicate.
 */
export async function findDuplicateExternalIds(
  client: KiliClient,
  projectId: string,
  externalIds: readonly string[],
): Promise<Map<string, number>> {
  const duplicates = new Map<string, number>();
  await Promise.all(
    chunk([...new Set(externalIds)], COUNT_CHUNK_SIZE).map(async (ids) => {
      const where = { project: { id: projectId }, externalIdStrictlyIn: ids };
      if ((await countAssets(client, where)) === ids.length) return;
      const copies = await countCopies(client, projectId, ids);
      for (const [externalId, count] of copies) if (count > 1) duplicates.set(externalId, count);
    }),
  );
  return duplicates;
}

/** Assets per external ID, read 99 IDs at a time so that IDs held once fit in one page. */
async function countCopies(
  client: KiliClient,
  projectId: string,
  externalIds: string[],
): Promise<Map<string, number>> {
  const idsByExternalId = new Map<string, Set<string>>();
  for (const ids of chunk(externalIds, DECLARED_CHUNK_SIZE)) {
    const where = { project: { id: projectId }, externalIdStrictlyIn: ids };
    for (let skip = 0; ; skip += PAGE_SIZE) {
      const page = await client.request(AssetIdsDocument, { where, first: PAGE_SIZE, skip });
      const rows = page.data ?? [];
      for (const row of rows) {
        const assetIds = idsByExternalId.get(row.externalId) ?? new Set<string>();
        assetIds.add(row.id);
        idsByExternalId.set(row.externalId, assetIds);
      }
      if (rows.length < PAGE_SIZE) break;
    }
  }
  return new Map([...idsByExternalId].map(([externalId, ids]) => [externalId, ids.size]));
}
