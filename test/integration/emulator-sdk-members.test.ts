import type { RunningEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureErrorCode,
  createClient,
  createKili,
  OPS,
  startTestEmulator,
} from './emulator-support.js';
import { sdkDocument } from './sdk-documents.js';

/**
 * Project members as the official SDK manages them (`append_to_roles`,
 * `update_properties_in_project_user`, `update_properties_in_role`, `delete_from_roles`,
 * `project_users`), with the documents it sends (sdk-documents.ts) and the variables it builds,
 * its `None` values removed as its GraphQL client does before sending.
 */
const APPEND_TO_ROLES = sdkDocument('Kili.append_to_roles');
const UPDATE_PROJECT_USER = sdkDocument('Kili.update_properties_in_project_user');
const UPDATE_ROLE = sdkDocument('Kili.update_properties_in_role');
const DELETE_FROM_ROLES = sdkDocument('Kili.delete_from_roles');
const PROJECT_USERS = sdkDocument('Kili.project_users, default fields');
const COUNT_PROJECT_USERS = sdkDocument('Kili.count_project_users');
const PROJECTS = sdkDocument('projects, default fields');
const DELETE_PROJECT = sdkDocument('Kili.delete_project');
const USERS = sdkDocument('Kili.users, default fields');
const UPDATE_USER = sdkDocument('Kili.update_properties_in_user');
const ORGANIZATIONS = sdkDocument('Kili.organizations, default fields');

interface Member {
  id: string;
  role: string;
  user: { id: string; email: string };
}

