import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { UserRecord, UserWhereInput } from './records.js';
import { StatementCache } from './statement-cache.js';

/** The one user every valid API key belongs to. */
export const VIEWER: UserRecord = {
  id: 'cl0emulat0rv1ewer0000000',
  email: 'emulator@kili-sync.local',
  firstname: 'Emulator',
  lastname: 'User',
};

/** The domain of the placeholder email given to a user known only by an id. */
const PLACEHOLDER_DOMAIN = 'users.kili-sync.local';

/**
 * Users of the emulator's one organization. Besides the viewer, a user comes into being the
 * first time it is named: by email (an assignment in `toBeLabeledBy`) or by id (a label author,
 * `assignAssetsToLabelers`). Its id (or placeholder email) is derived from what named it, so a
 * user named twice is the same user, and reads stay stable even for names never recorded.
 */
export class UserStore {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
    this.insert(VIEWER);
  }

  /** Records the users with these emails; returns them in order. */
  registerEmails(emails: string[]): UserRecord[] {
    return emails.map((email) => {
      const user = this.findByEmail(email);
      this.insert(user);
      return user;
    });
  }

  /** Records the users with these ids; returns them in order. */
  registerIds(ids: string[]): UserRecord[] {
    return ids.map((id) => {
      const user = this.findById(id);
      this.insert(user);
      return user;
    });
  }

  findByEmail(email: string): UserRecord {
    const row = this.statements.get('SELECT * FROM users WHERE email = ?').get(email);
    return row ? toUserRecord(row as UserRow) : placeholderForEmail(email);
  }

  findById(id: string): UserRecord {
    const row = this.statements.get('SELECT * FROM users WHERE id = ?').get(id);
    return row ? toUserRecord(row as UserRow) : placeholderForId(id);
  }

  /** The recorded users matching a `UserWhere` (all of the organization's users match `{}`). */
  list(where: UserWhereInput): UserRecord[] {
    const rows = this.statements.get('SELECT * FROM users ORDER BY seq').all() as UserRow[];
    return rows.map(toUserRecord).filter((user) => matchesUserWhere(user, where));
  }

  private insert(user: UserRecord): void {
    this.statements
      .get(
        `INSERT OR IGNORE INTO users (id, email, firstname, lastname)
         VALUES (@id, @email, @firstname, @lastname)`,
      )
      .run(user);
  }
}

interface UserRow {
  id: string;
  email: string;
  firstname: string | null;
  lastname: string | null;
}

function toUserRecord(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, firstname: row.firstname, lastname: row.lastname };
}

function placeholderForEmail(email: string): UserRecord {
  const hash = createHash('sha256').update(email).digest('hex').slice(0, 16);
  return { id: `user-${hash}`, email, firstname: null, lastname: null };
}

function placeholderForId(id: string): UserRecord {
  return { id, email: `${id}@${PLACEHOLDER_DOMAIN}`, firstname: null, lastname: null };
}

/** Every user is activated and in the one organization, so those keys only need to be present. */
function matchesUserWhere(user: UserRecord, where: UserWhereInput): boolean {
  if (where.activated === false) return false;
  if (where.email != null && where.email.toLowerCase() !== user.email.toLowerCase()) return false;
  if (where.id != null && where.id !== user.id) return false;
  if (where.idIn != null && !where.idIn.includes(user.id)) return false;
  return true;
}
