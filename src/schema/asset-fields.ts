import { type Static, type TSchema, Type } from '@sinclair/typebox';
import {
  type AssetField,
  PROCESSING_PARAMETERS_KEY,
  RESERVED_METADATA_KEY,
} from './asset-field-roles.js';
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
      'Extra content of the asset (e.g. rich text): a string, or a mapping/list that is sent as JSON text. In VIDEO projects a list of frame URLs is a frame sequence, as `frames`.',
    type: ['string', 'object', 'array'],
  }),
  frames: Type.Unsafe<string[] | { files: string }>({
    description:
      'VIDEO projects: the asset is a video made of these frames, in order: a list of frame URLs or of local image files (relative to the manifest), or `{files: "<glob>"}` for the local files a pattern matches, sorted by path with numbers in numeric order (frame-2 before frame-10). Stored the way the official SDK stores frames: a file mapping each index to its frame URL ({"0": url, …}), which becomes the asset\'s `jsonContent`; local frames are uploaded first. Not with `jsonContent` or `file`.',
    oneOf: [
      { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
      {
        type: 'object',
        properties: {
          files: {
            type: 'string',
            minLength: 1,
            description:
              'A glob (fast-glob syntax) of local frame files, relative to the manifest, e.g. `clip-01/*.jpg`.',
          },
        },
        required: ['files'],
        additionalProperties: false,
      },
    ],
  }),
  jsonMetadata: Type.Unsafe<Record<string, unknown>>({
    description:
      'Metadata shown to labelers: a mapping of keys to values. Merged over the `defaults` metadata key by key. The key `kiliSync` is reserved; `processingParameters` tells Kili how to process a video.',
    type: 'object',
    properties: {
      [RESERVED_METADATA_KEY]: false,
      [PROCESSING_PARAMETERS_KEY]: {
        type: 'object',
        description:
          'VIDEO projects: how Kili processes the video, e.g. `{shouldUseNativeVideo: false, framesPlayedPerSecond: 10}` to cut it into frames. Compared and written only when declared (the official SDK adds `{}` to new videos).',
        properties: {
          shouldUseNativeVideo: {
            type: 'boolean',
            description: 'false: Kili cuts the video into frames (uploadType FRAME_VIDEO).',
          },
          shouldKeepNativeFrameRate: { type: 'boolean' },
          framesPlayedPerSecond: { type: 'number', exclusiveMinimum: 0 },
          minZoom: { type: 'number' },
          maxZoom: { type: 'number' },
        },
      },
    },
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
