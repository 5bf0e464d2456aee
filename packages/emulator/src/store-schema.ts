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
  settings TEXT NOT NULL DEFAULT '{}',
  archived_at TEXT,
  deleted_at TEXT,
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
  lastname TEXT,
  activated INTEGER NOT NULL DEFAULT 1,
  organization_role TEXT NOT NULL DEFAULT 'USER',
  created_at TEXT,
  updated_at TEXT
);
CREATE TABLE IF NOT EXISTS project_users (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (project_id, user_id)
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

/** Columns added since the first release, for databases created before them. */
const ADDED_COLUMNS: { table: string; column: string; definition: string }[] = [
  { table: 'projects', column: 'settings', definition: "TEXT NOT NULL DEFAULT '{}'" },
  { table: 'projects', column: 'archived_at', definition: 'TEXT' },
  { table: 'projects', column: 'deleted_at', definition: 'TEXT' },
  { table: 'users', column: 'activated', definition: 'INTEGER NOT NULL DEFAULT 1' },
  { table: 'users', column: 'organization_role', definition: "TEXT NOT NULL DEFAULT 'USER'" },
  { table: 'users', column: 'created_at', definition: 'TEXT' },
  { table: 'users', column: 'updated_at', definition: 'TEXT' },
];

/**
 * Creates the tables and indexes that do not exist yet, and brings a database written by an
 * earlier emulator up to date: the columns added since, the viewer as organization admin, and
 * the viewer as ADMIN of the projects created before members were recorded (what every project
 * read as then).
 */
export function migrateStore(db: Database.Database, viewerId: string): void {
  const hadMembers = tableExists(db, 'project_users');
  const hadProjects = tableExists(db, 'projects');
  db.transaction(() => {
    db.exec(DDL);
    for (const { table, column, definition } of ADDED_COLUMNS) {
      const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      if (columns.some((existing) => existing.name === column)) continue;
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
      if (column === 'organization_role') {
        db.prepare("UPDATE users SET organization_role = 'ADMIN' WHERE id = ?").run(viewerId);
      }
    }
    if (hadProjects && !hadMembers) {
      db.prepare(
        `INSERT INTO project_users (id, project_id, user_id, role, created_at, updated_at)
         SELECT id || '-' || @viewerId, id, @viewerId, 'ADMIN', created_at, created_at FROM projects`,
      ).run({ viewerId });
    }
  })();
}

function tableExists(db: Database.Database, name: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  );
}

/** The latest timestamp stored, so that a reopened database keeps its clock moving forward. */
export function readLatestTimestamp(db: Database.Database): number {
  const row = db
    .prepare(
      `SELECT max(t) AS latest FROM (
         SELECT max(updated_at) AS t FROM assets UNION ALL
         SELECT max(updated_at) FROM projects UNION ALL
         SELECT max(created_at) FROM labels UNION ALL
         SELECT max(created_at) FROM notifications UNION ALL
         SELECT max(updated_at) FROM users UNION ALL
         SELECT max(updated_at) FROM project_users)`,
    )
    .get() as { latest: string | null };
  return row.latest ? Date.parse(row.latest) : 0;
}
