import { KiliSyncError } from '../errors.js';
import {
  type Consent,
  type ConsentNeed,
  type DestructiveWrite,
  judgeConsent,
  missingConsent,
  type ProjectSends,
} from '../plan/consent-rules.js';
import { isLabeled } from '../plan/labeled-work.js';
import { parseRemoteMetadata } from '../plan/normalize.js';
import { ownerMark } from '../plan/ownership.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import type { Change, Plan, ProjectPlan } from '../plan/types.js';
import { deriveNewAssetIds } from './asset-ids.js';
import { compileProjectPlan, type Lookup } from './compile.js';

export type { Consent } from '../plan/consent-rules.js';

/**
 * Assets as Kili holds them now, by id: what labeled-work consent is judged on, and ownership
 * conflicts (their metadata, when read).
 */
export type CurrentAssets = Pick<
  ReadonlyMap<string, Pick<RemoteAsset, 'labelCount' | 'status'> & { jsonMetadata?: string }>,
  'get'
>;

/** What compile is given in place of upload URLs: consent only asks whether content is sent. */
const PENDING_UPLOAD: Lookup = { get: () => 'pending upload' };
const NO_METADATA: Lookup = { get: () => '' };

/**
 * The consents this plan needs: the one answer to "which flags does apply need", read by the
 * plans (text, Markdown, HTML), the step summary, `plan --out`'s next-step command, the prompt
 * and the refusal. It judges what apply will send, not what the plan says of itself: each
 * project is compiled into its mutations, and every mutation that deletes an asset or sets its
 * content counts, whichever property of a change made compile send it. Whether an asset is
 * labeled, and whose mark it carries, comes from `current` (Kili, as read by this run).
 */
export function requiredConsent(plan: Plan, current: CurrentAssets): ConsentNeed[] {
  return judgeConsent(
    plan.projects.map(
      (project): ProjectSends => ({
        project,
        writes: findDestructiveWrites(project, current),
        conflicts: findConflicts(project, current),
      }),
    ),
  );
}

/**
 * Refuses to go on while a need is not consented to, naming every missing flag at once;
 * `unconfirmed` (no terminal to ask, no `--auto-approve`) is named with them.
 */
export function checkConsent(
  needs: readonly ConsentNeed[],
  consent: Consent,
  options: { unconfirmed?: boolean } = {},
): void {
  const missing = missingConsent(needs, consent);
  const reasons = missing.map((need) => need.reason);
  const flags: string[] = missing.map((need) => need.flag);
  if (options.unconfirmed === true) {
    reasons.push('apply needs confirmation, and stdin is not a terminal');
    flags.push('--auto-approve');
  }
  if (reasons.length === 0) return;
  if (missing.length === 0) {
    throw new KiliSyncError('confirm', 'apply needs confirmation, and stdin is not a terminal', {
      hint: 'pass --auto-approve to apply without a prompt (in CI, review the plan first)',
    });
  }
  throw new KiliSyncError('consent-required', `refusing to apply: ${reasons.join('; ')}`, {
    details: missing.flatMap((need) => need.details),
    hint: `review the plan, then rerun with ${flags.join(' ')} if this is intended`,
  });
}

/** The deletes and content replacements compile builds for one project, in the plan's order. */
function findDestructiveWrites(project: ProjectPlan, current: CurrentAssets): DestructiveWrite[] {
  const compiled = compileProjectPlan(project, {
    newAssetIds: deriveNewAssetIds(project),
    uploadedContent: PENDING_UPLOAD,
    uploadedJsonContent: PENDING_UPLOAD,
    currentMetadata: NO_METADATA,
  });
  const writes: DestructiveWrite[] = [];
  const judge = (change: Change, assetId: string, kind: DestructiveWrite['kind']) => {
    const asset = current.get(assetId);
    // An asset this run did not read is taken as labeled: consent errs on the side of asking.
    const labeled = asset === undefined || isLabeled(asset);
    writes.push({ change, kind, labels: labeled ? (asset?.labelCount ?? 0) : undefined });
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
function findConflicts(project: ProjectPlan, current: CurrentAssets): ProjectSends['conflicts'] {
  const { owner } = project;
  if (owner === undefined) return [];
  const conflicts: ProjectSends['conflicts'] = [];
  for (const change of project.changes) {
    if (change.action !== 'update' && change.action !== 'rename') continue;
    const metadata = current.get(change.assetId)?.jsonMetadata;
    const mark =
      metadata === undefined
        ? (change.owner?.before ?? undefined)
        : ownerMark(parseRemoteMetadata(metadata).reserved);
    if (mark !== undefined && mark !== owner) conflicts.push({ change, mark });
  }
  return conflicts;
}
