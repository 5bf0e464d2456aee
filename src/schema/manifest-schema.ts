import { type Static, type TOptional, type TUnsafe, Type } from '@sinclair/typebox';
import { SUPPORTED_API_VERSION } from './api-version.js';
import { ASSET_FIELDS, type AssetField, SHARED_FIELDS } from './asset-field-roles.js';
import { ASSET_FIELD_SCHEMAS, type AssetFieldValue } from './asset-fields.js';
import { definitionRef, toJsonSchema } from './json-schema.js';
import { OWNER_NAME } from './text-patterns.js';

/**
 * The `kili-sync/v1` manifest: its JSON Schema (published as `schemas/manifest.schema.json`,
 * used to validate manifests and by editors for completion) and, derived from it, the
 * TypeScript types of a manifest as written.
 */

type FieldRefs<K extends AssetField> = { [P in K]: TOptional<TUnsafe<AssetFieldValue<P>>> };

/** `{ field: { $ref: '#/definitions/field' } }` for each field, all optional. */
function fieldRefs<K extends AssetField>(names: readonly K[]): FieldRefs<K> {
  return Object.fromEntries(
    names.map((name) => [name, Type.Optional(definitionRef(name, ASSET_FIELD_SCHEMAS[name]))]),
  ) as FieldRefs<K>;
}

/** Fields an asset may not set together (see describe-schema-error.ts for their messages). */
export const EXCLUSIVE_FIELDS = [
  ['content', 'file'],
  ['frames', 'file'],
  ['frames', 'jsonContent'],
] as const;

const fieldDefinitions = Object.fromEntries(
  ASSET_FIELDS.map((name) => [name, ASSET_FIELD_SCHEMAS[name]]),
);

const AssetEntry = Type.Object(
  {
    ...fieldRefs(ASSET_FIELDS),
    externalId: definitionRef('externalId', ASSET_FIELD_SCHEMAS.externalId),
  },
  {
    description:
      'One asset: `externalId` is required; at most one of `content` and `file`, and `frames` goes with neither `file` nor `jsonContent`. `status` cannot be set: Kili computes it from labels.',
    additionalProperties: false,
    allOf: EXCLUSIVE_FIELDS.map((pair) => ({ not: { required: [...pair] } })),
  },
);

const Defaults = Type.Object(fieldRefs(SHARED_FIELDS), {
  description:
    "Fields merged under every asset of this manifest (and of its sources); an asset's own fields win, `jsonMetadata` is merged key by key.",
  additionalProperties: false,
});

const Source = Type.Object(
  {
    files: Type.Optional(
      Type.String({
        description:
          'A glob (fast-glob syntax) of local files, relative to the manifest, e.g. `images/**/*.{jpg,png}`. Each match becomes an asset with `file` set.',
        minLength: 1,
      }),
    ),
    externalId: Type.Optional(
      Type.String({
        description:
          "With `files`: the external ID template. Placeholders: `{path}` (path relative to the glob's fixed base, e.g. `train/cat.jpg`), `{dir}` (`train`), `{name}` (`cat.jpg`), `{stem}` (`cat`), `{ext}` (`jpg`). Default: `{dir}/{stem}` (just `{stem}` for files directly in the base). When `{dir}` is empty, the `/` after it is dropped.",
        minLength: 1,
      }),
    ),
    jsonl: Type.Optional(
      Type.String({
        description:
          'A JSON Lines file, relative to the manifest: one asset object per line (same fields as `assets[]`); blank lines are skipped. A `file` in it is relative to the JSONL file.',
        minLength: 1,
      }),
    ),
    csv: Type.Optional(
      Type.String({
        description:
          'A CSV file, relative to the manifest, with a header row: `externalId`, `content` or `file`, `priority`, `isHoneypot`, `honeypotMark`, `consensusMark`, `isUsedForConsensus`, `toBeLabeledBy` (emails separated by `;`), `renamedFrom`, `jsonContent`, `frames` (frame URLs or files separated by `;`), and `jsonMetadata.<key>` columns. Empty cells are left out. A `file` or a frame file in it is relative to the CSV file.',
        minLength: 1,
      }),
    ),
    ...fieldRefs(SHARED_FIELDS),
    jsonMetadata: Type.Optional(
      Type.Unsafe<AssetFieldValue<'jsonMetadata'>>({
        $ref: '#/definitions/jsonMetadata',
        description:
          "Metadata merged under the generated assets' metadata. With `files`, string values may use the `{path}` `{dir}` `{name}` `{stem}` `{ext}` placeholders.",
      }),
    ),
  },
  {
    description:
      'A generator of assets: exactly one of `files`, `jsonl` or `csv`, plus fields merged under the assets it generates.',
    additionalProperties: false,
    oneOf: [{ required: ['files'] }, { required: ['jsonl'] }, { required: ['csv'] }],
  },
);

