import type Database from 'better-sqlite3';
import { createApiError } from './api-error.js';
import { compileSelectiveWhere } from './asset-filter.js';
import { type AssetRow, toAssetRecord } from './asset-row.js';
import type { LogicalClock } from './clock.js';
import type { AssetRecord, AssetWhereInput } from './records.js';
import { StatementCache } from './statement-cache.js';

/** What a workflow action on many assets did. */
export interface WorkflowOutcome {
  /** The project of the matched assets, or null when none matched. */
  projectId: string | null;
  /** How many assets changed. */
  changed: number;
}

/**
 * Workflow actions on assets: assignment, consensus, review queue, labeling queue, skipping.
 * Each runs in one transaction and moves the `updatedAt` of every asset it changes.
 */
export class AssetWorkflow {
  private readonly statements: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: LogicalClock,
  ) {
    this.statements = new StatementCache(db);
  }

  /** Replaces the assigned labelers (emails) of the matching assets; `[]` clears them. */
  assign(where: AssetWhereInput, emails: string[]): AssetRecord[] {
    const assigned = JSON.stringify([...new Set(emails)]);
    return this.db.transaction(() => {
      const rows = this.selectMatching(where);
      if (rows.length === 0) throw assetNotFound(where);
      this.setColumn(rows, 'to_be_labeled_by', assigned);
      return this.reread(rows);
    })();
  }

  /** Sets `isUsedForConsensus` on one asset of the project, named by id or external ID. */
  setConsensus(
    projectId: string,
    asset: { id?: string | null; externalId?: string | null },
    value: boolean,
  ): boolean {
    if (asset.id == null && asset.externalId == null) {
      throw createApiError('invalidInput', 'Give the asset id or its external ID.');
    }
    const where: AssetWhereInput = {
      project: { id: projectId },
      ...(asset.id != null ? { id: asset.id } : { externalIdStrictlyIn: [asset.externalId!] }),
    };
    this.db.transaction(() => {
      const rows = this.selectMatching(where);
      if (rows.length === 0) throw assetNotFound(where);
      this.setColumn(rows, 'is_used_for_consensus', value ? 1 : 0);
    })();
    return value;
  }

  /** Moves the labeled matching assets that are not already there to TO_REVIEW. */
  addToReview(where: AssetWhereInput): WorkflowOutcome {
    return this.db.transaction(() => {
      const rows = this.selectMatching(where);
      const moving = rows.filter((row) => row.label_count > 0 && row.status !== 'TO_REVIEW');
      this.setColumn(moving, 'status', 'TO_REVIEW');
      return { projectId: rows[0]?.project_id ?? null, changed: moving.length };
    })();
  }

  /**
   * Sends the matching assets back to the labeling queue: their status becomes ONGOING, which is
   * what the SDK polls for after `send_back_to_queue`.
   */
  sendBackToQueue(where: AssetWhereInput): WorkflowOutcome {
    return this.db.transaction(() => {
      const rows = this.selectMatching(where);
      const moving = rows.filter((row) => row.status !== 'ONGOING');
      this.setColumn(moving, 'status', 'ONGOING');
      return { projectId: rows[0]?.project_id ?? null, changed: moving.length };
    })();
  }

  /** Marks the first matching asset as skipped; returns it. */
  skip(where: AssetWhereInput): AssetRecord {
    return this.db.transaction(() => {
      const row = this.selectMatching(where)[0];
      if (!row) throw assetNotFound(where);
      this.setColumn([row], 'skipped', 1);
      return this.reread([row])[0]!;
    })();
  }

  /** Clears the skipped mark of an asset of the project; returns its id. */
  unskip(projectId: string, assetId: string): string {
    const where: AssetWhereInput = { id: assetId, project: { id: projectId } };
    this.db.transaction(() => {
      const rows = this.selectMatching(where);
      if (rows.length === 0) throw assetNotFound(where);
      this.setColumn(rows, 'skipped', 0);
    })();
    return assetId;
  }

  private selectMatching(where: AssetWhereInput): AssetRow[] {
    const { sql, params } = compileSelectiveWhere(where);
    return this.statements
      .get(`SELECT * FROM assets a WHERE ${sql} ORDER BY a.seq`)
      .all(...params) as AssetRow[];
  }

  private setColumn(rows: AssetRow[], column: WorkflowColumn, value: string | number): void {
    if (rows.length === 0) return;
    this.statements
      .get(
        `UPDATE assets SET ${column} = ?, updated_at = ?
         WHERE seq IN (SELECT value FROM json_each(?))`,
      )
      .run(value, this.clock.tick(), JSON.stringify(rows.map((row) => row.seq)));
  }

  private reread(rows: AssetRow[]): AssetRecord[] {
    const found = this.statements
      .get('SELECT * FROM assets WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq')
      .all(JSON.stringify(rows.map((row) => row.seq))) as AssetRow[];
    return found.map(toAssetRecord);
  }
}

/** The columns workflow actions write; never built from client input. */
type WorkflowColumn = 'to_be_labeled_by' | 'is_used_for_consensus' | 'status' | 'skipped';

function assetNotFound(where: AssetWhereInput) {
  return createApiError('assetNotFound', `No asset matches ${JSON.stringify(where)}.`);
}
