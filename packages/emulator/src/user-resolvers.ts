import { createApiError } from './api-error.js';
import { listOrganizationUsers, ORGANIZATION } from './organization.js';
import type { OrganizationRoleName, UserWhereInput } from './records.js';
import { type EmulatorContext, type PageArgs, paginate } from './resolver-context.js';
import type { UserChanges } from './user-store.js';

interface CreateUserArgs {
  data: {
    email: string;
    firstname?: string | null;
    lastname?: string | null;
    password?: string | null;
    organizationRole: OrganizationRoleName;
  };
}

interface UpdateUserArgs {
  data: {
    email?: string | null;
    firstname?: string | null;
    lastname?: string | null;
    activated?: boolean | null;
    organizationRole?: OrganizationRoleName | null;
    organizationId?: string | null;
  };
  where: UserWhereInput;
}

/** Reads of the organization's users. */
export const userQueryResolvers = {
  users: (_: unknown, args: { where: UserWhereInput } & PageArgs, ctx: EmulatorContext) =>
    paginate(listOrganizationUsers(ctx.store.users, args.where), args),
  countUsers: (_: unknown, args: { where: UserWhereInput }, ctx: EmulatorContext) =>
    listOrganizationUsers(ctx.store.users, args.where).length,
};

/** Adding and changing users. The password is accepted and never stored. */
export const userMutationResolvers = {
  createUser: (_: unknown, args: CreateUserArgs, ctx: EmulatorContext) => {
    const { email, firstname, lastname, organizationRole } = args.data;
    return ctx.store.users.create({ email, firstname, lastname, organizationRole });
  },
  updatePropertiesInUser: (_: unknown, args: UpdateUserArgs, ctx: EmulatorContext) => {
    const { organizationId, ...data } = args.data;
    if (organizationId != null && organizationId !== ORGANIZATION.id) {
      throw createApiError(
        'invalidInput',
        `The emulator has one organization, ${ORGANIZATION.id}; ${organizationId} is not it.`,
      );
    }
    const matching = listOrganizationUsers(ctx.store.users, args.where);
    const user = matching[0];
    if (!user || (args.where.email == null && args.where.id == null)) {
      throw createApiError(
        'userNotFound',
        `No user matches ${JSON.stringify(args.where)}; name one by "email" or "id".`,
      );
    }
    const changes: UserChanges = {};
    for (const key of [
      'email',
      'firstname',
      'lastname',
      'activated',
      'organizationRole',
    ] as const) {
      const value = data[key];
      if (value != null) Object.assign(changes, { [key]: value });
    }
    return ctx.store.users.update(user.id, changes);
  },
};
