import { createHash } from 'node:crypto';

export interface UserRecord {
  id: string;
  email: string;
  firstname: string | null;
  lastname: string | null;
}

/** The one user every valid API key belongs to. */
export const VIEWER: UserRecord = {
  id: 'cl0emulat0rv1ewer0000000',
  email: 'emulator@kili-sync.local',
  firstname: 'Emulator',
  lastname: 'User',
};

/** A stable user for an email the emulator has never seen (e.g. a labeler assignment). */
export function findUserByEmail(email: string): UserRecord {
  if (email === VIEWER.email) return VIEWER;
  return { id: `user-${hashOf(email)}`, email, firstname: null, lastname: null };
}

/** A stable user for an author id sent with a label. */
export function findUserById(id: string): UserRecord {
  if (id === VIEWER.id) return VIEWER;
  return { id, email: `${id}@users.kili-sync.local`, firstname: null, lastname: null };
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
