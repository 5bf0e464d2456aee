import { type Static, Type } from '@sinclair/typebox';

/** The `jsonMetadata` key kili-sync maintains itself (e.g. the sha256 of an uploaded file). */
export const RESERVED_METADATA_KEY = 'kiliSync';

/**
 * Every asset field kili-sync knows, once: its JSON Schema (with the help editors show), whether
 * `defaults` and sources may set it (`shared`), and whether the planner compares and writes it
 * (`managed`). The manifest and plan schemas, their TypeScript types and every field list derive
 * from this table; its order is the order fields are listed and shown.
 */
export const ASSET_FIELDS_TABLE = {
  externalId: {
    shared: false,
    managed: true,
    schema: Type.String({
      description:
        "The asset's external ID: required, a non-empty string, unique per project across all manifests. kili-sync identifies assets by it.",
      minLength: 1,
    }),
  },
  content: {
    shared: false,
    managed: true,
    schema: Type.String({
      description:
        "A URL of the asset's content, or the text itself for TEXT projects. At most one of `content` and `file`.",
    }),
  },
  file: {
    shared: false,
    managed: false,
    schema: Type.String({
      description:
        'A local file, relative to the manifest, uploaded on apply. At most one of `content` and `file`.',
      minLength: 1,
    }),
  },
  jsonContent: {
    shared: false,
    managed: true,
    schema: Type.Unsafe<string | Record<string, unknown> | unknown[]>({
      description:
        'Extra content of the asset (e.g. rich text): a string, or a mapping/list that is sent as JSON text.',
      type: ['string', 'object', 'array'],
    }),
  },
  jsonMetadata: {
    shared: true,
    managed: true,
    schema: Type.Unsafe<Record<string, unknown>>({
      description:
        'Metadata shown to labelers: a mapping of keys to values. Merged over the `defaults` metadata key by key. The key `kiliSync` is reserved.',
      type: 'object',
      properties: { [RESERVED_METADATA_KEY]: false },
    }),
  },
  priority: {
    shared: true,
    managed: true,
    schema: Type.Integer({
      description: 'Labeling priority: an integer from 0 to 2147483647, higher is labeled first.',
      minimum: 0,
      maximum: 2147483647,
    }),
  },
  isHoneypot: {
    shared: true,
    managed: true,
    schema: Type.Boolean({
      description:
        'Whether the asset is a honeypot (a gold-standard asset used to measure labeling quality): true or false.',
    }),
  },
  honeypotMark: {
    shared: true,
    managed: true,
    schema: Type.Number({
      description: 'The honeypot mark: a number between 0 and 1.',
      minimum: 0,
      maximum: 1,
    }),
  },
  consensusMark: {
    shared: true,
    managed: true,
    schema: Type.Number({
      description: 'The consensus mark: a number between 0 and 1.',
      minimum: 0,
      maximum: 1,
    }),
  },
  isUsedForConsensus: {
    shared: true,
    managed: true,
    schema: Type.Boolean({
      description: 'Whether the asset is labeled by several labelers for consensus: true or false.',
    }),
  },
  toBeLabeledBy: {
    shared: true,
    managed: true,
    schema: Type.Array(
      Type.String({
        description: "A labeler's email address, e.g. `ana@example.com`.",
        format: 'email',
      }),
      {
        description:
          'The emails of the labelers the asset is assigned to, e.g. `[ana@example.com]`.',
      },
    ),
  },
  renamedFrom: {
    shared: false,
    managed: false,
    schema: Type.String({
      description:
        'The external ID the asset had before: kili-sync renames the asset (keeping its labels) instead of deleting and adding it.',
      minLength: 1,
    }),
  },
} as const;

type Table = typeof ASSET_FIELDS_TABLE;

/** Any asset field of a manifest. */
export type AssetField = keyof Table;
/** A field `defaults` and sources may set for every asset they apply to. */
export type SharedField = {
  [K in AssetField]: Table[K]['shared'] extends true ? K : never;
}[AssetField];
/** A field the planner compares and apply writes. */
export type ManagedField = {
  [K in AssetField]: Table[K]['managed'] extends true ? K : never;
}[AssetField];

/** The value type of a field, derived from its schema. */
export type AssetFieldValue<K extends AssetField> = Static<Table[K]['schema']>;

const fieldNames = Object.keys(ASSET_FIELDS_TABLE) as AssetField[];

/** Fields an asset may carry, in table order. */
export const ASSET_FIELDS: readonly AssetField[] = fieldNames;

/** Fields that `defaults` and sources may set, in table order. */
export const SHARED_FIELDS: readonly SharedField[] = fieldNames.filter(
  (name): name is SharedField => ASSET_FIELDS_TABLE[name].shared,
);

/** Fields the planner compares and apply writes, in the order plans show them. */
export const MANAGED_FIELDS: readonly ManagedField[] = fieldNames.filter(
  (name): name is ManagedField => ASSET_FIELDS_TABLE[name].managed,
);
