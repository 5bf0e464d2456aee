import type { DesiredAsset, InputTypeDependents } from '../plan/desired-state.js';
import { IdFingerprints } from './id-fingerprints.js';

/** Where the assets a project's manifests declare go, in declaration order. */
export interface AssetCollector {
  /** `origin`: the local file a `files` source generated the asset from. */
  add(asset: DesiredAsset, origin?: string): void;
}

/** Every asset kept, as a plan needs them. */
export class KeptAssets implements AssetCollector {
  readonly assets: DesiredAsset[] = [];
  /** Which file an asset was generated from, to tell duplicates from one generator apart. */
  readonly origins = new Map<DesiredAsset, string>();

  add(asset: DesiredAsset, origin?: string): void {
    this.assets.push(asset);
    if (origin !== undefined) this.origins.set(asset, origin);
  }
}

/**
 * What `validate` keeps: each asset is checked as it is read (the same code as for a plan) and
 * then only counted, so a million-line JSONL file is validated without holding its records.
 * The checks across assets keep what they need and no more: a fingerprint of each external ID
 * (duplicates) and the assets that rename (renames).
 *
 * A fingerprint seen twice may be a duplicate or a collision, and a rename's old ID that matches
 * a fingerprint may be declared or not; only the assets themselves can tell, and the messages
 * point at every copy. `needsExactCheck` then says to load again keeping every asset.
 */
export class CountedAssets implements AssetCollector {
  count = 0;
  readonly dependents: InputTypeDependents = { inlineTexts: 0, localFiles: 0 };
  /** The assets with `renamedFrom`, in declaration order. */
  readonly renamed: DesiredAsset[] = [];
  private readonly ids: IdFingerprints;
  private fingerprintSeenTwice = false;

  /** `fingerprintBits`: see IdFingerprints (tests shorten them to force collisions). */
  constructor(fingerprintBits?: number) {
    this.ids = new IdFingerprints(fingerprintBits);
  }

  add(asset: DesiredAsset): void {
    this.count += 1;
    countInputTypeDependent(this.dependents, asset);
    if (!this.ids.add(asset.externalId)) this.fingerprintSeenTwice = true;
    if (asset.renamedFrom !== undefined) this.renamed.push(asset);
  }

  /**
   * True when the project may hold a duplicate external ID, or a rename from an ID that is still
   * declared: the two findings whose messages need the other declarations.
   */
  needsExactCheck(): boolean {
    return (
      this.fingerprintSeenTwice || this.renamed.some((asset) => this.ids.has(asset.renamedFrom!))
    );
  }
}

/** Counts the asset in `dependents` when its validity depends on the project's input type. */
export function countInputTypeDependent(
  dependents: InputTypeDependents,
  asset: DesiredAsset,
): void {
  if (asset.file !== undefined) dependents.localFiles += 1;
  else if (asset.content !== undefined && asset.content !== '' && !HTTP_URL.test(asset.content)) {
    dependents.inlineTexts += 1;
  }
}

const HTTP_URL = /^https?:\/\//i;
