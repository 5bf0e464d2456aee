import { createId } from '@paralleldrive/cuid2';
import type Database from 'better-sqlite3';
import type { LogicalClock } from './clock.js';
import type { ProjectChanges } from './project-settings.js';
import type { ProjectRecord, ProjectSettings, ProjectWhereInput } from './records.js';
import { StatementCache } from './statement-cache.js';

interface ProjectRow {
  id: string;
  title: string;
  description: string;
  input_type: string;
  json_interface: string;
  settings: string;
  archived_at: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewProject {
  id?: string;
  title: string;
  inputType: string;
  description?: string | null;
  jsonInterface?: string | null;
}

/**
 * Projects, listed in creation order. A deleted project keeps its row (the SDK's
 * `projects(deleted=True)` lists deleted projects too) but is gone from every other read.
 */
export class ProjectStore {
  private readonly statements: StatementCache;

  constructor(
    db: Database.Database,
    private readonly clock: LogicalClock,
  ) {
    this.statements = new StatementCache(db);
  }

  create(project: NewProject): ProjectRecord {
    const now = this.clock.tick();
    const id = project.id ?? createId();
    this.statements
      .get(
        `INSERT INTO projects (id, title, description, input_type, json_interface, created_at,
         updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        project.title,
        project.description ?? '',
        project.inputType,
        project.jsonInterface ?? '{}',
        now,
        now,
      );
    return this.get(id)!;
  }

  /** The project with this id, unless it does not exist or was deleted. */
  get(id: string): ProjectRecord | undefined {
    const row = this.statements
      .get('SELECT * FROM projects WHERE id = ? AND deleted_at IS NULL')
      .get(id) as ProjectRow | undefined;
    return row ? toProjectRecord(row) : undefined;
  }

  /** Whether a project with this id was ever created, deleted or not (ids are never reused). */
  exists(id: string): boolean {
    return this.statements.get('SELECT 1 FROM projects WHERE id = ?').get(id) !== undefined;
  }

  /** Applies checked changes; settings are merged into those already written. */
  update(id: string, changes: ProjectChanges): ProjectRecord {
    const current = this.get(id)!;
    const now = this.clock.tick();
    const archivedAt =
      changes.archived === undefined
        ? current.archivedAt
        : changes.archived
          ? (current.archivedAt ?? now)
          : null;
    this.statements
      .get(
        `UPDATE projects SET title = @title, description = @description,
         json_interface = @jsonInterface, settings = @settings, archived_at = @archivedAt,
         updated_at = @now WHERE id = @id`,
      )
      .run({
        id,
        title: changes.title ?? current.title,
        description: changes.description ?? current.description,
        jsonInterface: changes.jsonInterface ?? current.jsonInterface,
        settings: JSON.stringify({ ...current.settings, ...changes.settings }),
        archivedAt,
        now,
      });
    return this.get(id)!;
  }

  /** Marks the project deleted; its assets, labels and members are the caller's to remove. */
  markDeleted(id: string): void {
    const now = this.clock.tick();
    this.statements
      .get('UPDATE projects SET deleted_at = ?, updated_at = ? WHERE id = ?')
      .run(now, now, id);
  }

  list(where: ProjectWhereInput, first: number, skip: number): ProjectRecord[] {
    const { sql, params } = compileProjectWhere(where);
    const rows = this.statements
      .get(`SELECT * FROM projects WHERE ${sql} ORDER BY seq LIMIT ? OFFSET ?`)
      .all(...params, first, skip) as ProjectRow[];
    return rows.map(toProjectRecord);
  }

  count(where: ProjectWhereInput): number {
    const { sql, params } = compileProjectWhere(where);
    const row = this.statements
      .get(`SELECT count(*) AS n FROM projects WHERE ${sql}`)
      .get(...params);
    return (row as { n: number }).n;
  }

  /** Number of assets and of assets holding at least one label, per project. */
  summarize(): Record<string, { assets: number; labeled: number }> {
    const rows = this.statements
      .get(
        `SELECT p.id AS id, count(a.seq) AS assets, coalesce(sum(a.label_count > 0), 0) AS labeled
         FROM projects p LEFT JOIN assets a ON a.project_id = p.id WHERE p.deleted_at IS NULL
         GROUP BY p.id ORDER BY p.seq`,
      )
      .all() as { id: string; assets: number; labeled: number }[];
    return Object.fromEntries(
      rows.map((row) => [row.id, { assets: row.assets, labeled: row.labeled }]),
    );
  }

  countAssets(projectId: string): number {
    const row = this.statements
      .get('SELECT count(*) AS n FROM assets WHERE project_id = ?')
      .get(projectId);
    return (row as { n: number }).n;
  }
}

function compileProjectWhere(where: ProjectWhereInput): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (where.id != null) {
    parts.push('id = ?');
    params.push(where.id);
  }
  if (where.searchQuery != null) {
    parts.push('instr(lower(title), lower(?)) > 0');
    params.push(where.searchQuery);
  }
  const bounds: [keyof ProjectWhereInput, string][] = [
    ['createdAtGte', 'created_at >= ?'],
    ['createdAtLte', 'created_at <= ?'],
    ['updatedAtGte', 'updated_at >= ?'],
    ['updatedAtLte', 'updated_at <= ?'],
  ];
  for (const [key, sql] of bounds) {
    if (where[key] != null) {
      parts.push(sql);
      params.push(where[key]);
    }
  }
  if (where.archived != null) {
    parts.push(where.archived ? 'archived_at IS NOT NULL' : 'archived_at IS NULL');
  }
  // The SDK documents `deleted: true` as "all projects are returned (including deleted ones)".
  if (where.deleted !== true) parts.push('deleted_at IS NULL');
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

function toProjectRecord(row: ProjectRow): ProjectRecord {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    inputType: row.input_type,
    jsonInterface: row.json_interface,
    settings: JSON.parse(row.settings) as ProjectSettings,
    archivedAt: row.archived_at,
    deletedAt: row.deleted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
