import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { type AssetField, RESERVED_METADATA_KEY } from './asset-field-roles.js';
import { WITHOUT_CONTROL_CHARACTERS } from './text-patterns.js';

/**
 * The JSON Schema of every asset field (with the help editors show), one per field of
 * `ASSET_FIELD_ROLES`: the manifest and plan schemas and the TypeScript types of field values
 * derive from it.
 */
export const ASSET_FIELD_SCHEMAS = {
  externalId: Type.String({
    description:
      "The asset's external ID: required, a non-empty string without control characters, unique per project across all manifests. kili-sync identifies assets by it.",
    minLength: 1,
    pattern: WITHOUT_CONTROL_CHARACTERS,
  }),
  content: Type.String({
    description:
      "A URL of the asset's content, or the text itself for TEXT projects. At most one of `content` and `file`.",
  }),
  file: Type.String({
    description:
      'A local file, relative to the manifest, uploaded on apply. At most one of `content` and `file`.',
    minLength: 1,
  }),
  jsonContent: Type.Unsafe<string | Record<string, unknown> | unknown[]>({
    description:
      'Extra content of the asset (e.g. rich text): a string, or a mapping/list that is sent as JSON text.',
    type: ['string', 'object', 'array'],
  }),
  jsonMetadata: Type.Unsafe<Record<string, unknown>>({
    description:
      'Metadata shown to labelers: a mapping of keys to values. Merged over the `defaults` metadata key by key. The key `kiliSync` is reserved.',
    type: 'object',
    properties: { [RESERVED_METADATA_KEY]: false },
  }),
  priority: Type.Integer({
    description: 'Labeling priority: an integer from 0 to 2147483647, higher is labeled first.',
    minimum: 0,
    maximum: 2147483647,
  }),
  isHoneypot: Type.Boolean({
    description:
      'Whether the asset is a honeypot (a gold-standard asset used to measure labeling quality): true or false.',
  }),
  honeypotMark: Type.Number({
    description: 'The honeypot mark: a number between 0 and 1.',
    minimum: 0,
    maximum: 1,
  }),
  consensusMark: Type.Number({
    description: 'The consensus mark: a number between 0 and 1.',
    minimum: 0,
    maximum: 1,
  }),
  isUsedForConsensus: Type.Boolean({
    description: 'Whether the asset is labeled by several labelers for consensus: true or false.',
  }),
  toBeLabeledBy: Type.Array(
    Type.String({
      description: "A labeler's email address, e.g. `ana@example.com`.",
      format: 'email',
    }),
    {
      description: 'The emails of the labelers the asset is assigned to, e.g. `[ana@example.com]`.',
    },
  ),
  renamedFrom: Type.String({
    description:
      'The external ID the asset had before: kili-sync renames the asset (keeping its labels) instead of deleting and adding it.',
    minLength: 1,
  }),
} satisfies { [K in AssetField]: TSchema };

/** The value type of a field, derived from its schema. */
export type AssetFieldValue<K extends AssetField> = Static<(typeof ASSET_FIELD_SCHEMAS)[K]>;
