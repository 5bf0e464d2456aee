import { createApiError, createNoAccessError } from './api-error.js';
import { type AppendArraysInput, collectNewAssets } from './append-input.js';
import type {
  AssetDataInput,
  AssetRecord,
  AssetWhereInput,
  LabelRecord,
  LabelTypeName,
  ProjectRecord,
  ProjectWhereInput,
} from './records.js';
import { JsonScalar, PageSizeScalar } from './scalars.js';
import type { EmulatorStore } from './store.js';
import { findUserByEmail, findUserById, VIEWER } from './users.js';

/** What every resolver receives for one request. */
export type EmulatorContext = {
  store: EmulatorStore;
  apiKey: string;
  /** Origin the client reached us at, used to build signed upload URLs. */
  origin: string;
};

const DEFAULT_PAGE_SIZE = 100;
const API_KEY_EXPIRY = '2099-12-31T23:59:59.999Z';

interface PageArgs {
  first?: number | null;
  skip?: number | null;
}

interface AppendLabelsArgs {
  data: {
    labelType: LabelTypeName;
    overwrite?: boolean | null;
    labelsData: {
      assetID: string;
      authorID?: string | null;
      jsonResponse: string;
      modelName?: string | null;
    }[];
  };
  where: AssetWhereInput;
}

/** Resolvers of the emulated API: thin translations from GraphQL arguments to the store. */
export function createResolvers() {
  return {
    PageSize: PageSizeScalar,
    JSON: JsonScalar,
    Query: {
      viewer: () => VIEWER,
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
      projects: (
        _: unknown,
        args: { where: ProjectWhereInput } & PageArgs,
        ctx: EmulatorContext,
      ) => {
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
    },
    Mutation: {
      createProject: (
        _: unknown,
        args: {
          data: {
            title: string;
            inputType: string;
            description?: string | null;
            jsonInterface?: unknown;
          };
        },
        ctx: EmulatorContext,
      ) => {
        const { jsonInterface, ...data } = args.data;
        return ctx.store.projects.create({
          ...data,
          jsonInterface:
            jsonInterface == null || typeof jsonInterface === 'string'
              ? (jsonInterface ?? null)
              : JSON.stringify(jsonInterface),
        });
      },
      appendManyAssets: (
        _: unknown,
        args: { data: AppendArraysInput; where: ProjectWhereInput },
        ctx: EmulatorContext,
      ) => {
        const project = requireProject(ctx, args.where.id);
        return ctx.store.assets.append(project.id, collectNewAssets(args.data));
      },
      appendManyToDataset: (
        _: unknown,
        args: { data: AppendArraysInput; where: ProjectWhereInput },
        ctx: EmulatorContext,
      ) => {
        const project = requireProject(ctx, args.where.id);
        ctx.store.assets.append(project.id, collectNewAssets(args.data));
        return project;
      },
      updatePropertiesInAssets: (
        _: unknown,
        args: { where: AssetWhereInput[]; data: AssetDataInput[] },
        ctx: EmulatorContext,
      ) => {
        for (const where of args.where) requireProjectOf(ctx, where);
        return ctx.store.assets.update(args.where, args.data);
      },
      deleteManyFromDataset: (
        _: unknown,
        args: { where: AssetWhereInput },
        ctx: EmulatorContext,
      ) => {
        requireProjectOf(ctx, args.where);
        const projectId = ctx.store.assets.delete(args.where);
        return projectId === null ? null : (ctx.store.projects.get(projectId) ?? null);
      },
      appendManyLabels: (_: unknown, args: AppendLabelsArgs, ctx: EmulatorContext) => {
        requireProjectOf(ctx, args.where);
        const labels = args.data.labelsData.map((label) => ({
          assetId: label.assetID,
          authorId: label.authorID ?? VIEWER.id,
          jsonResponse: label.jsonResponse,
          modelName: label.modelName,
        }));
        const allowedAssetIds = ctx.store.assets.selectIdsAmong(
          args.where,
          labels.map((label) => label.assetId),
        );
        return ctx.store.labels.append(args.data.labelType, labels, {
          overwrite: args.data.overwrite === true,
          allowedAssetIds,
        });
      },
    },
    Project: {
      description: (project: ProjectRecord) => project.description,
      workflowVersion: () => 'V1',
      steps: () => [],
      numberOfAssets: (project: ProjectRecord, _: unknown, ctx: EmulatorContext) =>
        ctx.store.projects.countAssets(project.id),
    },
    Asset: {
      project: (asset: AssetRecord, _: unknown, ctx: EmulatorContext) =>
        ctx.store.projects.get(asset.projectId),
      labels: (asset: AssetRecord, _: unknown, ctx: EmulatorContext) =>
        asset.labelCount === 0 ? [] : ctx.store.labels.listForAsset(asset.id),
      latestLabel: (asset: AssetRecord, _: unknown, ctx: EmulatorContext) =>
        asset.labelCount === 0 ? null : ctx.store.labels.latestForAsset(asset.id),
      toBeLabeledBy: (asset: AssetRecord) =>
        asset.toBeLabeledBy.map((email) => {
          const user = findUserByEmail(email);
          return { id: `${asset.id}-${user.id}`, user };
        }),
    },
    Label: {
      author: (label: LabelRecord) => findUserById(label.authorId),
    },
  };
}

function readPage(args: PageArgs): { first: number; skip: number } {
  const skip = args.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) {
    throw createApiError('invalidInput', `skip must be a non-negative integer, got ${skip}.`);
  }
  return { first: args.first ?? DEFAULT_PAGE_SIZE, skip };
}

function paginate<T>(items: T[], args: PageArgs): T[] {
  const { first, skip } = readPage(args);
  return items.slice(skip, skip + first);
}

function requireProject(ctx: EmulatorContext, projectId: string | null | undefined): ProjectRecord {
  const project = projectId ? ctx.store.projects.get(projectId) : undefined;
  if (!project) throw createNoAccessError();
  return project;
}

/** A filter that names a project must name one that exists, as Kili checks access first. */
function requireProjectOf(ctx: EmulatorContext, where: AssetWhereInput): void {
  if (where.project?.id != null) requireProject(ctx, where.project.id);
}
