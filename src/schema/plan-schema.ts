import { type Static, type TOptional, type TUnsafe, Type } from '@sinclair/typebox';
import { MANAGED_FIELDS, type ManagedField } from './asset-field-roles.js';
import { definitionRef, stringEnum, toJsonSchema } from './json-schema.js';

/**
 * The plan document: its JSON Schema (published as `schemas/plan.schema.json`, checked when a
 * saved plan is read back) and, derived from it, the TypeScript types every renderer and apply
 * read. See docs/architecture.md, "The plan document".
 */

export const PLAN_FORMAT_VERSION = 1;

const Count = Type.Integer({ minimum: 0 });
const count = () => definitionRef('count', Count);

const Source = Type.Object(
  { file: Type.String(), line: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

/**
 * A field's value before and after. Values are normalised for display and for sending:
 * `jsonMetadata`/`jsonContent` as parsed JSON, `toBeLabeledBy` as a sorted list. For an add,
 * `before` is null.
 */
const FieldChange = Type.Object(
  { before: Type.Unknown(), after: Type.Unknown() },
  { additionalProperties: false },
);

type FieldChangeRefs = { [K in ManagedField]: TOptional<TUnsafe<Static<typeof FieldChange>>> };

const Fields = Type.Object(
  Object.fromEntries(
    MANAGED_FIELDS.map((name) => [name, Type.Optional(definitionRef('fieldChange', FieldChange))]),
  ) as FieldChangeRefs,
  { additionalProperties: false },
);

/** A local file to upload on apply; its sha256 is part of the plan so apply can detect edits. */
const File = Type.Object(
  {
    /** Path relative to the working directory where the plan was made. */
    path: Type.String({ minLength: 1 }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    mimeType: Type.String(),
  },
  { additionalProperties: false },
);

/**
 * The complete `jsonMetadata` apply writes when it writes metadata at all: the desired (or
 * current) user keys plus the reserved `kiliSync` key (kept from the remote asset, with the
 * sha256 of an uploaded file). Present exactly when the write includes `jsonMetadata`.
 */
const MetadataToWrite = Type.Unsafe<Record<string, unknown>>({ type: 'object' });

/**
 * Inline text apply uploads through a signed URL before the mutation, by field (TEXT projects:
 * raw `content` and rich-text `jsonContent`, as the official SDK uploads them); the asset then
 * stores the URL. Each carries the sha256 of the UTF-8 text, checked again before it is sent.
 */
const UploadedText = Type.Object(
  { sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
  { additionalProperties: false },
);
const Uploads = Type.Object(
  {
    content: Type.Optional(definitionRef('uploadedText', UploadedText)),
    jsonContent: Type.Optional(definitionRef('uploadedText', UploadedText)),
  },
  { additionalProperties: false },
);

/**
 * A frame sequence apply stores as the asset's `jsonContent`, the way the official SDK stores
 * frames: the index `{"0": url, …}` uploaded as a file. The frame URLs are the field's `after`
 * value (hosted frames); local frames are listed here and uploaded first, in order. `sha256` is
 * recorded under `kiliSync.framesSha256` and checked again before anything is sent.
 */
const Frames = Type.Object(
  {
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    count: Type.Integer({ minimum: 1 }),
    files: Type.Optional(Type.Array(definitionRef('file', File), { minItems: 1 })),
  },
  { additionalProperties: false },
);

/**
 * How a new asset is imported when it is not by `appendManyAssets` (the default, recorded by
 * leaving this out): asynchronously, the official SDK's path for video files and for images
 * Kili must process. `why`: `video-file`; `processed-type` (TIFF, JPEG 2000, NITF),
 * `large-file` (30 MiB or more), `large-image` (a side of 10,000 px or more), `unreadable-image`
 * (the SDK's image library cannot open it).
 */
const Import = Type.Object(
  {
    mutation: Type.Literal('appendManyFramesToDatasetAsynchronously'),
    uploadType: stringEnum(['NATIVE_VIDEO', 'FRAME_VIDEO', 'GEO_SATELLITE']),
    why: stringEnum([
      'video-file',
      'processed-type',
      'large-file',
      'large-image',
      'unreadable-image',
    ]),
  },
  { additionalProperties: false },
);

const Blocked = stringEnum(['delete-labeled', 'content-change-labeled']);

/**
 * In a project with an owner, an existing asset whose mark is not the project's owner: `before`
 * is null for an asset no owner marked (an adoption) and another owner's name for a conflict,
 * which apply refuses without `--take-ownership`. Apply writes the mark from the project's
 * `owner`, never from this.
 */
const OwnerChange = Type.Object(
  { before: Type.Union([Type.String(), Type.Null()]), after: Type.String() },
  { additionalProperties: false },
);

const ExternalId = Type.String({ minLength: 1 });

/**
 * What a change to an existing asset carries, in the order an update lists it (a rename spreads
 * it after `from`, then replaces `fields`, which keeps its place); adds and deletes take some.
 */
const changeOf = {
  assetId: Type.String({ minLength: 1 }),
  updatedAt: Type.String(),
  fields: definitionRef('fields', Fields),
  file: Type.Optional(definitionRef('file', File)),
  uploads: Type.Optional(definitionRef('uploads', Uploads)),
  frames: Type.Optional(definitionRef('frames', Frames)),
  metadataToWrite: Type.Optional(definitionRef('metadataToWrite', MetadataToWrite)),
  labels: count(),
  blocked: Type.Optional(definitionRef('blocked', Blocked)),
  owner: Type.Optional(definitionRef('ownerChange', OwnerChange)),
  /** Where the desired asset is declared. */
  source: Type.Optional(definitionRef('source', Source)),
};

const AddChange = Type.Object(
  {
    action: Type.Literal('add'),
    externalId: ExternalId,
    fields: changeOf.fields,
    file: changeOf.file,
    uploads: changeOf.uploads,
    frames: changeOf.frames,
    metadataToWrite: definitionRef('metadataToWrite', MetadataToWrite),
    import: Type.Optional(definitionRef('import', Import)),
    source: changeOf.source,
  },
  { additionalProperties: false },
);

const UpdateChange = Type.Object(
  { action: Type.Literal('update'), externalId: ExternalId, ...changeOf },
  { additionalProperties: false },
);

/** An external-ID change that keeps the asset; may carry other field changes too. */
const RenameChange = Type.Object(
  {
    action: Type.Literal('rename'),
    externalId: ExternalId,
    /** The old external ID. */
    from: Type.String({ minLength: 1 }),
    ...changeOf,
    /** Always holds `externalId`, plus any other changed field. */
    fields: Type.Unsafe<Static<typeof Fields>>({
      allOf: [{ $ref: '#/definitions/fields' }, { type: 'object', required: ['externalId'] }],
    }),
  },
  { additionalProperties: false },
);

const DeleteChange = Type.Object(
  {
    action: Type.Literal('delete'),
    externalId: Type.String(),
    assetId: changeOf.assetId,
    updatedAt: changeOf.updatedAt,
    labels: changeOf.labels,
    /** `prune`: no manifest declares it; `duplicate`: an extra remote copy of a managed asset. */
    reason: stringEnum(['prune', 'duplicate']),
    /** The owner the asset is marked with, if any (why `prune: owned` deletes it). */
    owner: Type.Optional(Type.String()),
    blocked: changeOf.blocked,
    source: changeOf.source,
  },
  { additionalProperties: false },
);

const Change = Type.Unsafe<
  | Static<typeof AddChange>
  | Static<typeof UpdateChange>
  | Static<typeof RenameChange>
  | Static<typeof DeleteChange>
>({
  type: 'object',
  required: ['action'],
  discriminator: { propertyName: 'action' },
  oneOf: [
    { $ref: '#/definitions/addChange' },
    { $ref: '#/definitions/updateChange' },
    { $ref: '#/definitions/renameChange' },
    { $ref: '#/definitions/deleteChange' },
  ],
});

const Summary = Type.Object(
  {
    add: count(),
    update: count(),
    rename: count(),
    delete: count(),
    unchanged: count(),
    blocked: count(),
    /** Of the updates and renames: assets no owner marked, adopted (present when some are). */
    adopt: Type.Optional(count()),
    /** Of the updates and renames: assets another owner marked (present when some are). */
    conflict: Type.Optional(count()),
  },
  { additionalProperties: false },
);

const Warning = Type.Object(
  {
    code: stringEnum([
      'remote-duplicate',
      'count-changed',
      'rename-source-missing',
      'rename-target-exists',
    ]),
    message: Type.String(),
    externalId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/**
 * How the project's assets were read. Information for people: it differs between an incremental
 * and a full read of the same state, so it is not part of the plan hash.
 */
const Read = Type.Object(
  {
    /** `full`: every asset; `declared`: only the declared external IDs; `incremental`: a snapshot and what changed since. */
    method: stringEnum(['full', 'declared', 'incremental']),
    /** Requests the read sent (retries included). */
    calls: count(),
    /** Incremental: the snapshot's cut-off (server time). */
    since: Type.Optional(Type.String()),
    /** Incremental: how deletions were ruled out or found. */
    deletions: Type.Optional(stringEnum(['count', 'located'])),
    /**
     * Of `calls`: Kili-hosted contents fetched to compare with declared inline text (assets
     * uploaded by the SDK, which carry no `kiliSync` record).
     */
    hostedFetches: Type.Optional(count()),
    /** Full: why no snapshot was used (`no snapshot`, `--refresh`…). */
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/**
 * With prune off: the project's assets that no manifest declares, which apply keeps. Information
 * for people (a manifest that stopped declaring assets), not part of the plan hash.
 */
const Undeclared = Type.Object(
  {
    count: count(),
    /** The first of them by external ID, when the plan read the whole project. */
    externalIds: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

const Project = Type.Object(
  {
    projectId: Type.String({ minLength: 1 }),
    title: Type.Optional(Type.String()),
    inputType: Type.Optional(Type.String()),
    /** `true`: every undeclared asset is deleted; `owned`: those marked with `owner`. */
    prune: Type.Union([Type.Boolean(), Type.Literal('owned')]),
    /**
     * The name the project is managed under (absent: kili-sync manages it alone and marks
     * nothing): apply marks the assets it adds and changes with it.
     */
    owner: Type.Optional(Type.String()),
    remote: Type.Object(
      {
        count: count(),
        /** With an owner: how many of the project's assets carry its mark (what `owned` may delete). */
        owned: Type.Optional(count()),
      },
      { additionalProperties: false },
    ),
    read: Type.Optional(definitionRef('read', Read)),
    undeclared: Type.Optional(definitionRef('undeclared', Undeclared)),
    summary: Summary,
    /** Sorted by external ID; `unchanged` assets are counted, not listed. */
    changes: Type.Array(definitionRef('change', Change)),
    warnings: Type.Array(definitionRef('warning', Warning)),
  },
  { additionalProperties: false },
);

const Plan = Type.Object(
  {
    formatVersion: Type.Literal(PLAN_FORMAT_VERSION),
    generator: Type.String(),
    createdAt: Type.String(),
    endpoint: Type.String(),
    /** sha256 of the canonical JSON of every project's changes. */
    planHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    /** Sorted by project ID. */
    projects: Type.Array(definitionRef('project', Project)),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://kili-sync.dev/schemas/plan.schema.json',
    title: 'kili-sync plan',
    description:
      'A plan made by `kili-sync plan --out`, executed exactly by `kili-sync apply --plan`.',
    additionalProperties: false,
    definitions: {
      count: Count,
      project: Project,
      warning: Warning,
      read: Read,
      undeclared: Undeclared,
      source: Source,
      fieldChange: FieldChange,
      fields: Fields,
      file: File,
      uploadedText: UploadedText,
      uploads: Uploads,
      frames: Frames,
      import: Import,
      metadataToWrite: MetadataToWrite,
      blocked: Blocked,
      ownerChange: OwnerChange,
      change: Change,
      addChange: AddChange,
      updateChange: UpdateChange,
      renameChange: RenameChange,
      deleteChange: DeleteChange,
    },
  },
);

/** The plan JSON Schema, as published in `schemas/plan.schema.json`. */
export const PLAN_SCHEMA = toJsonSchema(Plan);

export type Plan = Static<typeof Plan>;
export type ProjectPlan = Static<typeof Project>;
export type Change = Static<typeof Change>;
export type ChangeAction = Change['action'];
export type AddChange = Static<typeof AddChange>;
export type UpdateChange = Static<typeof UpdateChange>;
export type RenameChange = Static<typeof RenameChange>;
export type DeleteChange = Static<typeof DeleteChange>;
export type FieldChange = Static<typeof FieldChange>;
export type FieldChanges = Static<typeof Fields>;
export type PlannedFile = Static<typeof File>;
export type PlannedUploads = Static<typeof Uploads>;
export type PlannedFrames = Static<typeof Frames>;
export type AddImport = Static<typeof Import>;
export type MetadataToWrite = Static<typeof MetadataToWrite>;
export type PlanSummary = Static<typeof Summary>;
export type PlanWarning = Static<typeof Warning>;
export type ProjectRead = Static<typeof Read>;
export type UndeclaredAssets = Static<typeof Undeclared>;
export type BlockedReason = Static<typeof Blocked>;
export type OwnerChange = Static<typeof OwnerChange>;
