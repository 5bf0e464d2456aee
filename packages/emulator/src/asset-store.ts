import { createId } from '@paralleldrive/cuid2';
import type Database from 'better-sqlite3';
import { createApiError } from './api-error.js';
import { compileAssetWhere, compileSelectiveWhere, type SqlCondition } from './asset-filter.js';
import { type AssetRow, toAssetRecord, toUpdateValues } from './asset-row.js';
import type { LogicalClock } from './clock.js';
import type { AssetDataInput, AssetRecord, AssetWhereInput, NewAsset } from './records.js';
import { StatementCache } from './statement-cache.js';

const INSERT_ASSET = `INSERT INTO assets (id, project_id, external_id, content, json_content,
  json_metadata, is_honeypot, created_at, updated_at)
  VALUES (@id, @projectId, @externalId, @content, @jsonContent, @jsonMetadata, @isHoneypot,
  @createdAt, @updatedAt)`;

const UPDATE_ASSET = `UPDATE assets SET external_id = @externalId, content = @content,
  json_content = @jsonContent, json_metadata = @jsonMetadata, priority = @priority,
  is_honeypot = @isHoneypot, honeypot_mark = @honeypotMark, consensus_mark = @consensusMark,
  is_used_for_consensus = @isUsedForConsensus, to_be_labeled_by = @toBeLabeledBy,
  resolution = @resolution, page_resolutions = @pageResolutions, updated_at = @updatedAt
  WHERE seq = @seq`;

/** Assets of all projects: Kili's ordering, filters and write rules. */
export class AssetStore {
  private readonly statements: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: LogicalClock,
  ) {
    this.statements = new StatementCache(db);
  }

  /** One page of the assets matching `where`, in creation order. */
  list(where: AssetWhereInput, first: number, skip: number): AssetRecord[] {
    const { sql, params } = compileAssetWhere(where);
    const rows = this.statements
      .get(`SELECT * FROM assets a WHERE ${sql} ORDER BY a.seq LIMIT ? OFFSET ?`)
      .all(...params, first, skip) as AssetRow[];
    return rows.map(toAssetRecord);
  }

  count(where: AssetWhereInput): number {
    const { sql, params } = compileAssetWhere(where);
    const row = this.statements
      .get(`SELECT count(*) AS n FROM assets a WHERE ${sql}`)
      .get(...params);
    return (row as { n: number }).n;
  }

  /** Which of `ids` match `where`. */
  selectIdsAmong(where: AssetWhereInput, ids: string[]): Set<string> {
    const { sql, params } = compileAssetWhere(where);
    const rows = this.statements
      .get(`SELECT a.id FROM assets a WHERE ${sql} AND a.id IN (SELECT value FROM json_each(?))`)
      .all(...params, JSON.stringify(ids)) as { id: string }[];
    return new Set(rows.map((row) => row.id));
  }

  /** The given external IDs that exist in the project, each once, in the order given. */
  filterExistingExternalIds(projectId: string, externalIds: string[]): string[] {
    const rows = this.statements
      .get(
        `SELECT DISTINCT external_id AS externalId FROM assets
         WHERE project_id = ? AND external_id IN (SELECT value FROM json_each(?))`,
      )
      .all(projectId, JSON.stringify(externalIds)) as { externalId: string }[];
    const existing = new Set(rows.map((row) => row.externalId));
    return [...new Set(externalIds)].filter((externalId) => existing.has(externalId));
  }

  /**
   * Creates the assets in one transaction. Client ids are honoured; if any of them already
   * exists (or repeats within the batch) nothing is created.
   */
  append(projectId: string, items: NewAsset[]): AssetRecord[] {
    return this.db.transaction(() => {
      const ids = items.map((item) => (item.id ? item.id : createId()));
      this.assertIdsAreNew(ids);
      const now = this.clock.tick();
      const insert = this.statements.get(INSERT_ASSET);
      return items.map((item, index) => {
        const id = ids[index]!;
        const asset: AssetRecord = {
          id,
          projectId,
          externalId: item.externalId ? item.externalId : id,
          content: item.content ?? '',
          jsonContent: item.jsonContent ?? '',
          jsonMetadata: item.jsonMetadata ?? '{}',
          priority: 0,
          isHoneypot: item.isHoneypot === true,
          honeypotMark: null,
          consensusMark: null,
          isUsedForConsensus: false,
          toBeLabeledBy: [],
          resolution: null,
          pageResolutions: null,
          status: 'TODO',
          skipped: false,
          labelCount: 0,
          createdAt: now,
          updatedAt: now,
        };
        insert.run({
          id,
          projectId,
          externalId: asset.externalId,
          content: asset.content,
          jsonContent: asset.jsonContent,
          jsonMetadata: asset.jsonMetadata,
          isHoneypot: asset.isHoneypot ? 1 : 0,
          createdAt: now,
          updatedAt: now,
        });
        return asset;
      });
    })();
  }

  /**
   * Applies `data[i]` to the assets matching `where[i]`, all in one transaction. Every filter
   * must match at least one asset, otherwise nothing is changed. A filter without a data item (the
   * SDK sends `dataArray: []` when only its deprecated `status_array` is given) or with an item
   * holding only nulls changes nothing, `updatedAt` included; its assets are returned as they are.
   */
  update(where: AssetWhereInput[], data: AssetDataInput[]): AssetRecord[] {
    if (data.length > where.length) {
      throw createApiError(
        'invalidInput',
        `Every data item needs its filter (got ${where.length} filters and ${data.length} items).`,
      );
    }
    data.forEach(assertDataIsWritable);
    return this.db.transaction(() => {
      const now = this.clock.tick();
      const updated: AssetRecord[] = [];
      where.forEach((itemWhere, index) => {
        const rows = this.selectForWrite(compileSelectiveWhere(itemWhere));
        if (rows.length === 0) {
          throw createApiError('assetNotFound', `No asset matches ${JSON.stringify(itemWhere)}.`);
        }
        const item = data[index];
        for (const row of rows) {
          if (!item || !changesSomething(item)) {
            updated.push(toAssetRecord(row));
            continue;
          }
          const next = applyData(toAssetRecord(row), item, now);
          this.statements.get(UPDATE_ASSET).run(toUpdateValues(next, row.seq));
          updated.push(next);
        }
      });
      return updated;
    })();
  }

  /** Deletes the matching assets and their labels; returns the project they belonged to. */
  delete(where: AssetWhereInput): string | null {
    const condition = compileSelectiveWhere(where);
    return this.db.transaction(() => {
      const rows = this.selectForWrite(condition);
      const ids = JSON.stringify(rows.map((row) => row.id));
      this.statements
        .get('DELETE FROM labels WHERE asset_id IN (SELECT value FROM json_each(?))')
        .run(ids);
      this.statements
        .get('DELETE FROM assets WHERE id IN (SELECT value FROM json_each(?))')
        .run(ids);
      return where.project?.id ?? rows[0]?.project_id ?? null;
    })();
  }

  private selectForWrite(condition: SqlCondition): AssetRow[] {
    return this.statements
      .get(`SELECT * FROM assets a WHERE ${condition.sql} ORDER BY a.seq`)
      .all(...condition.params) as AssetRow[];
  }

  /**
   * Refuses ids that exist, repeat within the batch, or are held by an asynchronous import still
   * being processed (its assets appear when it ends), creating nothing.
   */
  assertIdsAreNew(ids: string[]): void {
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    const existing = (
      this.statements
        .get(
          `SELECT id FROM assets WHERE id IN (SELECT value FROM json_each(@ids))
           UNION SELECT id FROM async_import_ids WHERE id IN (SELECT value FROM json_each(@ids))`,
        )
        .all({ ids: JSON.stringify(ids) }) as { id: string }[]
    ).map((row) => row.id);
    const clashing = [...new Set([...existing, ...repeated])];
    if (clashing.length > 0) {
      const shown = clashing.slice(0, 5).join(', ');
      const more = clashing.length > 5 ? ` and ${clashing.length - 5} more` : '';
      throw createApiError(
        'assetAlreadyExists',
        `Assets with these ids already exist: ${shown}${more}. No asset was created.`,
      );
    }
  }
}

