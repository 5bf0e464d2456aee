import type { Change, ProjectPlan } from './types.js';

/** The consent flags of `apply`, in the order they are named to the user. */
export type ConsentFlag = '--allow-label-loss' | '--allow-delete' | '--allow-mass-delete';

/** A change that would lose labeled work (see docs/architecture.md, "Planning rules"). */
export function isBlockedChange(change: Change): boolean {
  return 'blocked' in change && change.blocked !== undefined;
}

export function countDeletes(changes: readonly Change[]): number {
  return changes.filter((change) => change.action === 'delete').length;
}

/**
 * More than half of a project's assets deleted at once: a mistyped glob or an emptied manifest
 * looks exactly like this, so it needs a consent of its own.
 */
export function isMassDelete(project: Pick<ProjectPlan, 'changes' | 'remote'>): boolean {
  const deletes = countDeletes(project.changes);
  return deletes > 0 && deletes * 2 > project.remote.count;
}

/**
 * The flags `apply` needs before it carries out this project's changes. The one rule, read by
 * apply's consent check and by the reports that tell a reviewer what apply will ask for.
 */
export function consentFlagsFor(project: Pick<ProjectPlan, 'changes' | 'remote'>): ConsentFlag[] {
  const flags: ConsentFlag[] = [];
  if (project.changes.some(isBlockedChange)) flags.push('--allow-label-loss');
  if (countDeletes(project.changes) > 0) flags.push('--allow-delete');
  if (isMassDelete(project)) flags.push('--allow-mass-delete');
  return flags;
}
