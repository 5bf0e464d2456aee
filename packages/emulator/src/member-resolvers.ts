import { createApiError } from './api-error.js';
import { listOrganizationUsers, readMemberStatus } from './organization.js';
import type {
  ProjectRoleName,
  ProjectUserRecord,
  ProjectUserWhereInput,
  ProjectWhereInput,
  UserRecord,
  UserWhereInput,
} from './records.js';
import {
  type EmulatorContext,
  type PageArgs,
  paginate,
  requireProject,
} from './resolver-context.js';

interface AppendToRolesArgs {
  data: { userEmail: string; role: ProjectRoleName };
  where: ProjectWhereInput;
}

interface UpdateRoleArgs {
  where: ProjectUserWhereInput;
  data: { role: ProjectRoleName; projectID?: string | null; userID?: string | null };
}

/** Reads of project members (Kili's `ProjectUser`s). */
export const memberQueryResolvers = {
  projectUsers: (
    _: unknown,
    args: { where: ProjectUserWhereInput } & PageArgs,
    ctx: EmulatorContext,
  ) => paginate(listMembers(ctx, args.where), args),
  countProjectUsers: (_: unknown, args: { where: ProjectUserWhereInput }, ctx: EmulatorContext) =>
    listMembers(ctx, args.where).length,
};

/** Adding, changing and removing project members. */
export const memberMutationResolvers = {
  /**
   * Kili invites a user it does not know into the organization and the project at once, and
   * changes the role of a user who is already a member. Emails are kept lower-cased, which the
   * SDK relies on: it looks for the new member by the lower-cased email in the answer.
   */
  appendToRoles: (_: unknown, args: AppendToRolesArgs, ctx: EmulatorContext) => {
    const project = requireProject(ctx, args.where.id);
    return ctx.store.transaction(() => {
      const user =
        ctx.store.users.findRecordedByEmail(args.data.userEmail) ??
        ctx.store.users.create({ email: args.data.userEmail, organizationRole: 'USER' });
      ctx.store.members.setRole(project.id, user.id, args.data.role);
      return ctx.store.projects.get(project.id);
    });
  },
  updatePropertiesInRole: (_: unknown, args: UpdateRoleArgs, ctx: EmulatorContext) => {
    const member = findMember(ctx, args.where);
    const { projectID, userID } = args.data;
    if (projectID != null && projectID !== member.projectId) {
      throw invalid(`member ${member.id} belongs to project ${member.projectId}, not ${projectID}`);
    }
    if (userID != null) {
      const user = ctx.store.users.findById(member.userId);
      if (userID !== user.id && userID.toLowerCase() !== user.email) {
        throw invalid(`member ${member.id} is the user ${user.id}, not ${userID}`);
      }
    }
    return ctx.store.members.updateRole(member.id, args.data.role);
  },
  deleteFromRoles: (_: unknown, args: { where: ProjectUserWhereInput }, ctx: EmulatorContext) => {
    const member = findMember(ctx, args.where);
    ctx.store.members.remove(member.id);
    return ctx.store.projects.get(member.projectId);
  },
};

/**
 * The one member a mutation names: by its id, or by its project and its user (email or id). A
 * user who is not a member, or whom the organization does not have, is `projectUserNotFound`.
 */
function findMember(ctx: EmulatorContext, where: ProjectUserWhereInput): ProjectUserRecord {
  if (where.id != null) {
    const member = ctx.store.members.get(where.id);
    if (!member) throw notFound(`No project member has the id ${where.id}.`);
    requireProject(ctx, member.projectId);
    return member;
  }
  if (where.project?.id == null || where.user == null) {
    throw invalid('name the member by its id, or by its project and its user');
  }
  const project = requireProject(ctx, where.project.id);
  const user = findUser(ctx, where.user);
  const member = user ? ctx.store.members.find(project.id, user.id) : undefined;
  if (!member) {
    throw notFound(`${describeUser(where.user)} is not a member of project ${project.id}.`);
  }
  return member;
}

/** The members matching a `ProjectUserWhere`; a project it names must exist. */
function listMembers(ctx: EmulatorContext, where: ProjectUserWhereInput): ProjectUserRecord[] {
  // Removed members are not kept, so none is "deleted".
  if (where.deleted === true) return [];
  const projectId = where.project?.id;
  const members =
    projectId != null
      ? ctx.store.members.listForProject(requireProject(ctx, projectId).id)
      : ctx.store.members.listAll();
  const users = where.user ? listOrganizationUsers(ctx.store.users, where.user) : undefined;
  const userIds = users ? new Set(users.map((user) => user.id)) : undefined;
  const authorsByProject = new Map<string, Set<string>>();
  const isActive = (member: ProjectUserRecord) => {
    let authors = authorsByProject.get(member.projectId);
    if (!authors) {
      authors = ctx.store.labels.authorsInProject(member.projectId);
      authorsByProject.set(member.projectId, authors);
    }
    return authors.has(member.userId);
  };
  return members.filter((member) => {
    if (where.id != null && member.id !== where.id) return false;
    if (userIds && !userIds.has(member.userId)) return false;
    if (where.status != null) {
      if (readMemberStatus(ctx.store.users.findById(member.userId)) !== where.status) return false;
    }
    if (where.activeInProject != null && isActive(member) !== where.activeInProject) return false;
    return true;
  });
}

function findUser(ctx: EmulatorContext, where: UserWhereInput): UserRecord | undefined {
  if (where.email != null) return ctx.store.users.findRecordedByEmail(where.email);
  if (where.id != null) return ctx.store.users.findRecordedById(where.id);
  throw invalid('name the member\'s user by "email" or "id"');
}

function describeUser(where: UserWhereInput): string {
  return where.email != null ? `The user ${where.email}` : `The user ${where.id}`;
}

function notFound(message: string) {
  return createApiError('projectUserNotFound', message);
}

function invalid(message: string) {
  return createApiError('invalidInput', `${message}.`);
}
