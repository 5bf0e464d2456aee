import { createId } from '@paralleldrive/cuid2';
import type Database from 'better-sqlite3';
import { createApiError } from './api-error.js';
import type { LogicalClock } from './clock.js';
import type { LabelRecord, LabelTypeName, NewLabel } from './records.js';
import { StatementCache } from './statement-cache.js';

interface LabelRow {
  id: string;
  asset_id: string;
  label_type: LabelTypeName;
  author_id: string;
  json_response: string;
  model_name: string | null;
  created_at: string;
  is_latest_for_user: number;
}

const SELECT_LABELS = `SELECT l.*, NOT EXISTS (
    SELECT 1 FROM labels later
    WHERE later.asset_id = l.asset_id AND later.author_id = l.author_id AND later.seq > l.seq
  ) AS is_latest_for_user
  FROM labels l`;

/**
 * A new label moves its asset's status: a REVIEW label makes it REVIEWED, a DEFAULT label
 * LABELED, an AUTOSAVE label ONGOING when nothing had been done yet; PREDICTION and INFERENCE
 * labels leave it alone. The status is set by label and workflow events (review queue, send back
 * to queue), not recomputed from all labels, so a prediction does not undo "TO_REVIEW". Every
 * label is a change of its asset: `updatedAt` moves whatever the type.
 */
const REFRESH_ASSET = `UPDATE assets SET
  label_count = (SELECT count(*) FROM labels WHERE asset_id = assets.id),
  status = CASE @labelType
    WHEN 'REVIEW' THEN 'REVIEWED'
    WHEN 'DEFAULT' THEN 'LABELED'
    WHEN 'AUTOSAVE' THEN CASE WHEN status = 'TODO' THEN 'ONGOING' ELSE status END
    ELSE status END,
  updated_at = @now
  WHERE id = @assetId`;

/** Labels of assets, enough to make labeled work exist and be protected. */
export class LabelStore {
  private readonly statements: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: LogicalClock,
  ) {
    this.statements = new StatementCache(db);
  }

  /**
   * Adds labels of one type in one transaction and recomputes the status of their assets.
   * `allowedAssetIds`, when given, restricts which assets may be labeled (the `where` filter).
   */
  append(
    labelType: LabelTypeName,
    labels: NewLabel[],
    options: { overwrite?: boolean; allowedAssetIds?: Set<string> } = {},
  ): LabelRecord[] {
    return this.db.transaction(() => {
      const assetIds = [...new Set(labels.map((label) => label.assetId))];
      this.assertAssetsExist(assetIds, options.allowedAssetIds);
      if (options.overwrite) {
        this.statements
          .get(
            `DELETE FROM labels WHERE label_type = ?
             AND asset_id IN (SELECT value FROM json_each(?))`,
          )
          .run(labelType, JSON.stringify(assetIds));
      }
      const now = this.clock.tick();
      const insert = this.statements.get(
        `INSERT INTO labels (id, asset_id, label_type, author_id, json_response, model_name,
         created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      const ids = labels.map((label) => {
        const id = createId();
        insert.run(
          id,
          label.assetId,
          labelType,
          label.authorId,
          label.jsonResponse,
          label.modelName ?? null,
          now,
        );
        return id;
      });
      const refresh = this.statements.get(REFRESH_ASSET);
      for (const assetId of assetIds) refresh.run({ labelType, now, assetId });
      return this.listByIds(ids);
    })();
  }

  /** The labels of an asset, oldest first. */
  listForAsset(assetId: string): LabelRecord[] {
    const rows = this.statements
      .get(`${SELECT_LABELS} WHERE l.asset_id = ? ORDER BY l.seq`)
      .all(assetId) as LabelRow[];
    return rows.map(toLabelRecord);
  }

  /** The most recent label of an asset, of any type. */
  /** The users who authored a label on an asset of the project. */
  authorsInProject(projectId: string): Set<string> {
    const rows = this.statements
      .get(
        `SELECT DISTINCT l.author_id AS authorId FROM labels l
         JOIN assets a ON a.id = l.asset_id WHERE a.project_id = ?`,
      )
      .all(projectId) as { authorId: string }[];
    return new Set(rows.map((row) => row.authorId));
  }

  latestForAsset(assetId: string): LabelRecord | null {
    const row = this.statements
      .get(`${SELECT_LABELS} WHERE l.asset_id = ? ORDER BY l.seq DESC LIMIT 1`)
      .get(assetId) as LabelRow | undefined;
    return row ? toLabelRecord(row) : null;
  }

  private listByIds(ids: string[]): LabelRecord[] {
    const rows = this.statements
      .get(`${SELECT_LABELS} WHERE l.id IN (SELECT value FROM json_each(?)) ORDER BY l.seq`)
      .all(JSON.stringify(ids)) as LabelRow[];
    return rows.map(toLabelRecord);
  }

  private assertAssetsExist(assetIds: string[], allowed: Set<string> | undefined): void {
    const found = new Set(
      (
        this.statements
          .get('SELECT id FROM assets WHERE id IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify(assetIds)) as { id: string }[]
      ).map((row) => row.id),
    );
    const missing = assetIds.filter((id) => !found.has(id) || (allowed && !allowed.has(id)));
    if (missing.length > 0) {
      throw createApiError(
        'assetNotFound',
        `These assets do not exist or are outside the filter: ${missing.slice(0, 5).join(', ')}.`,
      );
    }
  }
}

function toLabelRecord(row: LabelRow): LabelRecord {
  return {
    id: row.id,
    assetId: row.asset_id,
    labelType: row.label_type,
    authorId: row.author_id,
    jsonResponse: row.json_response,
    modelName: row.model_name,
    createdAt: row.created_at,
    isLatestLabelForUser: row.is_latest_for_user === 1,
  };
}
