import type * as Schema from '../graphql/generated.js';
import type { AddChange, Change, DeleteChange } from '../plan/types.js';

/** The most items one mutation carries (Kili's own batch size). */
export const BATCH_SIZE = 100;
/**
 * Videos made of local frames per `appendManyAssets` call: one, as the SDK sends them
 * (`FRAME_IMPORT_BATCH_SIZE`).
 */
export const LOCAL_FRAMES_BATCH_SIZE = 1;

/** A schema input value as apply sends it: the schema allows null (in lists too); apply sends none. */
type Sent<Value> = Value extends readonly (infer Element)[]
  ? Sent<Element>[]
  : Exclude<Value, null | undefined>;

/** These fields of a schema input type, each present and as apply sends it. */
type Exactly<Input, Field extends keyof Input> = { [Key in Field]-?: Sent<Input[Key]> };

/**
 * One `dataArray` element of `updatePropertiesInAssets`: only the keys being changed. The marks
 * are cleared with null, as the SDK clears them.
 */
export type AssetData = Partial<
  Exactly<
    Schema.AssetData,
    | 'externalId'
    | 'content'
    | 'jsonContent'
    | 'jsonMetadata'
    | 'priority'
    | 'isHoneypot'
    | 'isUsedForConsensus'
    | 'toBeLabeledBy'
    | 'shouldResetToBeLabeledBy'
  >
> & { [Mark in 'honeypotMark' | 'consensusMark']?: Sent<Schema.AssetData[Mark]> | null };

/** The arrays of an `appendManyAssets` call that compile fills, one element per asset. */
type AppendArrays = 'contentArray' | 'externalIDArray' | 'jsonContentArray' | 'jsonMetadataArray';

/** One asset of an `appendManyAssets` call, before it is spread over the parallel arrays. */
export interface AppendRow {
  content: string;
  externalID: string;
  /** The client-generated id (a cuid), so an append whose answer was lost can be checked. */
  id: string;
  isHoneypot: boolean;
  jsonContent: string;
  jsonMetadata: string;
}

/**
 * These id fields of a schema input type, as strings: the schema's ID takes numbers too, the ids
 * kili-sync sends are strings (Kili's, or the client's cuids).
 */
type Ids<Input, Field extends keyof Input> = {
  [Key in Field]-?: Sent<Input[Key]> extends unknown[] ? string[] : string;
};

// The exact shapes compile builds, derived from the schema's input types (src/graphql): a field
// the schema renames or retypes no longer compiles.
export type AppendManyAssetsVariables = {
  data: Exactly<Schema.AppendManyAssetsData, AppendArrays | 'isHoneypotArray'> &
    Ids<Schema.AppendManyAssetsData, 'idArray'>;
  where: Ids<Schema.ProjectWhere, 'id'>;
};

export type AppendManyFramesToDatasetAsynchronouslyVariables = {
  data: Exactly<
    Schema.AppendManyFramesToDatasetAsynchronouslyData,
    Exclude<AppendArrays, 'jsonContentArray'>
  > &
    Ids<Schema.AppendManyFramesToDatasetAsynchronouslyData, 'idArray'> & {
      uploadType: ImportUploadType;
    };
  where: Ids<Schema.ProjectWhere, 'id'>;
};

/**
 * How Kili processes an asynchronous import (the SDK's `uploadType`): the upload types the plan
 * chooses (`import.uploadType`), each one the schema accepts.
 */
export type ImportUploadType = Schema.UploadType & NonNullable<AddChange['import']>['uploadType'];

export type UpdatePropertiesInAssetsVariables = {
  whereArray: Ids<Schema.AssetWhere, 'id'>[];
  dataArray: AssetData[];
};

export type DeleteManyFromDatasetVariables = {
  where: Ids<Schema.AssetWhere, 'idIn'>;
};

/** An item of a batch remembers the plan change it implements, for failure reporting. */
export interface AppendItem {
  change: AddChange;
  assetId: string;
  row: AppendRow;
  /** Which id of its derived sequence the asset is sent with (see deriveAssetId); 0 if absent. */
  attempt?: number;
}

export interface UpdateItem {
  change: Change;
  assetId: string;
  data: AssetData;
}

export interface DeleteItem {
  change: DeleteChange;
  assetId: string;
}

export interface AppendBatch {
  mutation: 'appendManyAssets';
  items: AppendItem[];
  variables: AppendManyAssetsVariables;
}

/**
 * An `appendManyFramesToDatasetAsynchronously` batch: assets of one upload type (videos to keep
 * native and videos to cut into frames never share a call). It carries no `isHoneypot` and no
 * `jsonContent`: the follow-up update sets them.
 */
export interface ImportBatch {
  mutation: 'appendManyFramesToDatasetAsynchronously';
  items: AppendItem[];
  variables: AppendManyFramesToDatasetAsynchronouslyVariables;
}

export interface UpdateBatch {
  mutation: 'updatePropertiesInAssets';
  items: UpdateItem[];
  variables: UpdatePropertiesInAssetsVariables;
}

export interface DeleteBatch {
  mutation: 'deleteManyFromDataset';
  items: DeleteItem[];
  variables: DeleteManyFromDatasetVariables;
}

export type MutationBatch = AppendBatch | ImportBatch | UpdateBatch | DeleteBatch;

/**
 * The phases run in this order: renames first so freed external IDs are never seen twice,
 * updates, appends, asynchronous imports, the updates that appends and imports cannot carry,
 * then deletes last so a failure earlier never leaves a project with less than it had.
 */
export type CompiledPhase =
  | { name: 'rename'; batches: UpdateBatch[] }
  | { name: 'update'; batches: UpdateBatch[] }
  | { name: 'post-append'; batches: UpdateBatch[] }
  | { name: 'append'; batches: AppendBatch[] }
  | { name: 'import'; batches: ImportBatch[] }
  | { name: 'delete'; batches: DeleteBatch[] };

export type PhaseName = CompiledPhase['name'];

export interface CompiledProject {
  projectId: string;
  /** Only the phases that have work, in execution order. */
  phases: CompiledPhase[];
}
