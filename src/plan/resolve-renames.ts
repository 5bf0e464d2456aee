import type { Diagnostic } from '../errors.js';
import type { DesiredAsset } from './desired-state.js';
import type { RemoteIndex } from './remote-index.js';
import type { RemoteAsset } from './remote-state.js';
import type { PlanWarning } from './types.js';

/** Which remote assets a desired asset corresponds to. */
export type AssetTarget =
  /** Remote copies under the asset's own external ID (the first one read: see RemoteIndex). */
  | { kind: 'existing'; firstCopy: RemoteAsset; warning?: PlanWarning }
  /** Remote copies under the `renamedFrom` ID: the managed one is renamed. */
  | { kind: 'rename'; from: string; firstCopy: RemoteAsset; warning?: undefined }
  /** Nothing remote: the asset is added. */
  | { kind: 'new'; warning?: PlanWarning };

/**
 * Finds the remote assets a desired asset stands for. The new ID wins when it already exists
 * (the rename was applied before); the old copy is then simply no longer declared. `firstCopy` is
 * the first remote copy under the asset's own external ID, already looked up.
 */
export function resolveTarget(
  asset: DesiredAsset,
  firstCopy: RemoteAsset | undefined,
  remote: RemoteIndex,
): AssetTarget {
  const from = asset.renamedFrom;
  const sourceCopy =
    from === undefined || from === asset.externalId ? undefined : remote.firstCopies.get(from);
  if (firstCopy !== undefined) {
    if (sourceCopy === undefined) return { kind: 'existing', firstCopy };
    return {
      kind: 'existing',
      firstCopy,
      warning: {
        code: 'rename-target-exists',
        message: `${asset.externalId} is declared as renamed from ${from}, but both exist in the project; ${asset.externalId} is managed and ${from} is no longer declared (prune deletes it).`,
        externalId: asset.externalId,
      },
    };
  }
  if (from === undefined || from === asset.externalId) return { kind: 'new' };
  if (sourceCopy !== undefined) return { kind: 'rename', from, firstCopy: sourceCopy };
  return {
    kind: 'new',
    warning: {
      code: 'rename-source-missing',
      message: `${asset.externalId} is declared as renamed from ${from}, but neither exists in the project; it will be added.`,
      externalId: asset.externalId,
    },
  };
}

/**
 * Rename declarations that cannot be planned: a `renamedFrom` that another asset declares as its
 * own external ID, or that several assets claim.
 */
export function checkRenameSources(assets: readonly DesiredAsset[]): Diagnostic[] {
  if (!assets.some((asset) => asset.renamedFrom !== undefined)) return [];
  const declared = new Set(assets.map((asset) => asset.externalId));
  const claimedBy = new Map<string, DesiredAsset>();
  const diagnostics: Diagnostic[] = [];
  for (const asset of assets) {
    const from = asset.renamedFrom;
    if (from === undefined || from === asset.externalId) continue;
    if (declared.has(from)) {
      diagnostics.push({
        severity: 'error',
        message: `${asset.externalId}: renamedFrom ${from} is itself declared as an asset`,
        hint: `remove the declaration of ${from}, or drop renamedFrom to keep both assets`,
        where: asset.source,
      });
      continue;
    }
    const first = claimedBy.get(from);
    if (first === undefined) {
      claimedBy.set(from, asset);
      continue;
    }
    diagnostics.push({
      severity: 'error',
      message: `${asset.externalId}: ${first.externalId} is also declared as renamed from ${from}`,
      hint: 'rename each asset to one new external ID only',
      where: asset.source,
      related: [first.source],
    });
  }
  return diagnostics;
}
