/**
 * The GraphQL documents kili-sync sends, written as the official SDK writes them (root fields
 * aliased `data:`, capital-ID argument names), and the mapping of their answers.
 */
import type { AssetStatus, InputType, RemoteAsset, RemoteProject } from '../plan/remote-state.js';

/** Kili's `PageSize` maximum: no page may hold more rows. */
export const PAGE_SIZE = 100;

/** The asset fields the planner compares and the exporter writes; nothing more is asked for. */
export const ASSET_FIELDS = `id externalId content jsonContent jsonMetadata priority isHoneypot honeypotMark consensusMark isUsedForConsensus toBeLabeledBy { user { email } } status createdAt updatedAt labels { id }`;

export const PROJECTS_QUERY = `query projects($where: ProjectWhere!, $first: PageSize!, $skip: Int!) { data: projects(where: $where, first: $first, skip: $skip) { id title inputType } }`;

export const ASSETS_QUERY = `query assets($where: AssetWhere!, $first: PageSize!, $skip: Int!) { data: assets(where: $where, skip: $skip, first: $first) { ${ASSET_FIELDS} } }`;

export const COUNT_ASSETS_QUERY = `query countAssets($where: AssetWhere!) { data: countAssets(where: $where) }`;

export const FILTER_EXISTING_ASSETS_QUERY = `query FilterExistingAssets($projectID: ID!, $externalIDs: [String!]!) { external_ids: filterExistingAssets(projectID: $projectID, externalIDs: $externalIDs) }`;

export const SIGNED_URLS_QUERY = `query createUploadBucketSignedUrls($filePaths: [String!]) { urls: createUploadBucketSignedUrls(filePaths: $filePaths) }`;

/** An asset as the API returns it for {@link ASSET_FIELDS}; nullable where Kili may send null. */
export interface RawAsset {
  id: string;
  externalId?: string | null;
  content?: string | null;
  jsonContent?: string | null;
  jsonMetadata?: string | null;
  priority?: number | null;
  isHoneypot?: boolean | null;
  honeypotMark?: number | null;
  consensusMark?: number | null;
  isUsedForConsensus?: boolean | null;
  toBeLabeledBy?: Array<{ user?: { email?: string | null } | null } | null> | null;
  status?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  labels?: Array<{ id: string } | null> | null;
}

export interface RawProject {
  id: string;
  title?: string | null;
  inputType?: string | null;
}

/** Maps an API asset to the reader's shape: labels become a count, assignees their emails. */
export function toRemoteAsset(raw: RawAsset): RemoteAsset {
  const jsonMetadata = raw.jsonMetadata;
  return {
    id: raw.id,
    externalId: raw.externalId ?? '',
    content: raw.content ?? '',
    jsonContent: raw.jsonContent ?? '',
    jsonMetadata: typeof jsonMetadata === 'string' ? jsonMetadata : '',
    priority: raw.priority ?? 0,
    isHoneypot: raw.isHoneypot ?? false,
    honeypotMark: raw.honeypotMark ?? null,
    consensusMark: raw.consensusMark ?? null,
    isUsedForConsensus: raw.isUsedForConsensus ?? false,
    toBeLabeledBy: (raw.toBeLabeledBy ?? [])
      .map((projectUser) => projectUser?.user?.email)
      .filter((email): email is string => typeof email === 'string'),
    status: (raw.status ?? 'TODO') as AssetStatus,
    labelCount: (raw.labels ?? []).filter((label) => label !== null).length,
    createdAt: raw.createdAt ?? '',
    updatedAt: raw.updatedAt ?? '',
  };
}

export function toRemoteProject(raw: RawProject): RemoteProject {
  return {
    id: raw.id,
    title: raw.title ?? '',
    inputType: (raw.inputType ?? 'NA') as InputType,
  };
}
