import type Database from 'better-sqlite3';

/**
 * Tables of the emulator. `seq` columns give a total, stable insertion order: assets are listed
 * by `createdAt`, and since `createdAt` comes from a clock that never goes back, ordering by
 * `seq` is the same order with ties inside one millisecond broken by insertion.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS projects (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  input_type TEXT NOT NULL,
  json_interface TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assets (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  json_content TEXT NOT NULL DEFAULT '',
  json_metadata TEXT NOT NULL DEFAULT '{}',
  priority INTEGER NOT NULL DEFAULT 0,
  is_honeypot INTEGER NOT NULL DEFAULT 0,
  honeypot_mark REAL,
  consensus_mark REAL,
  is_used_for_consensus INTEGER NOT NULL DEFAULT 0,
  to_be_labeled_by TEXT NOT NULL DEFAULT '[]',
  resolution TEXT,
  page_resolutions TEXT,
  status TEXT NOT NULL DEFAULT 'TODO',
  skipped INTEGER NOT NULL DEFAULT 0,
  label_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS assets_by_project ON assets (project_id, seq);
CREATE INDEX IF NOT EXISTS assets_by_external_id ON assets (project_id, external_id);
CREATE TABLE IF NOT EXISTS labels (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  asset_id TEXT NOT NULL,
  label_type TEXT NOT NULL,
  author_id TEXT NOT NULL,
  json_response TEXT NOT NULL,
  model_name TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS labels_by_asset ON labels (asset_id, seq);
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  data BLOB NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL UNIQUE,
  firstname TEXT,
  lastname TEXT
);
CREATE TABLE IF NOT EXISTS notifications (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  message TEXT,
  url TEXT,
  has_been_seen INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS async_imports (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  notification_id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  upload_type TEXT NOT NULL,
  assets TEXT NOT NULL,
  failing TEXT NOT NULL DEFAULT '[]',
  due_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS async_import_ids (
  id TEXT PRIMARY KEY,
  notification_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS upload_signatures (
  signature TEXT PRIMARY KEY,
  path TEXT NOT NULL
);
`;

/** Creates the tables and indexes that do not exist yet. */
export function migrateStore(db: Database.Database): void {
  db.exec(DDL);
}

/** The latest timestamp stored, so that a reopened database keeps its clock moving forward. */
export function readLatestTimestamp(db: Database.Database): number {
  const row = db
    .prepare(
      `SELECT max(t) AS latest FROM (
         SELECT max(updated_at) AS t FROM assets UNION ALL
         SELECT max(updated_at) FROM projects UNION ALL
         SELECT max(created_at) FROM labels UNION ALL
         SELECT max(created_at) FROM notifications)`,
    )
    .get() as { latest: string | null };
  return row.latest ? Date.parse(row.latest) : 0;
}