function assertDataIsWritable(data: AssetDataInput): void {
  if (data.status !== null && data.status !== undefined) {
    throw createApiError(
      'statusComputed',
      'Asset status is automatically computed based on its labels and cannot be overwritten.',
    );
  }
}

function changesSomething(data: AssetDataInput): boolean {
  return Object.values(data).some((value) => value !== null && value !== undefined);
}

/** `null` and absent keys leave the field unchanged. */
function applyData(asset: AssetRecord, data: AssetDataInput, now: string): AssetRecord {
  const next: AssetRecord = { ...asset, updatedAt: now };
  if (data.externalId != null) next.externalId = data.externalId;
  if (data.priority != null) next.priority = data.priority;
  if (data.jsonMetadata != null) next.jsonMetadata = data.jsonMetadata;
  if (data.consensusMark != null) next.consensusMark = data.consensusMark;
  if (data.honeypotMark != null) next.honeypotMark = data.honeypotMark;
  if (data.content != null) next.content = data.content;
  if (data.jsonContent != null) next.jsonContent = data.jsonContent;
  if (data.isUsedForConsensus != null) next.isUsedForConsensus = data.isUsedForConsensus;
  if (data.isHoneypot != null) next.isHoneypot = data.isHoneypot;
  if (data.resolution != null) next.resolution = data.resolution;
  if (data.pageResolutions != null) next.pageResolutions = data.pageResolutions;
  const emails = (data.toBeLabeledBy ?? []).filter((email): email is string => email != null);
  // A non-empty list replaces the assignment; clearing it takes the explicit reset flag, as the
  // SDK sends `shouldResetToBeLabeledBy` only for an empty list.
  if (emails.length > 0) next.toBeLabeledBy = [...new Set(emails)];
  else if (data.shouldResetToBeLabeledBy === true) next.toBeLabeledBy = [];
  return next;
}
