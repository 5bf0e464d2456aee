import type {
  OrganizationWhereInput,
  ProjectUserStatusName,
  UserRecord,
  UserWhereInput,
} from './records.js';
import type { UserStore } from './user-store.js';

export interface OrganizationRecord {
  id: string;
  name: string;
  license: { uploadLocalData: boolean };
}

/**
 * The emulator's one organization. Its licence allows uploads from local files: the SDK checks
 * that flag before every local-file, inline-text or CSV import and refuses them without it.
 */
export const ORGANIZATION: OrganizationRecord = {
  id: 'cl0emulat0rorgan1zat10n00',
  name: 'kili-sync emulator',
  license: { uploadLocalData: true },
};

/** The organizations matching an `OrganizationWhere`: the one organization, or none. */
export function listOrganizations(
  users: UserStore,
  where: OrganizationWhereInput,
): OrganizationRecord[] {
  if (where.id != null && where.id !== ORGANIZATION.id) return [];
  if (where.user != null && !hasMatchingUser(users, where.user)) return [];
  return [ORGANIZATION];
}

/** The recorded users matching a `UserWhere`; none when it names another organization. */
export function listOrganizationUsers(users: UserStore, where: UserWhereInput): UserRecord[] {
  const organizationId = where.organization?.id;
  if (organizationId != null && organizationId !== ORGANIZATION.id) return [];
  return users.list(where);
}

/** Whether a user of the organization matches a `UserWhere`. */
export function hasMatchingUser(users: UserStore, where: UserWhereInput): boolean {
  return listOrganizationUsers(users, where).length > 0;
}

/** How a user stands in the organization, as a project member's `status` says it. */
export function readMemberStatus(user: UserRecord): ProjectUserStatusName {
  if (!user.activated) return 'ORG_SUSPENDED';
  return user.organizationRole === 'ADMIN' ? 'ORG_ADMIN' : 'ACTIVATED';
}
