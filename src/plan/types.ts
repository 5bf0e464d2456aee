/**
 * The plan document (DESIGN §4). It is data: every renderer and the apply step read it, and a
 * saved plan (`--out`) is exactly this object serialised with stable key order.
 */

export const PLAN_FORMAT_VERSION = 1;

/** Asset fields kili-sync can change, in the order they are shown. */
export const MANAGED_FIELDS = [
  'externalId',
  'content',
  'jsonContent',
  'jsonMetadata',
  'priority',
  'isHoneypot',
  'honeypotMark',
  'consensusMark',
  'isUsedForConsensus',
  'toBeLabeledBy',
] as const;

export type ManagedField = (typeof MANAGED_FIELDS)[number];

/**
 * A field's value before and after. Values are normalised for display and for sending:
 * `jsonMetadata`/`jsonContent` as parsed JSON, `toBeLabeledBy` as a sorted list.
 * For an add, `before` is null.
 */
export interface FieldChange {
  before: unknown;
  after: unknown;
}

export type FieldChanges = Partial<Record<ManagedField, FieldChange>>;

/** A local file to upload on apply; its sha256 is part of the plan so apply can detect edits. */
export interface PlannedFile {
  /** Path relative to the working directory where the plan was made. */
  path: string;
  sha256: string;
  mimeType: string;
}

export type BlockedReason = 'delete-labeled' | 'content-change-labeled';

interface ChangeBase {
  externalId: string;
  /** Where the desired asset is declared. */
  source?: { file: string; line: number };
}

/**
 * The complete `jsonMetadata` apply writes when it writes metadata at all: the desired (or current)
 * user keys plus the reserved `kiliSync` key (kept from the remote asset, with the sha256 of an
 * uploaded file). Present exactly when the write includes `jsonMetadata`.
 */
export type MetadataToWrite = Record<string, unknown>;

export interface AddChange extends ChangeBase {
  action: 'add';
  fields: FieldChanges;
  file?: PlannedFile;
  metadataToWrite: MetadataToWrite;
}

export interface UpdateChange extends ChangeBase {
  action: 'update';
  assetId: string;
  updatedAt: string;
  fields: FieldChanges;
  file?: PlannedFile;
  metadataToWrite?: MetadataToWrite;
  labels: number;
  blocked?: BlockedReason;
}

/** An external-ID change that keeps the asset; may carry other field changes too. */
export interface RenameChange extends ChangeBase {
  action: 'rename';
  /** The old external ID. */
  from: string;
  assetId: string;
  updatedAt: string;
  /** Always holds `externalId`, plus any other changed field. */
  fields: FieldChanges;
  file?: PlannedFile;
  metadataToWrite?: MetadataToWrite;
  labels: number;
  blocked?: BlockedReason;
}

export interface DeleteChange extends ChangeBase {
  action: 'delete';
  assetId: string;
  updatedAt: string;
  labels: number;
  /** `prune`: no manifest declares it; `duplicate`: an extra remote copy of a managed asset. */
  reason: 'prune' | 'duplicate';
  blocked?: BlockedReason;
}

export type Change = AddChange | UpdateChange | RenameChange | DeleteChange;
export type ChangeAction = Change['action'];

export interface PlanSummary {
  add: number;
  update: number;
  rename: number;
  delete: number;
  unchanged: number;
  blocked: number;
}

export interface PlanWarning {
  code: 'remote-duplicate' | 'count-changed' | 'rename-source-missing' | 'rename-target-exists';
  message: string;
  externalId?: string;
}

export interface ProjectPlan {
  projectId: string;
  title?: string;
  inputType?: string;
  prune: boolean;
  remote: { count: number };
  summary: PlanSummary;
  /** Sorted by external ID; `unchanged` assets are counted, not listed. */
  changes: Change[];
  warnings: PlanWarning[];
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  generator: string;
  createdAt: string;
  endpoint: string;
  /** Sorted by project ID. */
  projects: ProjectPlan[];
  /** sha256 of the canonical JSON of every project's changes. */
  planHash: string;
}
