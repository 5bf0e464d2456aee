import type { RemoteAsset } from '../plan/remote-state.js';
import { type AssetWhere, countAssets, readUntilShortPage } from './asset-pages.js';
import type { KiliClient } from './client.js';
import { PAGE_SIZE } from './operations.js';

/** Calls the search may still make before a full read would have been cheaper. */
export interface DeletionBudget {
  calls: number;
}

export type LocatedDeletions =
  | { kind: 'located'; deleted: Set<string>; reread: RemoteAsset[] }
  | { kind: 'fallback'; reason: string };

class GiveUp extends Error {}

/**
 * Finds which of `older` (a snapshot's assets created by its cut-off) no longer exist, knowing
 * that `serverCount` of them do. Ranges of `createdAt` are counted and halved where the count
 * falls short of the snapshot's; a range of at most one page is read instead, which also
 * refreshes its assets. A deleted asset costs about 2 calls per halving: log2(N/100) + 1 levels.
 * Gives up (a full read is then the answer) when the budget runs out or Kili holds an asset of
 * a range that the snapshot does not.
 */
export async function locateDeletions(
  client: KiliClient,
  projectWhere: AssetWhere,
  older: RemoteAsset[],
  serverCount: number,
  budget: DeletionBudget,
): Promise<LocatedDeletions> {
  const sorted = [...older].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
  );
  const deleted = new Set<string>();
  const reread: RemoteAsset[] = [];
  const spend = () => {
    budget.calls -= 1;
    if (budget.calls < 0) throw new GiveUp('many assets were deleted');
  };
  const rangeWhere = (lo: number, hi: number): AssetWhere => ({
    ...projectWhere,
    createdAtGte: sorted[lo]!.createdAt,
    createdAtLte: sorted[hi - 1]!.createdAt,
  });

  const readRange = async (lo: number, hi: number) => {
    const expected = new Set(sorted.slice(lo, hi).map((asset) => asset.id));
    const found: RemoteAsset[] = [];
    spend();
    await readUntilShortPage(client, rangeWhere(lo, hi), (assets) => {
      found.push(...assets);
      if (assets.length === PAGE_SIZE) spend();
    });
    for (const asset of found) {
      if (!expected.delete(asset.id)) throw new GiveUp('snapshot does not match Kili');
    }
    reread.push(...found);
    for (const id of expected) deleted.add(id);
  };

  // Ranges may only be cut between two different `createdAt`, or the counts would overlap.
  const splitPoint = (lo: number, hi: number): number | undefined => {
    const middle = (lo + hi) >> 1;
    for (let step = 0; middle - step > lo || middle + step < hi; step += 1) {
      for (const at of [middle - step, middle + step]) {
        if (at > lo && at < hi && sorted[at - 1]!.createdAt < sorted[at]!.createdAt) return at;
      }
    }
    return undefined;
  };

  const search = async (lo: number, hi: number, count: number): Promise<void> => {
    if (count === hi - lo) return;
    if (count > hi - lo) throw new GiveUp('snapshot does not match Kili');
    const at = hi - lo <= PAGE_SIZE ? undefined : splitPoint(lo, hi);
    if (at === undefined) return readRange(lo, hi);
    spend();
    const left = await countAssets(client, rangeWhere(lo, at));
    await Promise.all([search(lo, at, left), search(at, hi, count - left)]);
  };

  try {
    if (sorted.length > 0) await search(0, sorted.length, serverCount);
    return { kind: 'located', deleted, reread };
  } catch (error) {
    if (error instanceof GiveUp) return { kind: 'fallback', reason: error.message };
    throw error;
  }
}
