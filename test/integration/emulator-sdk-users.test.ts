import type { RunningEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureErrorCode, createClient, OPS, startTestEmulator } from './emulator-support.js';
import { sdkDocument } from './sdk-documents.js';

/**
 * The organization's users as the official SDK manages them (`users`, `count_users`,
 * `create_user`, `update_properties_in_user`, `organizations`), with the documents it sends
 * (sdk-documents.ts) and the variables it builds, its `None` values removed as its GraphQL client
 * does before sending.
 */
const USERS = sdkDocument('Kili.users, default fields');
const COUNT_USERS = sdkDocument('Kili.count_users');
const CREATE_USER = sdkDocument('Kili.create_user');
const UPDATE_USER = sdkDocument('Kili.update_properties_in_user');
const ORGANIZATIONS = sdkDocument('Kili.organizations, default fields');

describe('emulator: users as the SDK manages them', () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof createClient>;
  let organizationId: string;
  let viewer: { id: string; email: string };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = createClient(emulator);
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

  it('creates users with create_user, once per email, and lists them with users and countUsers', async () => {
    const created = await data<{ id: string }>(CREATE_USER, {
      data: {
        email: 'new.user@example.com',
        firstname: 'New',
        lastname: 'User',
        password: 'never-kept',
        organizationRole: 'USER',
      },
    });
    const again = data(CREATE_USER, {
      data: { email: 'new.user@example.com', password: 'x', organizationRole: 'ADMIN' },
    });
    expect(await captureErrorCode(again)).toBe('userAlreadyExists');

    const where = { organization: { id: organizationId } };
    const total = await data<number>(COUNT_USERS, { where });
    const users = await data<Record<string, unknown>[]>(USERS, { where, first: total, skip: 0 });
    expect(users).toHaveLength(total);
    expect(users[0]).toEqual({
      email: viewer.email,
      id: viewer.id,
      firstname: 'Emulator',
      lastname: 'User',
    });
    expect(users).toContainEqual({
      email: 'new.user@example.com',
      id: created.id,
      firstname: 'New',
      lastname: 'User',
    });
    expect(await data<number>(COUNT_USERS, { where: { organization: { id: 'clother' } } })).toBe(0);
    expect(
      await data<number>(COUNT_USERS, {
        where: { email: 'NEW.USER@example.com', organization: { id: null } },
      }),
    ).toBe(1);
  });

  it('changes a user with update_properties_in_user, and refuses an unknown user or organization', async () => {
    await data(CREATE_USER, {
      data: { email: 'rename@example.com', password: 'x', organizationRole: 'USER' },
    });
    const where = { email: 'rename@example.com', organization: { id: null } };
    const answer = await data<{ id: string }>(UPDATE_USER, {
      data: { firstname: 'Re', lastname: 'Named', organizationId, organizationRole: 'ADMIN' },
      where,
    });
    const [user] = await data<Record<string, unknown>[]>(USERS, { where, first: 1, skip: 0 });
    expect(user).toEqual({
      id: answer.id,
      email: 'rename@example.com',
      firstname: 'Re',
      lastname: 'Named',
    });

    const unknown = data(UPDATE_USER, {
      data: { firstname: 'x' },
      where: { email: 'nobody@example.com', organization: { id: null } },
    });
    expect(await captureErrorCode(unknown)).toBe('userNotFound');
    const otherOrganization = data(UPDATE_USER, {
      data: { organizationId: 'clanotherorganization0000' },
      where,
    });
    expect(await captureErrorCode(otherOrganization)).toBe('invalidInput');
  });
});
