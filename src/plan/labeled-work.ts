import type { RemoteAsset } from './remote-state.js';
import type { BlockedReason, FieldChanges } from './types.js';

/** Whether a remote asset holds labeling work: labels, or a status other than TODO. */
export function isLabeled(asset: Pick<RemoteAsset, 'labelCount' | 'status'>): boolean {
  return asset.labelCount > 0 || asset.status !== 'TODO';
}

/** Why changing these fields of this asset must be consented to, if it must. */
export function findUpdateBlock(
  asset: Pick<RemoteAsset, 'labelCount' | 'status'>,
  fields: FieldChanges,
): BlockedReason | undefined {
  if (!isLabeled(asset)) return undefined;
  return fields.content !== undefined || fields.jsonContent !== undefined
    ? 'content-change-labeled'
    : undefined;
}

/** Why deleting this asset must be consented to, if it must. */
export function findDeleteBlock(
  asset: Pick<RemoteAsset, 'labelCount' | 'status'>,
): BlockedReason | undefined {
  return isLabeled(asset) ? 'delete-labeled' : undefined;
}
