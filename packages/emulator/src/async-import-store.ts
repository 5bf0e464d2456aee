import { createId } from '@paralleldrive/cuid2';
import type Database from 'better-sqlite3';
import type { AssetStore } from './asset-store.js';
import type { NotificationStore } from './notification-store.js';
import type { NewAsset, NotificationRecord } from './records.js';
import { StatementCache } from './statement-cache.js';
import { VIEWER } from './user-store.js';

/** How the emulator plays Kili's processing of asynchronous imports. */
export interface AsyncImportSettings {
  /** How long an import stays PENDING, in milliseconds (default {@link DEFAULT_ASYNC_IMPORT_MS}). */
  processingMs?: number;
  /** Share (0..1) of the imported assets whose processing fails (default 0). */
  failRate?: number;
  /** Source of randomness in [0, 1) for `failRate`; inject one to make tests deterministic. */
  random?: () => number;
  /** Wall clock in milliseconds the processing time is measured on (default `Date.now`). */
  now?: () => number;
}

/** A few hundred milliseconds: long enough that a client must poll, short enough for tests. */
export const DEFAULT_ASYNC_IMPORT_MS = 300;

interface ImportRow {
  notification_id: string;
  project_id: string;
  assets: string;
  failing: string;
}

/**
 * Asynchronous imports (`appendManyFramesToDatasetAsynchronously`) as Kili's contract reads: the
 * call answers at once with a PENDING notification; the assets appear only when processing ends,
 * `processingMs` later, and the notification then says SUCCESS, or FAILURE when some assets
 * could not be processed (those are not created). Until then their ids are held: appending them
 * again, by either path, is refused as for an existing asset. Imports end lazily, at the first
 * request after their time is up (nothing can observe them earlier), or all at once through
 * {@link finishAll}. Pending imports are stored, so they survive a restart on a database file.
 */
export class AsyncImportStore {
  private readonly statements: StatementCache;
  private readonly processingMs: number;
  private readonly failRate: number;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly db: Database.Database,
    private readonly assets: AssetStore,
    private readonly notifications: NotificationStore,
    settings: AsyncImportSettings = {},
  ) {
    this.statements = new StatementCache(db);
    this.processingMs = settings.processingMs ?? DEFAULT_ASYNC_IMPORT_MS;
    this.failRate = settings.failRate ?? 0;
    this.random = settings.random ?? Math.random;
    this.now = settings.now ?? Date.now;
  }

  /**
   * Accepts an import: checks its ids (none may exist or be held by another import), holds them,
   * decides which assets will fail processing, and answers with the PENDING notification.
   */
  submit(projectId: string, uploadType: string, items: NewAsset[]): NotificationRecord {
    return this.db.transaction(() => {
      const withIds = items.map((item) => ({ ...item, id: item.id ? item.id : createId() }));
      this.assets.assertIdsAreNew(withIds.map((item) => item.id));
      const failing = withIds.flatMap((_, index) =>
        this.failRate > 0 && this.random() < this.failRate ? [index] : [],
      );
      const count = withIds.length;
      const notification = this.notifications.create(
        VIEWER.id,
        'PENDING',
        `Importing ${count} ${count === 1 ? 'asset' : 'assets'} (${uploadType}) into project ${projectId}.`,
      );
      this.statements
        .get(
          `INSERT INTO async_imports (notification_id, project_id, upload_type, assets, failing, due_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          notification.id,
          projectId,
          uploadType,
          JSON.stringify(withIds),
          JSON.stringify(failing),
          this.now() + this.processingMs,
        );
      const hold = this.statements.get(
        'INSERT INTO async_import_ids (id, notification_id) VALUES (?, ?)',
      );
      for (const item of withIds) hold.run(item.id, notification.id);
      return notification;
    })();
  }

  /** Ends the imports whose processing time is up; returns how many ended. */
  settleDue(): number {
    return this.settle('SELECT * FROM async_imports WHERE due_at <= ? ORDER BY due_at, seq', [
      this.now(),
    ]);
  }

  /** Ends every pending import now, whatever its processing time (the emulator's control). */
  finishAll(): number {
    return this.settle('SELECT * FROM async_imports ORDER BY due_at, seq', []);
  }

  /** Imports not ended yet. */
  countPending(): number {
    const row = this.statements.get('SELECT count(*) AS n FROM async_imports').get();
    return (row as { n: number }).n;
  }

  private settle(sql: string, params: unknown[]): number {
    const rows = this.statements.get(sql).all(...params) as ImportRow[];
    for (const row of rows) this.end(row);
    return rows.length;
  }

  /** Creates the assets that processed, releases the ids, and ends the notification. */
  private end(row: ImportRow): void {
    this.db.transaction(() => {
      const items = JSON.parse(row.assets) as (NewAsset & { id: string })[];
      const failing = new Set(JSON.parse(row.failing) as number[]);
      this.statements
        .get('DELETE FROM async_import_ids WHERE notification_id = ?')
        .run(row.notification_id);
      this.statements
        .get('DELETE FROM async_imports WHERE notification_id = ?')
        .run(row.notification_id);
      const processed = items.filter((_, index) => !failing.has(index));
      this.assets.append(row.project_id, processed);
      if (failing.size === 0) {
        this.notifications.settle(
          row.notification_id,
          'SUCCESS',
          `${items.length} ${items.length === 1 ? 'asset' : 'assets'} imported into project ${row.project_id}.`,
        );
        return;
      }
      const failed = items.filter((_, index) => failing.has(index));
      this.notifications.settle(
        row.notification_id,
        'FAILURE',
        `${failed.length} of ${items.length} assets could not be processed and were not imported: ` +
          `${failed.map((item) => item.externalId ?? item.id).join(', ')}.`,
      );
    })();
  }
}