describe('emulator: project members as the SDK manages them', () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof createClient>;
  let kili: ReturnType<typeof createKili>;
  let organizationId: string;
  let viewer: { id: string; email: string };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = createClient(emulator);
    kili = createKili(client);
    viewer = await data<{ id: string; email: string }>(OPS.viewer, {});
    const [organization] = await data<{ id: string; name: string }[]>(ORGANIZATIONS, {
      where: { user: { email: null } },
      first: 1,
      skip: 0,
    });
    organizationId = organization!.id;
  });
  afterAll(() => emulator.close());

  const data = async <T>(document: string, variables: Record<string, unknown>) =>
    (await client.request<{ data: T }>(document, variables)).data;
  /** `kili.project_users(project_id)`: the SDK's count, then its page, where as it sends it. */
  const projectUsers = async (projectId: string, where: Record<string, unknown> = {}) => {
    const fullWhere = {
      deleted: false,
      project: { id: projectId },
      user: { email: null, organization: { id: null } },
      ...where,
    };
    const count = await data<number>(COUNT_PROJECT_USERS, { where: fullWhere });
    const page = await data<Record<string, unknown>[]>(PROJECT_USERS, {
      where: fullWhere,
      first: Math.max(count, 1),
      skip: 0,
    });
    expect(page).toHaveLength(count);
    return page;
  };
  const roles = async (projectId: string) => {
    const [project] = await data<{ roles: Member[] }[]>(PROJECTS, {
      where: { id: projectId },
      first: 1,
      skip: 0,
    });
    return project!.roles.map((member) => [member.user.email, member.role]);
  };
  const appendToRoles = (projectId: string, userEmail: string, role: string) =>
    data<{ roles: Member[] }>(APPEND_TO_ROLES, {
      data: { role, userEmail },
      where: { id: projectId },
    });

  it('append_to_roles invites a new user, lower-cased, and Project.roles reads the members back', async () => {
    const projectId = await kili.createProject('Members');
    expect(await roles(projectId)).toEqual([[viewer.email, 'ADMIN']]);

    const answer = await appendToRoles(projectId, 'Jane.Doe@Example.com', 'REVIEWER');
    // The SDK returns the member whose email is the lower-cased one it sent, with that role.
    expect(answer.roles).toContainEqual(
      expect.objectContaining({
        role: 'REVIEWER',
        user: expect.objectContaining({ email: 'jane.doe@example.com' }),
      }),
    );
    expect(await roles(projectId)).toEqual([
      [viewer.email, 'ADMIN'],
      ['jane.doe@example.com', 'REVIEWER'],
    ]);

    // Appending again changes the role; the user is not invited twice.
    await appendToRoles(projectId, 'jane.doe@example.com', 'LABELER');
    expect(await roles(projectId)).toEqual([
      [viewer.email, 'ADMIN'],
      ['jane.doe@example.com', 'LABELER'],
    ]);
    const janes = await data<{ email: string }[]>(USERS, {
      where: { organization: { id: organizationId }, email: 'jane.doe@example.com' },
      first: 10,
      skip: 0,
    });
    expect(janes).toHaveLength(1);
  });

  it('changes a role with update_properties_in_project_user and the deprecated update_properties_in_role', async () => {
    const projectId = await kili.createProject('Roles');
    await appendToRoles(projectId, 'sam@example.com', 'LABELER');

    const changed = await client.request<{ updatePropertiesInRole: Member }>(UPDATE_PROJECT_USER, {
      data: { role: 'TEAM_MANAGER' },
      where: { project: { id: projectId }, user: { email: 'sam@example.com' } },
    });
    expect(changed.updatePropertiesInRole).toMatchObject({
      role: 'TEAM_MANAGER',
      user: { email: 'sam@example.com' },
    });

    const [, sam] = (await projectUsers(projectId)) as unknown as Member[];
    const deprecated = await data<Member>(UPDATE_ROLE, {
      roleID: sam!.id,
      projectID: projectId,
      userID: sam!.user.id,
      role: 'REVIEWER',
    });
    expect(deprecated).toMatchObject({ role: 'REVIEWER', user: { id: sam!.user.id } });
    expect(await roles(projectId)).toContainEqual(['sam@example.com', 'REVIEWER']);

    const wrongProject = data(UPDATE_ROLE, {
      roleID: sam!.id,
      projectID: 'clanotherproject000000000',
      userID: sam!.user.id,
      role: 'ADMIN',
    });
    expect(await captureErrorCode(wrongProject)).toBe('invalidInput');
    expect(await roles(projectId)).toContainEqual(['sam@example.com', 'REVIEWER']);
  });

  it('refuses a role for a user who is not a member or does not exist, and deleting twice', async () => {
    const projectId = await kili.createProject('Refusals');
    await appendToRoles(projectId, 'member@example.com', 'LABELER');
    await appendToRoles(await kili.createProject('Elsewhere'), 'outsider@example.com', 'LABELER');
    const updateFor = (email: string) =>
      client.request(UPDATE_PROJECT_USER, {
        data: { role: 'REVIEWER' },
        where: { project: { id: projectId }, user: { email } },
      });
    expect(await captureErrorCode(updateFor('nobody@example.com'))).toBe('projectUserNotFound');
    expect(await captureErrorCode(updateFor('outsider@example.com'))).toBe('projectUserNotFound');
    const roleOfNobody = data(UPDATE_ROLE, {
      roleID: 'clnosuchrole0000000000000',
      projectID: projectId,
      userID: 'nobody',
      role: 'LABELER',
    });
    expect(await captureErrorCode(roleOfNobody)).toBe('projectUserNotFound');

    const remove = () =>
      data<{ id: string }>(DELETE_FROM_ROLES, {
        where: { project: { id: projectId }, user: { email: 'member@example.com' } },
      });
    expect(await remove()).toEqual({ id: projectId });
    expect(await roles(projectId)).toEqual([[viewer.email, 'ADMIN']]);
    expect(await captureErrorCode(remove())).toBe('projectUserNotFound');
    const removeById = data(DELETE_FROM_ROLES, { where: { id: 'clnosuchrole0000000000000' } });
    expect(await captureErrorCode(removeById)).toBe('projectUserNotFound');
  });

  it('refuses members of an unknown or deleted project as a project the key cannot see', async () => {
    const projectId = await kili.createProject('Gone');
    await appendToRoles(projectId, 'left@example.com', 'LABELER');
    await data(DELETE_PROJECT, { where: { id: projectId } });
    for (const id of [projectId, 'clnosuchproject0000000000']) {
      expect(await captureErrorCode(appendToRoles(id, 'late@example.com', 'LABELER'))).toBe(
        'noAccessRights',
      );
      expect(await captureErrorCode(projectUsers(id))).toBe('noAccessRights');
      const remove = data(DELETE_FROM_ROLES, {
        where: { project: { id }, user: { email: 'left@example.com' } },
      });
      expect(await captureErrorCode(remove)).toBe('noAccessRights');
    }
  });

  it('lists members with project_users: status per organization role, count per status', async () => {
    const projectId = await kili.createProject('Statuses');
    await appendToRoles(projectId, 'active@example.com', 'LABELER');
    await appendToRoles(projectId, 'leaving@example.com', 'REVIEWER');
    await data(UPDATE_USER, {
      data: { activated: false },
      where: { email: 'leaving@example.com', organization: { id: null } },
    });

    const members = await projectUsers(projectId);
    expect(
      members.map((member) => [member.user, member.role, member.status, member.activated]),
    ).toEqual([
      [expect.objectContaining({ email: viewer.email }), 'ADMIN', 'ORG_ADMIN', true],
      [expect.objectContaining({ email: 'active@example.com' }), 'LABELER', 'ACTIVATED', true],
      [
        expect.objectContaining({ email: 'leaving@example.com' }),
        'REVIEWER',
        'ORG_SUSPENDED',
        false,
      ],
    ]);
    const count = (status: string) => projectUsers(projectId, { status });
    expect((await count('ACTIVATED')).length).toBe(1);
    expect((await count('ORG_ADMIN')).length).toBe(1);
    expect((await count('ORG_SUSPENDED')).length).toBe(1);
    const byEmail = await projectUsers(projectId, {
      user: { email: 'ACTIVE@example.com', organization: { id: null } },
    });
    expect(byEmail.map((member) => member.role)).toEqual(['LABELER']);
    expect(await projectUsers(projectId, { deleted: true })).toEqual([]);
  });
});
