import type { AssetWhereInput } from './records.js';
import { type EmulatorContext, requireProject, requireProjectOf } from './resolver-context.js';

interface SetConsensusArgs {
  assetId?: string | null;
  externalId?: string | null;
  projectId: string;
  isConsensus: boolean;
}

/** Mutations that move assets through the labeling workflow. */
export const workflowResolvers = {
  assignAssetsToLabelers: (
    _: unknown,
    args: { where: AssetWhereInput; userIds: string[] },
    ctx: EmulatorContext,
  ) => {
    requireProjectOf(ctx, args.where);
    const users = ctx.store.users.registerIds(args.userIds);
    return ctx.store.workflow.assign(
      args.where,
      users.map((user) => user.email),
    );
  },
  setAssetConsensus: (_: unknown, args: SetConsensusArgs, ctx: EmulatorContext) => {
    const project = requireProject(ctx, args.projectId);
    return ctx.store.workflow.setConsensus(
      project.id,
      { id: args.assetId, externalId: args.externalId },
      args.isConsensus,
    );
  },
  addAllLabeledAssetsToReview: (
    _: unknown,
    args: { where: AssetWhereInput },
    ctx: EmulatorContext,
  ) => {
    requireProjectOf(ctx, args.where);
    const outcome = ctx.store.workflow.addToReview(args.where);
    // Kili answers without a project when no asset moved (the SDK then reports None).
    if (outcome.changed === 0 || outcome.projectId === null) return null;
    return ctx.store.projects.get(outcome.projectId) ?? null;
  },
  sendBackAssetsToQueue: (_: unknown, args: { where: AssetWhereInput }, ctx: EmulatorContext) => {
    requireProjectOf(ctx, args.where);
    const { projectId } = ctx.store.workflow.sendBackToQueue(args.where);
    return projectId === null ? null : (ctx.store.projects.get(projectId) ?? null);
  },
  skipAsset: (
    _: unknown,
    args: { reason: string; where: AssetWhereInput },
    ctx: EmulatorContext,
  ) => {
    requireProjectOf(ctx, args.where);
    return ctx.store.workflow.skip(args.where);
  },
  unskipAsset: (_: unknown, args: { projectId: string; assetId: string }, ctx: EmulatorContext) => {
    const project = requireProject(ctx, args.projectId);
    return ctx.store.workflow.unskip(project.id, args.assetId);
  },
};