const Manifest = Type.Object(
  {
    apiVersion: Type.Literal(SUPPORTED_API_VERSION, {
      description: 'The manifest format version: write `apiVersion: kili-sync/v1`.',
      type: 'string',
    }),
    kind: Type.Optional(
      Type.Literal('AssetSet', {
        description: 'The kind of manifest: `AssetSet` (the default and the only kind).',
        type: 'string',
      }),
    ),
    project: Type.String({
      description:
        "The Kili project ID the assets belong to, e.g. `project: clq0proj0000000000000000` (the ID in the project's URL).",
      minLength: 1,
      pattern: '^\\S+$',
    }),
    owner: Type.Optional(
      Type.String({
        description:
          'The name this manifest set manages the project under, e.g. `owner: cats-repo`: kili-sync marks every asset it adds or adopts with it, prunes only its own assets with `prune: owned`, and refuses to change an asset another owner marked. Letters, digits, `.`, `_`, `-`. Every manifest of a project that sets it must agree. Without it (and without `prune: owned` or `jsonMetadataMode: keys`) kili-sync manages the project alone and marks nothing.',
        pattern: OWNER_NAME,
      }),
    ),
    prune: Type.Optional(
      Type.Unsafe<boolean | 'owned' | 'all'>({
        description:
          "Which assets no manifest declares `apply` deletes: `owned`, those marked with this manifest set's owner; `all` (or `true`), every one; `false` (the default), none. In a project with an owner, write `owned` or `all`: `true` is refused there. Every manifest of a project that sets `prune` must agree.",
        enum: [false, true, 'owned', 'all'],
      }),
    ),
    jsonMetadataMode: Type.Optional(
      Type.Unsafe<'keys' | 'replace'>({
        description:
          "How `jsonMetadata` is managed: `keys` compares and writes only the keys the manifests declare, keeps every other writer's keys, and removes a key only if kili-sync wrote it and the manifests no longer declare it; `replace` makes each asset's metadata exactly what is declared. Default: `keys` in a project with an owner, `replace` otherwise. Every manifest of a project that sets it must agree.",
        enum: ['keys', 'replace'],
      }),
    ),
    defaults: Type.Optional(definitionRef('defaults', Defaults)),
    assets: Type.Optional(
      Type.Array(definitionRef('asset', AssetEntry), {
        description:
          'The assets of the project, one mapping per asset with at least an `externalId`. Write `assets: []` for none.',
      }),
    ),
    sources: Type.Optional(
      Type.Array(definitionRef('source', Source), {
        description:
          'Generators of assets, expanded when manifests are loaded: local files matched by a glob (`files`), a JSON Lines file (`jsonl`) or a CSV file (`csv`).',
      }),
    ),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://kili-sync.dev/schemas/manifest.schema.json',
    title: 'kili-sync manifest (kili-sync/v1)',
    description:
      'Declares assets that a Kili project should contain. `kili-sync plan` shows the difference with the project, `kili-sync apply` makes the project match.',
    additionalProperties: false,
    definitions: { ...fieldDefinitions, asset: AssetEntry, defaults: Defaults, source: Source },
  },
);

/** The manifest JSON Schema, as published in `schemas/manifest.schema.json`. */
export const MANIFEST_SCHEMA = toJsonSchema(Manifest);

/** A manifest document as written, once it matches the schema. */
export type ManifestDocument = Static<typeof Manifest>;
/** One entry of `assets[]`, a JSONL line or a CSV row. */
export type RawAsset = Static<typeof AssetEntry>;
/** Asset fields that `defaults` and sources may set for every asset they apply to. */
export type RawSharedFields = Static<typeof Defaults>;
/** One entry of `sources[]`: exactly one of `files`, `jsonl`, `csv`. */
export type RawSource = Static<typeof Source>;
