import { listOrganizations } from './organization.js';
import type {
  AssetWhereInput,
  NotificationWhereInput,
  OrganizationWhereInput,
  ProjectWhereInput,
} from './records.js';
import {
  type EmulatorContext,
  type PageArgs,
  paginate,
  readPage,
  requireProject,
  requireProjectOf,
} from './resolver-context.js';
import { VIEWER } from './user-store.js';

const API_KEY_EXPIRY = '2099-12-31T23:59:59.999Z';

/** The `Query` root: thin translations from GraphQL arguments to the store. */
export const queryResolvers = {
  viewer: (_: unknown, __: unknown, ctx: EmulatorContext) => ctx.store.users.findById(VIEWER.id),
  apiKeys: (
    _: unknown,
    args: { where: { key?: string | null } } & PageArgs,
    ctx: EmulatorContext,
  ) => {
    const keys = [
      { id: 'emulator-api-key', name: 'emulator', key: ctx.apiKey, expiryDate: API_KEY_EXPIRY },
    ].filter((key) => args.where.key == null || args.where.key === key.key);
    return paginate(keys, args);
  },
  projects: (_: unknown, args: { where: ProjectWhereInput } & PageArgs, ctx: EmulatorContext) => {
    const { first, skip } = readPage(args);
    return ctx.store.projects.list(args.where, first, skip);
  },
  countProjects: (_: unknown, args: { where: ProjectWhereInput }, ctx: EmulatorContext) =>
    ctx.store.projects.count(args.where),
  assets: (_: unknown, args: { where: AssetWhereInput } & PageArgs, ctx: EmulatorContext) => {
    requireProjectOf(ctx, args.where);
    const { first, skip } = readPage(args);
    return ctx.store.assets.list(args.where, first, skip);
  },
  countAssets: (_: unknown, args: { where: AssetWhereInput }, ctx: EmulatorContext) => {
    requireProjectOf(ctx, args.where);
    return ctx.store.assets.count(args.where);
  },
  filterExistingAssets: (
    _: unknown,
    args: { projectID: string; externalIDs: string[] },
    ctx: EmulatorContext,
  ) => {
    requireProject(ctx, args.projectID);
    return ctx.store.assets.filterExistingExternalIds(args.projectID, args.externalIDs);
  },
  createUploadBucketSignedUrls: (
    _: unknown,
    args: { filePaths?: string[] | null },
    ctx: EmulatorContext,
  ) =>
    (args.filePaths ?? []).map((path) => {
      const signature = ctx.store.files.createSignature(path);
      const query = `signature=${signature}&id=${encodeURIComponent(path)}`;
      return `${ctx.origin}/api/label/v2/files?${query}`;
    }),
  organizations: (
    _: unknown,
    args: { where: OrganizationWhereInput } & PageArgs,
    ctx: EmulatorContext,
  ) => paginate(listOrganizations(ctx.store.users, args.where), args),
  countOrganizations: (_: unknown, args: { where: OrganizationWhereInput }, ctx: EmulatorContext) =>
    listOrganizations(ctx.store.users, args.where).length,
  notifications: (
    _: unknown,
    args: { where: NotificationWhereInput } & PageArgs,
    ctx: EmulatorContext,
  ) => {
    const { first, skip } = readPage(args);
    return ctx.store.notifications.list(args.where, first, skip);
  },
  countNotifications: (_: unknown, args: { where: NotificationWhereInput }, ctx: EmulatorContext) =>
    ctx.store.notifications.count(args.where),
};
