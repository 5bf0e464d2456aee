/** Rows of the emulator's database, as the resolvers see them, and the inputs they accept. */

export type LabelTypeName = 'AUTOSAVE' | 'DEFAULT' | 'INFERENCE' | 'PREDICTION' | 'REVIEW';
export type StatusName = 'TODO' | 'ONGOING' | 'LABELED' | 'REVIEWED' | 'TO_REVIEW';
export type NotificationStatusName = 'FAILURE' | 'PENDING' | 'SUCCESS';

export interface ProjectRecord {
  id: string;
  title: string;
  description: string;
  inputType: string;
  jsonInterface: string;
  /** The settings written by `updatePropertiesInProject`; absent keys have their defaults. */
  settings: ProjectSettings;
  archivedAt: string | null;
  /** Set once the project is deleted: it is then gone from every read but `deleted: true`. */
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ComplianceTagName = 'PHI' | 'PII';

/** Project settings the emulator stores without acting on them (see project-settings.ts). */
export interface ProjectSettings {
  instructions?: string;
  consensusTotCoverage?: number;
  minConsensusSize?: number;
  reviewCoverage?: number;
  consensusMark?: number;
  honeypotMark?: number;
  useHoneyPot?: boolean;
  canSkipAsset?: boolean;
  canNavigateBetweenAssets?: boolean;
  shouldAutoAssign?: boolean;
  shouldRelaunchKpiComputation?: boolean;
  metadataProperties?: unknown;
  complianceTags?: ComplianceTagName[];
}

export interface AssetRecord {
  id: string;
  projectId: string;
  externalId: string;
  content: string;
  jsonContent: string;
  jsonMetadata: string;
  priority: number;
  isHoneypot: boolean;
  honeypotMark: number | null;
  consensusMark: number | null;
  isUsedForConsensus: boolean;
  /** Emails of the assigned labelers. */
  toBeLabeledBy: string[];
  resolution: unknown;
  pageResolutions: unknown;
  status: StatusName;
  skipped: boolean;
  labelCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface LabelRecord {
  id: string;
  assetId: string;
  labelType: LabelTypeName;
  authorId: string;
  jsonResponse: string;
  modelName: string | null;
  createdAt: string;
  isLatestLabelForUser: boolean;
}

export type OrganizationRoleName = 'ADMIN' | 'USER';
export type ProjectRoleName = 'ADMIN' | 'TEAM_MANAGER' | 'REVIEWER' | 'LABELER';

export interface UserRecord {
  id: string;
  email: string;
  firstname: string | null;
  lastname: string | null;
  activated: boolean;
  organizationRole: OrganizationRoleName;
  /** Null for the users Kili would know but the emulator has only heard named (see user-store). */
  createdAt: string | null;
  updatedAt: string | null;
}

/** A member of a project: its role there (Kili's `ProjectUser`). */
export interface ProjectUserRecord {
  id: string;
  projectId: string;
  userId: string;
  role: ProjectRoleName;
  createdAt: string;
  updatedAt: string;
}

export interface NotificationRecord {
  id: string;
  userId: string;
  status: NotificationStatusName;
  message: string | null;
  url: string | null;
  hasBeenSeen: boolean;
  createdAt: string;
}

export interface UserWhereInput {
  activated?: boolean | null;
  email?: string | null;
  id?: string | null;
  idIn?: string[] | null;
  organization?: OrganizationWhereInput | null;
}

export interface OrganizationWhereInput {
  id?: string | null;
  user?: UserWhereInput | null;
}

export interface NotificationWhereInput {
  hasBeenSeen?: boolean | null;
  id?: string | null;
  user?: UserWhereInput | null;
}

export interface ProjectWhereInput {
  id?: string | null;
  searchQuery?: string | null;
  createdAtGte?: string | null;
  createdAtLte?: string | null;
  updatedAtGte?: string | null;
  updatedAtLte?: string | null;
  /** `true`: archived projects only; `false`: the others. */
  archived?: boolean | null;
  /** `true`: every project, deleted ones included (the SDK's documented meaning). */
  deleted?: boolean | null;
}

export type ProjectUserStatusName = 'ACTIVATED' | 'ORG_ADMIN' | 'ORG_SUSPENDED';

export interface ProjectUserWhereInput {
  id?: string | null;
  status?: ProjectUserStatusName | null;
  activeInProject?: boolean | null;
  deleted?: boolean | null;
  project?: ProjectWhereInput | null;
  user?: UserWhereInput | null;
}

export interface AssetWhereInput {
  id?: string | null;
  project?: ProjectWhereInput | null;
  idIn?: string[] | null;
  idNotIn?: string[] | null;
  externalIdIn?: string[] | null;
  externalIdStrictlyIn?: string[] | null;
  statusIn?: StatusName[] | null;
  createdAtGte?: string | null;
  createdAtLte?: string | null;
  updatedAtGte?: string | null;
  updatedAtLte?: string | null;
  honeypotMarkGte?: number | null;
  honeypotMarkLte?: number | null;
  consensusMarkGte?: number | null;
  consensusMarkLte?: number | null;
  inferenceMarkGte?: number | null;
  inferenceMarkLte?: number | null;
  metadata?: unknown;
  assigneeIn?: string[] | null;
  assigneeNotIn?: string[] | null;
  stepIdIn?: string[] | null;
  stepIdNotIn?: string[] | null;
  stepStatusIn?: string[] | null;
  stepStatusNotIn?: string[] | null;
  label?: { typeIn?: LabelTypeName[] | null; [key: string]: unknown } | null;
  issue?: { type?: string | null; status?: string | null } | null;
  skipped?: boolean | null;
}

/** One item of `updatePropertiesInAssets`' `data`; `null`/absent keys leave the field alone. */
export interface AssetDataInput {
  externalId?: string | null;
  priority?: number | null;
  jsonMetadata?: string | null;
  consensusMark?: number | null;
  honeypotMark?: number | null;
  toBeLabeledBy?: (string | null)[] | null;
  shouldResetToBeLabeledBy?: boolean | null;
  content?: string | null;
  jsonContent?: string | null;
  isUsedForConsensus?: boolean | null;
  isHoneypot?: boolean | null;
  resolution?: unknown;
  pageResolutions?: unknown;
  status?: StatusName | null;
}

/** One asset to create. */
export interface NewAsset {
  id?: string | null;
  externalId?: string | null;
  content?: string | null;
  jsonContent?: string | null;
  jsonMetadata?: string | null;
  isHoneypot?: boolean | null;
}

export interface NewLabel {
  assetId: string;
  authorId: string;
  jsonResponse: string;
  modelName?: string | null;
}
