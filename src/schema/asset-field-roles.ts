/**
 * Every asset field kili-sync knows, once, with its roles: whether `defaults` and sources may
 * set it (`shared`), and whether the planner compares and writes it (`managed`). Its order is
 * the order fields are listed and shown. Plain data, apart from the schemas in
 * `asset-fields.ts`, so reading manifests never loads the schema builder.
 */
export const ASSET_FIELD_ROLES = {
  externalId: { shared: false, managed: true },
  content: { shared: false, managed: true },
  file: { shared: false, managed: false },
  jsonContent: { shared: false, managed: true },
  frames: { shared: false, managed: false },
  jsonMetadata: { shared: true, managed: true },
  priority: { shared: true, managed: true },
  isHoneypot: { shared: true, managed: true },
  honeypotMark: { shared: true, managed: true },
  consensusMark: { shared: true, managed: true },
  isUsedForConsensus: { shared: true, managed: true },
  toBeLabeledBy: { shared: true, managed: true },
  renamedFrom: { shared: false, managed: false },
} as const;

/** The `jsonMetadata` key kili-sync maintains itself (e.g. the sha256 of an uploaded file). */
export const RESERVED_METADATA_KEY = 'kiliSync';

/**
 * The `jsonMetadata` key where Kili reads how to process a video (and the official SDK puts it,
 * `{}` when none is given): compared and written only when a manifest declares it.
 */
export const PROCESSING_PARAMETERS_KEY = 'processingParameters';

type Roles = typeof ASSET_FIELD_ROLES;

/** Any asset field of a manifest. */
export type AssetField = keyof Roles;
/** A field `defaults` and sources may set for every asset they apply to. */
export type SharedField = {
  [K in AssetField]: Roles[K]['shared'] extends true ? K : never;
}[AssetField];
/** A field the planner compares and apply writes. */
export type ManagedField = {
  [K in AssetField]: Roles[K]['managed'] extends true ? K : never;
}[AssetField];

const fieldNames = Object.keys(ASSET_FIELD_ROLES) as AssetField[];

/** Fields an asset may carry, in table order. */
export const ASSET_FIELDS: readonly AssetField[] = fieldNames;

/** Fields that `defaults` and sources may set, in table order. */
export const SHARED_FIELDS: readonly SharedField[] = fieldNames.filter(
  (name): name is SharedField => ASSET_FIELD_ROLES[name].shared,
);

/** Fields the planner compares and apply writes, in the order plans show them. */
export const MANAGED_FIELDS: readonly ManagedField[] = fieldNames.filter(
  (name): name is ManagedField => ASSET_FIELD_ROLES[name].managed,
);
