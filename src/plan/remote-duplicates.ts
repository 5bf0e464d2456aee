import { isLabeled } from './labeled-work.js';
import { compareStrings } from './normalize.js';
import type { RemoteAsset } from './remote-state.js';
import type { DeleteChange, PlanWarning } from './types.js';

/** Managed-copy order: most labels first, then the oldest, then the smallest id. */
export function compareManagedFirst(
  a: Pick<RemoteAsset, 'labelCount' | 'createdAt' | 'id'>,
  b: Pick<RemoteAsset, 'labelCount' | 'createdAt' | 'id'>,
): number {
  return (
    b.labelCount - a.labelCount ||
    compareStrings(a.createdAt, b.createdAt) ||
    compareStrings(a.id, b.id)
  );
}

/** The copies of one external ID: the one kili-sync manages, then the extras. */
export interface RankedCopies {
  managed: RemoteAsset;
  extras: readonly RemoteAsset[];
}

/** The extras of a single copy (shared: read only). */
const NO_EXTRAS: readonly RemoteAsset[] = Object.freeze([]);

/** Picks the managed copy among remote assets sharing one external ID. */
export function rankCopies(copies: readonly RemoteAsset[]): RankedCopies {
  if (copies.length === 1) return { managed: copies[0]!, extras: NO_EXTRAS };
  const [managed, ...extras] = [...copies].sort(compareManagedFirst);
  return { managed: managed!, extras };
}

/** What happens to the extra copies of one external ID. */
export interface DuplicateOutcome {
  deletes: DeleteChange[];
  warning?: PlanWarning;
}

function describeCopy(asset: RemoteAsset): string {
  const labels = asset.labelCount === 1 ? '1 label' : `${asset.labelCount} labels`;
  return `${asset.id} (${labels}, ${asset.status})`;
}

/**
 * Reports extra remote copies of a managed external ID. With `deleteExtras` (prune or dedupe),
 * the unlabeled extras are deleted; labeled extras are never deleted here.
 */
export function planDuplicates(
  externalId: string,
  ranked: RankedCopies,
  deleteExtras: boolean,
): DuplicateOutcome {
  if (ranked.extras.length === 0) return { deletes: [] };
  const labeled = ranked.extras.filter(isLabeled);
  const unlabeled = ranked.extras.filter((asset) => !isLabeled(asset));
  const parts = [
    `${ranked.extras.length + 1} remote assets have external ID ${externalId};`,
    `${describeCopy(ranked.managed)} is the managed copy.`,
  ];
  const deletes: DeleteChange[] = [];
  if (deleteExtras) {
    for (const asset of unlabeled) {
      deletes.push({
        action: 'delete',
        externalId,
        assetId: asset.id,
        updatedAt: asset.updatedAt,
        labels: asset.labelCount,
        reason: 'duplicate',
      });
    }
    if (unlabeled.length > 0) {
      parts.push(`Unlabeled extras to delete: ${unlabeled.map((a) => a.id).join(', ')}.`);
    }
    if (labeled.length > 0) {
      parts.push(`Kept because they hold labeling work: ${labeled.map(describeCopy).join(', ')}.`);
    }
  } else {
    parts.push(
      `Left alone: ${ranked.extras.map(describeCopy).join(', ')}.`,
      'Run apply with --dedupe (or set prune) to delete the unlabeled extras.',
    );
  }
  return {
    deletes,
    warning: { code: 'remote-duplicate', message: parts.join(' '), externalId },
  };
}
