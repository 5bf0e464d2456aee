import { isPlainObject } from './normalize.js';

/**
 * What kili-sync records of ownership under the reserved `kiliSync` metadata key, in a project
 * with an owner (see README, "Sharing a project"): the owner that manages the asset, the
 * `jsonMetadata` keys kili-sync wrote there, and where the last write came from. Apply derives
 * every one of them from what it sends and from its own run (apply/content-writes.ts); the
 * planner only reads them.
 */

/** The owner that manages the asset. */
export const OWNER_RECORD_KEY = 'owner';
/** The `jsonMetadata` keys kili-sync wrote and has not removed since, sorted. */
export const METADATA_KEYS_RECORD_KEY = 'metadataKeys';
/** The commit of the manifests the last write came from (when they are in git). */
export const COMMIT_RECORD_KEY = 'commit';
/** The manifest the last write came from, relative to where kili-sync ran. */
export const MANIFEST_RECORD_KEY = 'manifest';

/** The owner an asset is marked with, or undefined when none (or the record is not kili-sync's). */
export function ownerMark(reserved: unknown): string | undefined {
  if (!isPlainObject(reserved)) return undefined;
  const owner = reserved[OWNER_RECORD_KEY];
  return typeof owner === 'string' && owner !== '' ? owner : undefined;
}

const NO_KEYS: readonly string[] = [];

/** The metadata keys kili-sync recorded as written by it. */
export function recordedMetadataKeys(reserved: unknown): readonly string[] {
  if (!isPlainObject(reserved)) return NO_KEYS;
  const keys = reserved[METADATA_KEYS_RECORD_KEY];
  return Array.isArray(keys)
    ? keys.filter((key): key is string => typeof key === 'string')
    : NO_KEYS;
}

/** Where an asset's last kili-sync write came from, when recorded. */
export interface Provenance {
  owner?: string;
  commit?: string;
  manifest?: string;
}

export function provenanceOf(reserved: unknown): Provenance | undefined {
  if (!isPlainObject(reserved)) return undefined;
  const provenance: Provenance = {};
  const owner = ownerMark(reserved);
  if (owner !== undefined) provenance.owner = owner;
  const commit = reserved[COMMIT_RECORD_KEY];
  if (typeof commit === 'string' && commit !== '') provenance.commit = commit;
  const manifest = reserved[MANIFEST_RECORD_KEY];
  if (typeof manifest === 'string' && manifest !== '') provenance.manifest = manifest;
  return Object.keys(provenance).length > 0 ? provenance : undefined;
}
