/** The shapes of a `kili-sync/v1` manifest as written, after schema validation. */

/** Asset fields that `defaults` and sources may set for every asset they apply to. */
export interface RawSharedFields {
  jsonMetadata?: Record<string, unknown>;
  priority?: number;
  isHoneypot?: boolean;
  honeypotMark?: number;
  consensusMark?: number;
  isUsedForConsensus?: boolean;
  toBeLabeledBy?: string[];
}

/** One entry of `assets[]`, a JSONL line or a CSV row. */
export interface RawAsset extends RawSharedFields {
  externalId: string;
  content?: string;
  file?: string;
  jsonContent?: unknown;
  renamedFrom?: string;
}

/** One entry of `sources[]`: exactly one of `files`, `jsonl`, `csv`. */
export interface RawSource extends RawSharedFields {
  files?: string;
  externalId?: string;
  jsonl?: string;
  csv?: string;
}

export interface ManifestDocument {
  apiVersion: string;
  kind?: 'AssetSet';
  project: string;
  prune?: boolean;
  defaults?: RawSharedFields;
  assets?: RawAsset[];
  sources?: RawSource[];
}

/** The apiVersion this build reads. */
export const SUPPORTED_API_VERSION = 'kili-sync/v1';

/** Fields an asset may carry, in the order the schema lists them. */
export const ASSET_FIELDS = [
  'externalId',
  'content',
  'file',
  'jsonContent',
  'jsonMetadata',
  'priority',
  'isHoneypot',
  'honeypotMark',
  'consensusMark',
  'isUsedForConsensus',
  'toBeLabeledBy',
  'renamedFrom',
] as const;

/** Fields that `defaults` and sources may set. */
export const SHARED_FIELDS = [
  'jsonMetadata',
  'priority',
  'isHoneypot',
  'honeypotMark',
  'consensusMark',
  'isUsedForConsensus',
  'toBeLabeledBy',
] as const;

/** The metadata key kili-sync maintains itself (e.g. the sha256 of an uploaded file). */
export const RESERVED_METADATA_KEY = 'kiliSync';
