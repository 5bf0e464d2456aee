import { createId } from '@paralleldrive/cuid2';
import type Database from 'better-sqlite3';
import type { LogicalClock } from './clock.js';
import type {
  NotificationRecord,
  NotificationStatusName,
  NotificationWhereInput,
} from './records.js';
import { StatementCache } from './statement-cache.js';
import type { UserStore } from './user-store.js';

interface NotificationRow {
  id: string;
  user_id: string;
  status: NotificationStatusName;
  message: string | null;
  url: string | null;
  has_been_seen: number;
  created_at: string;
}

/** Notifications to users; the SDK polls the one an asynchronous import answers with. */
export class NotificationStore {
  private readonly statements: StatementCache;

  constructor(
    db: Database.Database,
    private readonly clock: LogicalClock,
    private readonly users: UserStore,
  ) {
    this.statements = new StatementCache(db);
  }

  create(userId: string, status: NotificationStatusName, message: string): NotificationRecord {
    const id = createId();
    this.statements
      .get(
        `INSERT INTO notifications (id, user_id, status, message, created_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(id, userId, status, message, this.clock.tick());
    return this.list({ id }, 1, 0)[0]!;
  }

  /** Ends a PENDING notification with its outcome. */
  settle(id: string, status: Exclude<NotificationStatusName, 'PENDING'>, message: string): void {
    this.statements
      .get(`UPDATE notifications SET status = ?, message = ? WHERE id = ? AND status = 'PENDING'`)
      .run(status, message, id);
  }

  /** How many notifications have each status. */
  countByStatus(): Record<NotificationStatusName, number> {
    const rows = this.statements
      .get('SELECT status, count(*) AS n FROM notifications GROUP BY status')
      .all() as { status: NotificationStatusName; n: number }[];
    const counts: Record<NotificationStatusName, number> = { FAILURE: 0, PENDING: 0, SUCCESS: 0 };
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /** One page of the matching notifications, oldest first. */
  list(where: NotificationWhereInput, first: number, skip: number): NotificationRecord[] {
    return this.select(where).slice(skip, skip + first);
  }

  count(where: NotificationWhereInput): number {
    return this.select(where).length;
  }

  private select(where: NotificationWhereInput): NotificationRecord[] {
    const userIds =
      where.user == null ? null : new Set(this.users.list(where.user).map((user) => user.id));
    const rows = this.statements
      .get('SELECT * FROM notifications ORDER BY seq')
      .all() as NotificationRow[];
    return rows
      .map(toNotificationRecord)
      .filter(
        (notification) =>
          (where.id == null || notification.id === where.id) &&
          (where.hasBeenSeen == null || notification.hasBeenSeen === where.hasBeenSeen) &&
          (userIds === null || userIds.has(notification.userId)),
      );
  }
}

function toNotificationRecord(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    message: row.message,
    url: row.url,
    hasBeenSeen: row.has_been_seen === 1,
    createdAt: row.created_at,
  };
}
