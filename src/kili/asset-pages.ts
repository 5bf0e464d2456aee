import type { AssetWhere } from '../graphql/generated.js';
import { AssetsDocument, CountAssetsDocument } from '../graphql/generated.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import type { KiliClient } from './client.js';
import { PAGE_SIZE, toRemoteAsset } from './operations.js';

/** An `AssetWhere` filter, e.g. `{ project: { id } }`, typed by the schema. */
export type { AssetWhere };

/** `countAssets(where)`. */
export async function countAssets(client: KiliClient, where: AssetWhere): Promise<number> {
  const result = await client.request(CountAssetsDocument, { where });
  return result.data;
}

/** One `assets(where, first, skip)` page, mapped to {@link RemoteAsset}. */
export async function fetchAssetPage(
  client: KiliClient,
  where: AssetWhere,
  skip: number,
  first: number = PAGE_SIZE,
): Promise<RemoteAsset[]> {
  const result = await client.request(AssetsDocument, {
    where,
    first,
    skip,
  });
  return (result.data ?? []).map(toRemoteAsset);
}

export interface PageWalkOptions {
  /** Pages to read: `ceil(count / 100)` for a full read. */
  pageCount: number;
  /** Pages in flight at once. */
  concurrency: number;
  /** Called once per page, in page order, even though pages are fetched out of order. */
  onPage: (assets: RemoteAsset[], pageIndex: number) => void | Promise<void>;
}

/**
 * Reads pages 0..pageCount-1 of `where` (offset paging, 100 per page), several at a time, and
 * hands them to `onPage` in order. At most `2 × concurrency` pages are held in memory, so a
 * caller that streams its output stays small however large the project is.
 * Returns the number of rows of the last page.
 */
export async function walkAssetPages(
  client: KiliClient,
  where: AssetWhere,
  options: PageWalkOptions,
): Promise<number> {
  const window = Math.max(1, options.concurrency) * 2;
  const pending: Array<Promise<RemoteAsset[]> | undefined> = [];
  let launched = 0;
  const launch = () => {
    const page = fetchAssetPage(client, where, launched * PAGE_SIZE);
    // Awaited in order below; this only stops an early failure from being "unhandled".
    page.catch(() => undefined);
    pending.push(page);
    launched += 1;
  };
  while (launched < Math.min(window, options.pageCount)) launch();

  let lastLength = 0;
  for (let index = 0; index < options.pageCount; index += 1) {
    const rows = await pending[index]!;
    pending[index] = undefined;
    if (launched < options.pageCount) launch();
    lastLength = rows.length;
    await options.onPage(rows, index);
  }
  return lastLength;
}

/**
 * Reads every asset matching `where`, from `skip` on, one page after another until a short page.
 * Used for filters whose size the count does not tell (new assets, duplicate external IDs).
 */
export async function readUntilShortPage(
  client: KiliClient,
  where: AssetWhere,
  onPage: (assets: RemoteAsset[]) => void | Promise<void>,
  skip = 0,
): Promise<void> {
  for (let offset = skip; ; offset += PAGE_SIZE) {
    const rows = await fetchAssetPage(client, where, offset);
    await onPage(rows);
    if (rows.length < PAGE_SIZE) return;
  }
}
