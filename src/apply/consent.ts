import { KiliSyncError } from '../errors.js';
import { deletableCount } from '../plan/consent-rules.js';
import { isLabeled } from '../plan/labeled-work.js';
import { parseRemoteMetadata } from '../plan/normalize.js';
import { ownerMark } from '../plan/ownership.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import type { Change, Plan, ProjectPlan } from '../plan/types.js';
import { deriveAssetId } from './asset-ids.js';
import { compileProjectPlan, type Lookup } from './compile.js';

export interface Consent {
  allowDelete: boolean;
  allowMassDelete: boolean;
  allowLabelLoss: boolean;
  /** Change assets another owner marked, and mark them as this project's owner's. */
  allowTakeOwnership?: boolean;
}

/**
 * Assets as Kili holds them now, by id: what labeled-work consent is judged on, and ownership
 * conflicts (their metadata, when read).
 */
export type CurrentAssets = Pick<
  ReadonlyMap<string, Pick<RemoteAsset, 'labelCount' | 'status'> & { jsonMetadata?: string }>,
  'get'
>;

/** Lines listed under a refusal before the rest is summarised as "… and N more". */
const MAX_DETAIL_LINES = 20;

/** What compile is given in place of upload URLs: consent only asks whether content is sent. */
const PENDING_UPLOAD: Lookup = { get: () => 'pending upload' };
const NO_METADATA: Lookup = { get: () => '' };

/** One write of a plan that destroys something, as compile would send it. */
interface DestructiveWrite {
  projectId: string;
  change: Change;
  /** The asset is deleted, or its `content`/`jsonContent` replaced. */
  kind: 'delete' | 'replace-content';
  /** Labels it holds now; undefined when the asset is not labeled. */
  labels?: number;
}

/**
 * Refuses a plan that needs consent the user has not given (see docs/architecture.md, "Planning
 * rules"): any delete without `allowDelete`; a project losing more than half of its assets
 * without `allowMassDelete` (checked on its own, so an empty or mistyped manifest set never
 * wipes a project); any write that deletes or replaces the content of a labeled asset without
 * `allowLabelLoss`; any change to an asset another owner marked without `allowTakeOwnership`.
 * Every missing consent is named at once.
 *
 * It judges what apply will send, not what the plan says of itself: each project is compiled
 * into its mutations, and every mutation that deletes an asset or sets its content counts,
 * whichever property of a change made compile send it. Whether an asset is labeled comes from
 * `current` (Kili, read by this run), never from the plan.
 */
export function checkConsent(plan: Plan, consent: Consent, current: CurrentAssets): void {
  const details: string[] = [];
  const flags: string[] = [];
  const reasons: string[] = [];
  const writes = plan.projects.flatMap((project) => findDestructiveWrites(project, current));

  const labelLoss = writes.filter((write) => write.labels !== undefined);
  if (labelLoss.length > 0 && !consent.allowLabelLoss) {
    reasons.push(`${countOf(labelLoss.length, 'change')} would lose labels`);
    flags.push('--allow-label-loss');
    details.push(...capLines(labelLoss.map(describeLabelLoss)));
  }

  const deletes = writes.filter((write) => write.kind === 'delete');
  const massDeletes = plan.projects.flatMap((project) => {
    const count = deletes.filter((write) => write.projectId === project.projectId).length;
    return count > 0 && count * 2 > deletableCount(project) ? [{ project, count }] : [];
  });
  if (massDeletes.length > 0 && !consent.allowMassDelete) {
    reasons.push(
      `${countOf(massDeletes.length, 'project')} would lose more than half of its assets`,
    );
    flags.push('--allow-mass-delete');
    details.push(
      ...capLines(
        massDeletes.map(
          ({ project, count }) =>
            `project ${describeProject(project)}: ${count} of ${describeDeletable(project)} would be deleted`,
        ),
      ),
    );
  }

  if (deletes.length > 0 && !consent.allowDelete) {
    reasons.push(`${countOf(deletes.length, 'asset')} would be deleted`);
    flags.push('--allow-delete');
    details.push(
      ...capLines(
        deletes.map(({ projectId, change }) => `- delete ${change.externalId} (${projectId})`),
      ),
    );
  }

  const conflicts = plan.projects.flatMap((project) => findConflicts(project, current));
  if (conflicts.length > 0 && consent.allowTakeOwnership !== true) {
    reasons.push(`${countOf(conflicts.length, 'asset')} another owner manages would change`);
    flags.push('--take-ownership');
    details.push(...capLines(conflicts));
  }

  if (reasons.length === 0) return;
  throw new KiliSyncError('consent-required', `refusing to apply: ${reasons.join('; ')}`, {
    details,
    hint: `review the plan, then rerun with ${flags.join(' ')} if this is intended`,
  });
}

