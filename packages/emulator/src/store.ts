import Database from 'better-sqlite3';
import { AssetStore } from './asset-store.js';
import { AssetWorkflow } from './asset-workflow.js';
import { type AsyncImportSettings, AsyncImportStore } from './async-import-store.js';
import { LogicalClock } from './clock.js';
import { FileStore } from './file-store.js';
import { LabelStore } from './label-store.js';
import { MemberStore } from './member-store.js';
import { NotificationStore } from './notification-store.js';
import { type NewProject, ProjectStore } from './project-store.js';
import type { ProjectRecord } from './records.js';
import { migrateStore, readLatestTimestamp } from './store-schema.js';
import { UserStore, VIEWER } from './user-store.js';

/**
 * The emulator's state in SQLite: a file (WAL, survives restarts) or `:memory:` (tests).
 * Each mutation runs in one transaction, so a failed batch leaves nothing behind.
 */
export class EmulatorStore {
  readonly projects: ProjectStore;
  readonly assets: AssetStore;
  readonly workflow: AssetWorkflow;
  readonly labels: LabelStore;
  readonly files: FileStore;
  readonly users: UserStore;
  readonly members: MemberStore;
  readonly notifications: NotificationStore;
  readonly imports: AsyncImportStore;

  private constructor(
    private readonly db: Database.Database,
    now: () => number,
    asyncImports: AsyncImportSettings,
  ) {
    const clock = new LogicalClock(now, readLatestTimestamp(db));
    this.projects = new ProjectStore(db, clock);
    this.assets = new AssetStore(db, clock);
    this.workflow = new AssetWorkflow(db, clock);
    this.labels = new LabelStore(db, clock);
    this.files = new FileStore(db, clock);
    this.users = new UserStore(db, clock);
    this.members = new MemberStore(db, clock);
    this.notifications = new NotificationStore(db, clock, this.users);
    this.imports = new AsyncImportStore(db, this.assets, this.notifications, asyncImports);
  }

  /** Opens (and creates if needed) the database at `path`, or an in-memory one for `:memory:`. */
  static open(
    path: string,
    now: () => number = Date.now,
    asyncImports: AsyncImportSettings = {},
  ): EmulatorStore {
    const db = new Database(path);
    if (path !== ':memory:') {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('busy_timeout = 5000');
    migrateStore(db, VIEWER.id);
    return new EmulatorStore(db, now, asyncImports);
  }

  /** Runs `work` in one transaction: if it throws, nothing it wrote remains. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Creates a project whose first member is the viewer, its creator, as ADMIN. */
  createProject(project: NewProject): ProjectRecord {
    return this.transaction(() => {
      const created = this.projects.create(project);
      this.members.setRole(created.id, VIEWER.id, 'ADMIN');
      return created;
    });
  }

  /**
   * Deletes a project with everything in it: assets, labels, members and the files uploaded
   * under its bucket folder. The project's row stays, marked deleted.
   */
  deleteProject(projectId: string): void {
    this.transaction(() => {
      this.assets.delete({ project: { id: projectId } });
      this.members.removeProject(projectId);
      this.files.deleteUnder(`projects/${projectId}/`);
      this.projects.markDeleted(projectId);
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
