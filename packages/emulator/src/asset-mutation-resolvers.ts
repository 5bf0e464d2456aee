import { type AppendArraysInput, collectNewAssets } from './append-input.js';
import { checkAsyncImport } from './async-import-rules.js';
import type {
  AssetDataInput,
  AssetWhereInput,
  LabelTypeName,
  ProjectWhereInput,
} from './records.js';
import { type EmulatorContext, requireProject, requireProjectOf } from './resolver-context.js';
import { VIEWER } from './user-store.js';

interface CreateProjectArgs {
  data: {
    title: string;
    inputType: string;
    description?: string | null;
    jsonInterface?: unknown;
  };
}

interface AppendFramesArgs {
  data: AppendArraysInput & {
    multiLayerContentArray?: (unknown[] | null)[] | null;
    uploadType: string;
  };
  where: ProjectWhereInput;
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

/** Mutations that create, change and delete projects, assets and labels. */
export const assetMutationResolvers = {
  createProject: (_: unknown, args: CreateProjectArgs, ctx: EmulatorContext) => {
    const { jsonInterface, ...data } = args.data;
    return ctx.store.createProject({
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
  appendManyFramesToDatasetAsynchronously: (
    _: unknown,
    args: AppendFramesArgs,
    ctx: EmulatorContext,
  ) => {
    const project = requireProject(ctx, args.where.id);
    const { multiLayerContentArray, uploadType, ...arrays } = args.data;
    // A multi-layer asset keeps its layers as its jsonContent unless one was sent with it.
    const jsonContentArray = multiLayerContentArray?.map((layers, index) => {
      const sent = arrays.jsonContentArray?.[index];
      return sent || (layers ? JSON.stringify(layers) : null);
    });
    const items = collectNewAssets({
      ...arrays,
      jsonContentArray: jsonContentArray ?? arrays.jsonContentArray,
    });
    checkAsyncImport(project.inputType, uploadType, items);
    // The emulator processes no file: the import ends after the configured processing time.
    return ctx.store.imports.submit(project.id, uploadType, items);
  },
  updatePropertiesInAssets: (
    _: unknown,
    args: { where: AssetWhereInput[]; data: AssetDataInput[] },
    ctx: EmulatorContext,
  ) => {
    for (const where of args.where) requireProjectOf(ctx, where);
    const emails = args.data.flatMap((data) => data.toBeLabeledBy ?? []);
    ctx.store.users.registerEmails(emails.filter((email): email is string => email != null));
    return ctx.store.assets.update(args.where, args.data);
  },
  deleteManyFromDataset: (_: unknown, args: { where: AssetWhereInput }, ctx: EmulatorContext) => {
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
    ctx.store.users.registerIds(labels.map((label) => label.authorId));
    const allowedAssetIds = ctx.store.assets.selectIdsAmong(
      args.where,
      labels.map((label) => label.assetId),
    );
    return ctx.store.labels.append(args.data.labelType, labels, {
      overwrite: args.data.overwrite === true,
      allowedAssetIds,
    });
  },
};