/** The deletes and content replacements compile builds for one project. */
function findDestructiveWrites(project: ProjectPlan, current: CurrentAssets): DestructiveWrite[] {
  const newAssetIds = new Map<string, string>();
  for (const change of project.changes) {
    if (change.action === 'add') {
      newAssetIds.set(change.externalId, deriveAssetId(project.projectId, change.externalId));
    }
  }
  const compiled = compileProjectPlan(project, {
    newAssetIds,
    uploadedContent: PENDING_UPLOAD,
    uploadedJsonContent: PENDING_UPLOAD,
    currentMetadata: NO_METADATA,
  });
  const writes: DestructiveWrite[] = [];
  const judge = (change: Change, assetId: string, kind: DestructiveWrite['kind']) => {
    const asset = current.get(assetId);
    // An asset this run did not read is taken as labeled: consent errs on the side of asking.
    const labeled = asset === undefined || isLabeled(asset);
    writes.push({
      projectId: project.projectId,
      change,
      kind,
      labels: labeled ? (asset?.labelCount ?? 0) : undefined,
    });
  };
  for (const phase of compiled.phases) {
    for (const batch of phase.batches) {
      if (batch.mutation === 'deleteManyFromDataset') {
        for (const item of batch.items) judge(item.change, item.assetId, 'delete');
      } else if (batch.mutation === 'updatePropertiesInAssets') {
        for (const item of batch.items) {
          if (item.data.content !== undefined || item.data.jsonContent !== undefined) {
            judge(item.change, item.assetId, 'replace-content');
          }
        }
      }
      // Appends and asynchronous imports create new assets: nothing of anyone's is lost.
    }
  }
  // Listed in the plan's order (by external ID), not the phases'.
  const position = new Map(project.changes.map((change, index) => [change, index]));
  return writes.sort((a, b) => (position.get(a.change) ?? 0) - (position.get(b.change) ?? 0));
}

/**
 * The changes of a project with an owner to assets another owner marked, as Kili holds them now
 * (an asset this run did not read counts as the plan says).
 */
function findConflicts(project: ProjectPlan, current: CurrentAssets): string[] {
  const { owner } = project;
  if (owner === undefined) return [];
  const conflicts: string[] = [];
  for (const change of project.changes) {
    if (change.action !== 'update' && change.action !== 'rename') continue;
    const metadata = current.get(change.assetId)?.jsonMetadata;
    const mark =
      metadata === undefined
        ? (change.owner?.before ?? undefined)
        : ownerMark(parseRemoteMetadata(metadata).reserved);
    if (mark !== undefined && mark !== owner) {
      conflicts.push(
        `! ${change.externalId} (${project.projectId}) is owned by ${mark}, not ${owner}`,
      );
    }
  }
  return conflicts;
}

function describeDeletable(project: ProjectPlan): string {
  const count = deletableCount(project);
  return project.prune === 'owned' && project.owner !== undefined
    ? `${count} assets owned by ${project.owner}`
    : `${count} assets`;
}

function describeProject(project: ProjectPlan): string {
  return project.title ? `${project.projectId} (${project.title})` : project.projectId;
}

function describeLabelLoss(write: DestructiveWrite): string {
  const labels = write.labels ?? 0;
  const what = write.kind === 'delete' ? 'delete' : 'replace the content of';
  const loss = labels > 0 ? `loses ${countOf(labels, 'label')}` : 'the asset is already labeled';
  return `! ${what} ${write.change.externalId}: ${loss}`;
}

function capLines(lines: string[]): string[] {
  if (lines.length <= MAX_DETAIL_LINES) return lines;
  return [...lines.slice(0, MAX_DETAIL_LINES), `… and ${lines.length - MAX_DETAIL_LINES} more`];
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
