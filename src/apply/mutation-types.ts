import type { AddChange, Change, DeleteChange } from '../plan/types.js';

/** The most items one mutation carries (Kili's own batch size). */
export const BATCH_SIZE = 100;
/**
 * Videos made of local frames per `appendManyAssets` call: one, as the SDK sends them
 * (`FRAME_IMPORT_BATCH_SIZE`).
 */
export const LOCAL_FRAMES_BATCH_SIZE = 1;

/** One `dataArray` element of `updatePropertiesInAssets`: only the keys being changed. */
export interface AssetData {
  externalId?: string;
  content?: string;
  jsonContent?: string;
  /** JSON text: Kili stores metadata as a string. */
  jsonMetadata?: string;
  priority?: number;
  isHoneypot?: boolean;
  honeypotMark?: number | null;
  consensusMark?: number | null;
  isUsedForConsensus?: boolean;
  toBeLabeledBy?: string[];
  shouldResetToBeLabeledBy?: boolean;
}

/** One asset of an `appendManyAssets` call, before it is spread over the parallel arrays. */
export interface AppendRow {
  content: string;
  externalID: string;
  id: string;
  isHoneypot: boolean;
  jsonContent: string;
  jsonMetadata: string;
}

// The exact shapes compile builds. Sending them checks them against the schema's variables
// types (src/graphql), so they cannot drift from what Kili accepts.
export type AppendManyAssetsVariables = {
  data: {
    contentArray: string[];
    externalIDArray: string[];
    idArray: string[];
    isHoneypotArray: boolean[];
    jsonContentArray: string[];
    jsonMetadataArray: string[];
  };
  where: { id: string };
};

export type AppendManyFramesToDatasetAsynchronouslyVariables = {
  data: {
    contentArray: string[];
    externalIDArray: string[];
    idArray: string[];
    jsonMetadataArray: string[];
    uploadType: ImportUploadType;
  };
  where: { id: string };
};

/** How Kili processes an asynchronous import (the SDK's `uploadType`). */
export type ImportUploadType = 'NATIVE_VIDEO' | 'FRAME_VIDEO' | 'GEO_SATELLITE';

export type UpdatePropertiesInAssetsVariables = {
  whereArray: { id: string }[];
  dataArray: AssetData[];
};

export type DeleteManyFromDatasetVariables = {
  where: { idIn: string[] };
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
