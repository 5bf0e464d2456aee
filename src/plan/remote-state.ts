import type { Plan, ProjectRead } from '../schema/plan-schema.js';

/**
 * Shapes of Kili objects as kili-sync reads them: the planner's view of the remote state (see
 * docs/architecture.md, "Kili's API as kili-sync uses it").
 */

export type AssetStatus = 'TODO' | 'ONGOING' | 'LABELED' | 'REVIEWED' | 'TO_REVIEW';

export type InputType =
  | 'IMAGE'
  | 'GEOSPATIAL'
  | 'PDF'
  | 'TEXT'
  | 'VIDEO'
  | 'VIDEO_LEGACY'
  | 'AUDIO'
  | 'TIME_SERIES'
  | 'LLM_RLHF'
  | 'LLM_INSTR_FOLLOWING'
  | 'LLM_STATIC'
  | 'URL'
  | 'NA';

export interface RemoteProject {
  id: string;
  title: string;
  inputType: InputType;
}

/**
 * One asset as read from the API. JSON fields are kept as the raw strings the API returns;
 * the planner normalises them.
 */
export interface RemoteAsset {
  id: string;
  externalId: string;
  content: string;
  /** Raw string: `""`, a URL or JSON text. */
  jsonContent: string;
  /** Raw JSON string as stored by Kili (`""` or invalid counts as `{}`). */
  jsonMetadata: string;
  priority: number;
  isHoneypot: boolean;
  honeypotMark: number | null;
  consensusMark: number | null;
  isUsedForConsensus: boolean;
  /** Emails of the assigned labelers. */
  toBeLabeledBy: string[];
  status: AssetStatus;
  /** Number of labels the asset holds. */
  labelCount: number;
  createdAt: string;
  updatedAt: string;
}

/** The current state of one project, as the reader returns it. */
export interface RemoteProjectState {
  project: RemoteProject;
  /** `countAssets` of the whole project (not only the assets read). */
  count: number;
  assets: RemoteAsset[];
  /** True when only the declared external IDs were read (`externalIdStrictlyIn`). */
  partial: boolean;
  warnings: string[];
  /** How it was read, shown in the plan (not part of the plan hash). */
  read?: ProjectRead;
}

/** The assets a plan updates, renames or deletes, as the read that made it found them, by id. */
export function assetsTouchedBy(
  plan: Plan,
  remote: ReadonlyMap<string, RemoteProjectState>,
): Map<string, RemoteAsset> {
  const touched = new Set<string>();
  for (const project of plan.projects) {
    for (const change of project.changes) if (change.action !== 'add') touched.add(change.assetId);
  }
  const assets = new Map<string, RemoteAsset>();
  for (const state of remote.values()) {
    for (const asset of state.assets) if (touched.has(asset.id)) assets.set(asset.id, asset);
  }
  return assets;
}
