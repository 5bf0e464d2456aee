import type { OrganizationWhereInput, UserWhereInput } from './records.js';
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

/** Whether a user of the organization matches a `UserWhere`. */
export function hasMatchingUser(users: UserStore, where: UserWhereInput): boolean {
  const organizationId = where.organization?.id;
  if (organizationId != null && organizationId !== ORGANIZATION.id) return false;
  return users.list(where).length > 0;
}
