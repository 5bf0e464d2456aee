import { createId } from '@paralleldrive/cuid2';
import type Database from 'better-sqlite3';
import type { LogicalClock } from './clock.js';
import type { ProjectRoleName, ProjectUserRecord } from './records.js';
import { StatementCache } from './statement-cache.js';

interface ProjectUserRow {
  id: string;
  project_id: string;
  user_id: string;
  role: ProjectRoleName;
  created_at: string;
  updated_at: string;
}

/**
 * Project members and their roles (Kili's `ProjectUser`), one per user and project, listed in
 * the order they joined. The creator of a project is its first member, as ADMIN.
 */
export class MemberStore {
  private readonly statements: StatementCache;

  constructor(
    db: Database.Database,
    private readonly clock: LogicalClock,
  ) {
    this.statements = new StatementCache(db);
  }

  /** Gives the user this role in the project: a new member, or a new role for a member. */
  setRole(projectId: string, userId: string, role: ProjectRoleName): ProjectUserRecord {
    const existing = this.find(projectId, userId);
    if (existing) return this.updateRole(existing.id, role);
    const now = this.clock.tick();
    const id = createId();
    this.statements
      .get(
        `INSERT INTO project_users (id, project_id, user_id, role, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(id, projectId, userId, role, now, now);
    return this.get(id)!;
  }

  /** Changes a member's role (a write even when the role is the same, as any update). */
  updateRole(id: string, role: ProjectRoleName): ProjectUserRecord {
    this.statements
      .get('UPDATE project_users SET role = ?, updated_at = ? WHERE id = ?')
      .run(role, this.clock.tick(), id);
    return this.get(id)!;
  }

  get(id: string): ProjectUserRecord | undefined {
    const row = this.statements.get('SELECT * FROM project_users WHERE id = ?').get(id);
    return row ? toProjectUserRecord(row as ProjectUserRow) : undefined;
  }

  find(projectId: string, userId: string): ProjectUserRecord | undefined {
    const row = this.statements
      .get('SELECT * FROM project_users WHERE project_id = ? AND user_id = ?')
      .get(projectId, userId);
    return row ? toProjectUserRecord(row as ProjectUserRow) : undefined;
  }

  /** The members of a project, in the order they joined. */
  listForProject(projectId: string): ProjectUserRecord[] {
    const rows = this.statements
      .get('SELECT * FROM project_users WHERE project_id = ? ORDER BY seq')
      .all(projectId) as ProjectUserRow[];
    return rows.map(toProjectUserRecord);
  }

  /** Every member of every project, in the order they joined. */
  listAll(): ProjectUserRecord[] {
    const rows = this.statements
      .get('SELECT * FROM project_users ORDER BY seq')
      .all() as ProjectUserRow[];
    return rows.map(toProjectUserRecord);
  }

  remove(id: string): void {
    this.statements.get('DELETE FROM project_users WHERE id = ?').run(id);
  }

  removeProject(projectId: string): void {
    this.statements.get('DELETE FROM project_users WHERE project_id = ?').run(projectId);
  }
}

function toProjectUserRecord(row: ProjectUserRow): ProjectUserRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    userId: row.user_id,
    role: row.role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
