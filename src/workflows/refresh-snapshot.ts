import { loadSnapshot, saveSnapshot } from '../files/snapshot-store.js';
import { SNAPSHOT_FIELD_SET } from '../kili/operations.js';
import type { ApplyResult } from '../plan/apply-result.js';
import type { Plan } from '../plan/types.js';
import type { Connection } from './plan.js';
import type { SnapshotCache } from './read-remote.js';

/**
 * After an apply, takes the assets it deleted out of the snapshots its plan wrote, so the next
 * plan's deletion count agrees at once instead of searching for them. What it changed or added
 * needs nothing: those writes move `updatedAt` past the snapshot's cut-off, and the next plan
 * reads them like any other change.
 *
 * Only deletions that certainly happened are taken out: a snapshot missing an asset that still
 * exists could hide another client's deletion, while one that still holds a deleted asset only
 * costs the next plan a search. So nothing is taken out after Ctrl-C, nor for an external ID
 * one of whose deletions failed. Returns a note when a snapshot cannot be written.
 */
export function forgetDeletedAssets(
  cache: SnapshotCache | undefined,
  connection: Connection,
  plan: Plan,
  result: ApplyResult,
): string | undefined {
  if (cache === undefined || result.interrupted) return undefined;
  const { endpoint, apiKey } = connection;
  for (const project of plan.projects) {
    const failed = new Set(
      result.failed
        .filter((change) => change.projectId === project.projectId && change.action === 'delete')
        .map((change) => change.externalId),
    );
    const deleted = new Set(
      project.changes.flatMap((change) =>
        change.action === 'delete' && !failed.has(change.externalId) ? [change.assetId] : [],
      ),
    );
    if (deleted.size === 0) continue;
    const lookup = loadSnapshot(cache.dir, endpoint, project.projectId, SNAPSHOT_FIELD_SET, apiKey);
    if (!('snapshot' in lookup)) continue;
    const { snapshot } = lookup;
    const assets = snapshot.assets.filter((asset) => !deleted.has(asset.id));
    const hostedFiles = snapshot.hostedFiles?.filter((record) => !deleted.has(record.assetId));
    const note = saveSnapshot(
      cache.dir,
      { ...snapshot, assets, hostedFiles },
      SNAPSHOT_FIELD_SET,
      apiKey,
    );
    if (note !== undefined) return note;
  }
  return undefined;
}
