import type { AssetRecord, LabelRecord, ProjectRecord } from './records.js';
import type { EmulatorContext } from './resolver-context.js';
import { VIEWER } from './user-store.js';

/**
 * Project settings the emulator does not model, with the values of a project nobody has tuned:
 * no consensus (coverage 0, one labeler per asset), no review sampling.
 */
const PROJECT_DEFAULTS = { consensusTotCoverage: 0, minConsensusSize: 1, reviewCoverage: 0 };

/** Fields of the object types that are computed rather than stored. */
export const typeResolvers = {
  Project: {
    description: (project: ProjectRecord) => project.description,
    workflowVersion: () => 'V1',
    steps: () => [],
    roles: (project: ProjectRecord) => [
      { id: `${project.id}-${VIEWER.id}`, role: 'ADMIN', user: VIEWER },
    ],
    consensusTotCoverage: () => PROJECT_DEFAULTS.consensusTotCoverage,
    minConsensusSize: () => PROJECT_DEFAULTS.minConsensusSize,
    reviewCoverage: () => PROJECT_DEFAULTS.reviewCoverage,
    dataConnections: () => [],
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
    toBeLabeledBy: (asset: AssetRecord, _: unknown, ctx: EmulatorContext) =>
      asset.toBeLabeledBy.map((email) => {
        const user = ctx.store.users.findByEmail(email);
        return { id: `${asset.id}-${user.id}`, role: 'LABELER', user };
      }),
    inferenceMark: () => null,
    // Every emulator project follows workflow V1, where assets have no step.
    currentStep: () => null,
  },
  Label: {
    author: (label: LabelRecord, _: unknown, ctx: EmulatorContext) =>
      ctx.store.users.findById(label.authorId),
  },
  Notification: {
    userID: (notification: { userId: string }) => notification.userId,
  },
};
