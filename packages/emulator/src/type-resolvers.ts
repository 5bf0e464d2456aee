import { ORGANIZATION, readMemberStatus } from './organization.js';
import { readSetting } from './project-settings.js';
import type { AssetRecord, LabelRecord, ProjectRecord, UserRecord } from './records.js';
import type { EmulatorContext } from './resolver-context.js';

/** A `ProjectUser` as resolvers hand it over: a member record, or an assignment with its user. */
interface ProjectUserParent {
  id: string;
  role: string;
  userId?: string;
  user?: UserRecord;
}

function memberUser(member: ProjectUserParent, ctx: EmulatorContext): UserRecord {
  return member.user ?? ctx.store.users.findById(member.userId!);
}

/** Fields of the object types that are computed rather than stored. */
export const typeResolvers = {
  Project: {
    description: (project: ProjectRecord) => project.description,
    workflowVersion: () => 'V1',
    steps: () => [],
    roles: (project: ProjectRecord, _: unknown, ctx: EmulatorContext) =>
      ctx.store.members.listForProject(project.id),
    consensusTotCoverage: (project: ProjectRecord) =>
      readSetting(project.settings, 'consensusTotCoverage'),
    minConsensusSize: (project: ProjectRecord) => readSetting(project.settings, 'minConsensusSize'),
    reviewCoverage: (project: ProjectRecord) => readSetting(project.settings, 'reviewCoverage'),
    consensusMark: (project: ProjectRecord) => readSetting(project.settings, 'consensusMark'),
    honeypotMark: (project: ProjectRecord) => readSetting(project.settings, 'honeypotMark'),
    useHoneyPot: (project: ProjectRecord) => readSetting(project.settings, 'useHoneyPot'),
    canSkipAsset: (project: ProjectRecord) => readSetting(project.settings, 'canSkipAsset'),
    canNavigateBetweenAssets: (project: ProjectRecord) =>
      readSetting(project.settings, 'canNavigateBetweenAssets'),
    shouldAutoAssign: (project: ProjectRecord) => readSetting(project.settings, 'shouldAutoAssign'),
    shouldRelaunchKpiComputation: (project: ProjectRecord) =>
      readSetting(project.settings, 'shouldRelaunchKpiComputation'),
    instructions: (project: ProjectRecord) => readSetting(project.settings, 'instructions'),
    metadataProperties: (project: ProjectRecord) =>
      readSetting(project.settings, 'metadataProperties'),
    complianceTags: (project: ProjectRecord) => readSetting(project.settings, 'complianceTags'),
    archived: (project: ProjectRecord) => project.archivedAt !== null,
    dataConnections: () => [],
    numberOfAssets: (project: ProjectRecord, _: unknown, ctx: EmulatorContext) =>
      ctx.store.projects.countAssets(project.id),
  },
  ProjectUser: {
    user: (member: ProjectUserParent, _: unknown, ctx: EmulatorContext) => memberUser(member, ctx),
    activated: (member: ProjectUserParent, _: unknown, ctx: EmulatorContext) =>
      memberUser(member, ctx).activated,
    status: (member: ProjectUserParent, _: unknown, ctx: EmulatorContext) =>
      readMemberStatus(memberUser(member, ctx)),
    starred: () => false,
  },
  User: {
    organizationId: () => ORGANIZATION.id,
    organization: () => ORGANIZATION,
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
