import { createHash } from 'node:crypto';
import { createId } from '@paralleldrive/cuid2';
import type Database from 'better-sqlite3';
import { createApiError } from './api-error.js';
import type { LogicalClock } from './clock.js';
import type { OrganizationRoleName, UserRecord, UserWhereInput } from './records.js';
import { StatementCache } from './statement-cache.js';

/** The one user every valid API key belongs to: an admin of the organization. */
export const VIEWER: UserRecord = {
  id: 'cl0emulat0rv1ewer0000000',
  email: 'emulator@kili-sync.local',
  firstname: 'Emulator',
  lastname: 'User',
  activated: true,
  organizationRole: 'ADMIN',
  createdAt: null,
  updatedAt: null,
};

/** A user `createUser` or an invitation to a project adds to the organization. */
export interface NewUser {
  email: string;
  firstname?: string | null;
  lastname?: string | null;
  organizationRole: OrganizationRoleName;
}

/** What `updatePropertiesInUser` may change; absent keys change nothing. */
export interface UserChanges {
  email?: string;
  firstname?: string;
  lastname?: string;
  activated?: boolean;
  organizationRole?: OrganizationRoleName;
}

/** The domain of the placeholder email given to a user known only by an id. */
const PLACEHOLDER_DOMAIN = 'users.kili-sync.local';

/**
 * Users of the emulator's one organization. Besides the viewer and the users `createUser` and
 * `appendToRoles` add, a user comes into being the first time it is named: by email (an
 * assignment in `toBeLabeledBy`) or by id (a label author, `assignAssetsToLabelers`). Its id (or
 * placeholder email) is derived from what named it, so a user named twice is the same user, and
 * reads stay stable even for names never recorded.
 */
export class UserStore {
  private readonly statements: StatementCache;

  constructor(
    db: Database.Database,
    private readonly clock: LogicalClock,
  ) {
    this.statements = new StatementCache(db);
    this.insert(VIEWER);
  }

  /**
   * Adds a user (ids are cuids, emails lower-cased as Kili keeps them); refuses an email that a
   * user of the organization already has.
   */
  create(user: NewUser): UserRecord {
    const email = user.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
      throw createApiError(
        'invalidInput',
        `${JSON.stringify(user.email)} is not an email address.`,
      );
    }
    if (this.findRecordedByEmail(email)) {
      throw createApiError('userAlreadyExists', `A user with the email ${email} already exists.`);
    }
    const now = this.clock.tick();
    const created: UserRecord = {
      id: createId(),
      email,
      firstname: user.firstname ?? null,
      lastname: user.lastname ?? null,
      activated: true,
      organizationRole: user.organizationRole,
      createdAt: now,
      updatedAt: now,
    };
    this.insert(created);
    return created;
  }

  /** Changes a recorded user; refuses an email another user has. */
  update(id: string, changes: UserChanges): UserRecord {
    const current = this.findById(id);
    const email = changes.email?.trim().toLowerCase();
    if (email !== undefined && email !== current.email) {
      const holder = this.findRecordedByEmail(email);
      if (holder && holder.id !== id) {
        throw createApiError('userAlreadyExists', `A user with the email ${email} already exists.`);
      }
    }
    const next: UserRecord = {
      ...current,
      ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
      ...(email === undefined ? {} : { email }),
      updatedAt: this.clock.tick(),
    };
    this.statements
      .get(
        `UPDATE users SET email = @email, firstname = @firstname, lastname = @lastname,
         activated = @activated, organization_role = @organizationRole, updated_at = @updatedAt
         WHERE id = @id`,
      )
      .run({ ...next, activated: next.activated ? 1 : 0 });
    return next;
  }

  /** The recorded user with this email, compared without case; undefined when there is none. */
  findRecordedByEmail(email: string): UserRecord | undefined {
    const row = this.statements
      .get('SELECT * FROM users WHERE lower(email) = lower(?) ORDER BY seq LIMIT 1')
      .get(email);
    return row ? toUserRecord(row as UserRow) : undefined;
  }

  /** The recorded user with this id; undefined when there is none. */
  findRecordedById(id: string): UserRecord | undefined {
    const row = this.statements.get('SELECT * FROM users WHERE id = ?').get(id);
    return row ? toUserRecord(row as UserRow) : undefined;
  }

  /** A page of the recorded users matching a `UserWhere`, in the order they were recorded. */
  page(where: UserWhereInput, first: number, skip: number): UserRecord[] {
    return this.list(where).slice(skip, skip + first);
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
        `INSERT OR IGNORE INTO users (id, email, firstname, lastname, activated, organization_role,
         created_at, updated_at) VALUES (@id, @email, @firstname, @lastname, @activated,
         @organizationRole, @createdAt, @updatedAt)`,
      )
      .run({ ...user, activated: user.activated ? 1 : 0 });
  }
}

interface UserRow {
  id: string;
  email: string;
  firstname: string | null;
  lastname: string | null;
  activated: number;
  organization_role: OrganizationRoleName;
  created_at: string | null;
  updated_at: string | null;
}

function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    firstname: row.firstname,
    lastname: row.lastname,
    activated: row.activated === 1,
    organizationRole: row.organization_role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A user only named so far: an activated member of the organization, without a name. */
function namedUser(id: string, email: string): UserRecord {
  return {
    id,
    email,
    firstname: null,
    lastname: null,
    activated: true,
    organizationRole: 'USER',
    createdAt: null,
    updatedAt: null,
  };
}

function placeholderForEmail(email: string): UserRecord {
  const hash = createHash('sha256').update(email).digest('hex').slice(0, 16);
  return namedUser(`user-${hash}`, email);
}

function placeholderForId(id: string): UserRecord {
  return namedUser(id, `${id}@${PLACEHOLDER_DOMAIN}`);
}

/** Every user is in the one organization, so that key only needs to name it (see organization.ts). */
function matchesUserWhere(user: UserRecord, where: UserWhereInput): boolean {
  if (where.activated != null && where.activated !== user.activated) return false;
  if (where.email != null && where.email.toLowerCase() !== user.email.toLowerCase()) return false;
  if (where.id != null && where.id !== user.id) return false;
  if (where.idIn != null && !where.idIn.includes(user.id)) return false;
  return true;
}
