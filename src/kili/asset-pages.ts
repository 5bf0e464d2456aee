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

/** One `assets(where, first: 100, skip)` page, mapped to {@link RemoteAsset}. */
export async function fetchAssetPage(
  client: KiliClient,
  where: AssetWhere,
  skip = 0,
): Promise<RemoteAsset[]> {
  const result = await client.request(AssetsDocument, { where, first: PAGE_SIZE, skip });
  return (result.data ?? []).map(toRemoteAsset);
}

export interface FullReadOptions {
  /** Pages in flight at once. */
  concurrency: number;
  /** Called once per page, in page order, even though pages are fetched out of order. */
  onPage: (assets: RemoteAsset[]) => void | Promise<void>;
  /** Called instead for the pages of assets created during the read (default: `onPage`). */
  onLatePage?: (assets: RemoteAsset[]) => void | Promise<void>;
}

/**
 * Reads every asset of `where`, `count` of them at the start: pages 0..ceil(count/100)-1 (offset
 * paging, 100 per page), several at a time, handed to `onPage` in order; then counts again, and
 * reads on past those pages when assets were created meanwhile. At most `2 × concurrency` pages
 * are held in memory, so a caller that streams its output stays small however large the project
 * is. Returns the second count.
 */
export async function readAllAssets(
  client: KiliClient,
  where: AssetWhere,
  count: number,
  options: FullReadOptions,
): Promise<number> {
  const pageCount = Math.ceil(count / PAGE_SIZE);
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
  while (launched < Math.min(window, pageCount)) launch();

  let lastLength = 0;
  for (let index = 0; index < pageCount; index += 1) {
    const rows = await pending[index]!;
    pending[index] = undefined;
    if (launched < pageCount) launch();
    lastLength = rows.length;
    await options.onPage(rows);
  }
  const recount = await countAssets(client, where);
  if (recount > count && (count === 0 || lastLength === PAGE_SIZE)) {
    // Assets created during the read come last (ordered by createdAt): fetch them too.
    await readUntilShortPage(
      client,
      where,
      options.onLatePage ?? options.onPage,
      pageCount * PAGE_SIZE,
    );
  }
  return recount;
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
