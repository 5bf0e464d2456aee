import type { ProjectSnapshot } from '../files/snapshot-store.js';
import type { RemoteAsset, RemoteProject, RemoteProjectState } from '../plan/remote-state.js';
import { type AssetWhere, countAssets, fetchAssetPage } from './asset-pages.js';
import type { KiliClient } from './client.js';
import { type DeletionBudget, type LocatedDeletions, locateDeletions } from './locate-deletions.js';
import { PAGE_SIZE } from './operations.js';
import { readAssetsByIds } from './read-assets.js';

/**
 * The incremental read (see README, "Incremental plans"): the assets a snapshot holds, updated
 * with what changed since its cut-off, and proven complete by counting.
 *
 * - Changed and new assets: `updatedAtGte: cutoff`. A write moves `updatedAt`, and an asset
 *   created after the cut-off was written after it, so this finds both.
 * - Deletions: `countAssets(createdAtLte: cutoff)` against the snapshot's assets created by then.
 *   That set only shrinks, so an equal count means none was deleted; fewer means some were, and
 *   they are located by counting `createdAt` ranges (see locate-deletions.ts); more means the
 *   snapshot is wrong.
 * - Last, the project's count must equal the number of assets the read ends with.
 * Anything that does not add up is a fallback to a full read, never a guess.
 */

export type IncrementalRead =
  | {
      kind: 'read';
      state: RemoteProjectState;
      /** How the deletions were ruled out: one count, or counts of ranges and reads of a few. */
      deletions: 'count' | 'located';
      /** Ids of the assets taken from the snapshot without being read again. */
      fromSnapshot: ReadonlySet<string>;
    }
  | { kind: 'fallback'; reason: string };

/** Margin between the server's clock at the start of a read and the next cut-off. */
export const DEFAULT_CUTOFF_MARGIN_MS = 5 * 60 * 1000;

/**
 * The cut-off for a snapshot of the read about to start: the server's time (its latest `Date`
 * answer, never the local clock) minus a margin for writes in flight, whose timestamp is taken
 * before they become visible. Undefined before the server has answered once.
 */
export function takeCutoff(
  client: KiliClient,
  marginMs = DEFAULT_CUTOFF_MARGIN_MS,
): string | undefined {
  const serverTime = client.serverTimeLowerBound();
  return serverTime === undefined ? undefined : new Date(serverTime - marginMs).toISOString();
}

export async function readProjectIncrementally(
  client: KiliClient,
  project: RemoteProject,
  snapshot: ProjectSnapshot,
): Promise<IncrementalRead> {
  const projectWhere: AssetWhere = { project: { id: project.id } };
  const cutoff = snapshot.cutoff;
  const changed = await readChangedSince(client, projectWhere, cutoff);

  // The snapshot's assets created by the cut-off: the only ones that can still exist unread.
  const older = snapshot.assets.filter((asset) => asset.createdAt <= cutoff);
  const olderCount = await countAssets(client, { ...projectWhere, createdAtLte: cutoff });
  if (olderCount > older.length) {
    return { kind: 'fallback', reason: 'snapshot does not match Kili' };
  }
  // A full read costs a page per 100 assets: the search must cost less.
  const budget: DeletionBudget = { calls: Math.ceil(older.length / PAGE_SIZE) };
  const located: LocatedDeletions =
    olderCount === older.length
      ? { kind: 'located', deleted: new Set(), reread: [] }
      : await locateDeletions(client, projectWhere, older, olderCount, budget);
  if (located.kind === 'fallback') return located;

  // Kili's order: the older assets where the snapshot had them, then the new ones as read.
  const current = new Map<string, RemoteAsset>();
  for (const asset of older) current.set(asset.id, asset);
  const fromSnapshot = new Set(current.keys());
  for (const asset of [...changed, ...located.reread]) {
    current.set(asset.id, asset);
    fromSnapshot.delete(asset.id);
  }
  for (const id of located.deleted) {
    current.delete(id);
    fromSnapshot.delete(id);
  }
  const count = await countAssets(client, projectWhere);
  if (count !== current.size) {
    return { kind: 'fallback', reason: 'the project changed while it was read' };
  }
  return {
    kind: 'read',
    state: { project, count, assets: [...current.values()], partial: false, warnings: [] },
    deletions: olderCount === older.length ? 'count' : 'located',
    fromSnapshot,
  };
}

/**
 * Every asset written since `cutoff`, one page after another, by `createdAt` from where the last
 * page ended (excluding the ids already seen at that instant) rather than by offset: an asset
 * deleted meanwhile then cannot shift another out of the pages unseen.
 */
async function readChangedSince(
  client: KiliClient,
  projectWhere: AssetWhere,
  cutoff: string,
): Promise<RemoteAsset[]> {
  const byId = new Map<string, RemoteAsset>();
  let from: string | undefined;
  let seenAtFrom: string[] = [];
  for (;;) {
    const where: AssetWhere = { ...projectWhere, updatedAtGte: cutoff };
    if (from !== undefined) Object.assign(where, { createdAtGte: from, idNotIn: seenAtFrom });
    const page = await fetchAssetPage(client, where);
    for (const asset of page) byId.set(asset.id, asset);
    if (page.length < PAGE_SIZE) return [...byId.values()];
    const last = page[page.length - 1]!.createdAt;
    const atLast = page.filter((asset) => asset.createdAt === last).map((asset) => asset.id);
    seenAtFrom = last === from ? [...seenAtFrom, ...atLast] : atLast;
    from = last;
  }
}

/**
 * Reads by id the assets a plan's consent decisions rest on and that were taken from the
 * snapshot, and says whether each is exactly as the snapshot had it. Labeled work is never
 * protected by a snapshot alone.
 */
export async function confirmSnapshotAssets(
  client: KiliClient,
  projectId: string,
  assets: RemoteAsset[],
): Promise<boolean> {
  if (assets.length === 0) return true;
  const ids = assets.map((asset) => asset.id);
  const read = new Map(
    (await readAssetsByIds(client, projectId, ids)).map((asset) => [asset.id, asset]),
  );
  return assets.every((asset) => {
    const now = read.get(asset.id);
    return (
      now !== undefined &&
      now.externalId === asset.externalId &&
      now.updatedAt === asset.updatedAt &&
      now.labelCount === asset.labelCount &&
      now.status === asset.status
    );
  });
}
