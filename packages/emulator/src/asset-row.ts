import type { AssetRecord, StatusName } from './records.js';

/** An `assets` row as SQLite returns it. */
export interface AssetRow {
  seq: number;
  id: string;
  project_id: string;
  external_id: string;
  content: string;
  json_content: string;
  json_metadata: string;
  priority: number;
  is_honeypot: number;
  honeypot_mark: number | null;
  consensus_mark: number | null;
  is_used_for_consensus: number;
  to_be_labeled_by: string;
  resolution: string | null;
  page_resolutions: string | null;
  status: StatusName;
  skipped: number;
  label_count: number;
  created_at: string;
  updated_at: string;
}

/** Maps a database row to the record the resolvers use. */
export function toAssetRecord(row: AssetRow): AssetRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    externalId: row.external_id,
    content: row.content,
    jsonContent: row.json_content,
    jsonMetadata: row.json_metadata,
    priority: row.priority,
    isHoneypot: row.is_honeypot === 1,
    honeypotMark: row.honeypot_mark,
    consensusMark: row.consensus_mark,
    isUsedForConsensus: row.is_used_for_consensus === 1,
    toBeLabeledBy: JSON.parse(row.to_be_labeled_by) as string[],
    resolution: row.resolution == null ? null : JSON.parse(row.resolution),
    pageResolutions: row.page_resolutions == null ? null : JSON.parse(row.page_resolutions),
    status: row.status,
    skipped: row.skipped === 1,
    labelCount: row.label_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Named parameters of the full-row UPDATE statement. */
export function toUpdateValues(asset: AssetRecord, seq: number): Record<string, unknown> {
  return {
    seq,
    externalId: asset.externalId,
    content: asset.content,
    jsonContent: asset.jsonContent,
    jsonMetadata: asset.jsonMetadata,
    priority: asset.priority,
    isHoneypot: asset.isHoneypot ? 1 : 0,
    honeypotMark: asset.honeypotMark,
    consensusMark: asset.consensusMark,
    isUsedForConsensus: asset.isUsedForConsensus ? 1 : 0,
    toBeLabeledBy: JSON.stringify(asset.toBeLabeledBy),
    resolution: asset.resolution == null ? null : JSON.stringify(asset.resolution),
    pageResolutions: asset.pageResolutions == null ? null : JSON.stringify(asset.pageResolutions),
    updatedAt: asset.updatedAt,
  };
}
