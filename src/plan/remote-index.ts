import type { RemoteAsset } from './remote-state.js';

/**
 * The remote assets of a project by external ID, in read order. Nearly every external ID has a
 * single copy: it is kept as it is, and only the IDs read more than once get a list of their
 * copies, so indexing a hundred thousand assets builds no hundred thousand one-asset arrays.
 */
export interface RemoteIndex {
  /** The first copy read of each external ID, in the order the IDs were first read. */
  readonly firstCopies: ReadonlyMap<string, RemoteAsset>;
  /** Every copy, in read order, of each external ID that has more than one. */
  readonly duplicated: ReadonlyMap<string, readonly RemoteAsset[]>;
}

/**
 * Indexes remote assets by external ID. An asset read twice under its external ID (pages that
 * shifted while reading) is kept once. The readers already keep each asset id once; checking
 * only among the copies of one external ID spares a set of every id.
 */
export function indexByExternalId(assets: readonly RemoteAsset[]): RemoteIndex {
  const firstCopies = new Map<string, RemoteAsset>();
  const duplicated = new Map<string, RemoteAsset[]>();
  for (const asset of assets) {
    const first = firstCopies.get(asset.externalId);
    if (first === undefined) {
      firstCopies.set(asset.externalId, asset);
      continue;
    }
    const copies = duplicated.get(asset.externalId);
    if (copies === undefined) {
      if (first.id !== asset.id) duplicated.set(asset.externalId, [first, asset]);
    } else if (!copies.some((copy) => copy.id === asset.id)) copies.push(asset);
  }
  return { firstCopies, duplicated };
}

/**
 * Every copy of an external ID, in read order (none when it was not read). Builds an array for a
 * single copy: meant for the few IDs that need all their copies, not for every declared asset.
 */
export function listCopies(index: RemoteIndex, externalId: string): readonly RemoteAsset[] {
  const first = index.firstCopies.get(externalId);
  if (first === undefined) return [];
  return index.duplicated.get(externalId) ?? [first];
}
