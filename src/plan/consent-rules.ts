import type { Change, ProjectPlan } from './types.js';

/** The consent flags of `apply`, in the order they are named to the user. */
export type ConsentFlag =
  | '--allow-label-loss'
  | '--allow-delete'
  | '--allow-mass-delete'
  | '--take-ownership';

/** A change that would lose labeled work (see docs/architecture.md, "Planning rules"). */
export function isBlockedChange(change: Change): boolean {
  return 'blocked' in change && change.blocked !== undefined;
}

export function countDeletes(changes: readonly Change[]): number {
  return changes.filter((change) => change.action === 'delete').length;
}

/**
 * What the project's prune mode can delete, which the mass-delete guard counts against: with
 * `prune: owned`, the assets marked with the owner (never more than the project holds); else
 * the whole project.
 */
export function deletableCount(project: Pick<ProjectPlan, 'prune' | 'remote'>): number {
  const { count, owned } = project.remote;
  return project.prune === 'owned' && owned !== undefined ? Math.min(owned, count) : count;
}

/**
 * More than half of what a project's prune mode can delete, deleted at once: a mistyped glob or
 * an emptied manifest looks exactly like this, so it needs a consent of its own.
 */
export function isMassDelete(project: Pick<ProjectPlan, 'changes' | 'remote' | 'prune'>): boolean {
  const deletes = countDeletes(project.changes);
  return deletes > 0 && deletes * 2 > deletableCount(project);
}

/** A change to an asset another owner marked: apply refuses it without `--take-ownership`. */
export function isOwnershipConflict(change: Change): boolean {
  return 'owner' in change && typeof change.owner === 'object' && change.owner?.before != null;
}

/**
 * The flags `apply` needs before it carries out this project's changes. The one rule, read by
 * apply's consent check and by the reports that tell a reviewer what apply will ask for.
 */
export function consentFlagsFor(
  project: Pick<ProjectPlan, 'changes' | 'remote' | 'prune'>,
): ConsentFlag[] {
  const flags: ConsentFlag[] = [];
  if (project.changes.some(isBlockedChange)) flags.push('--allow-label-loss');
  if (countDeletes(project.changes) > 0) flags.push('--allow-delete');
  if (isMassDelete(project)) flags.push('--allow-mass-delete');
  if (project.changes.some(isOwnershipConflict)) flags.push('--take-ownership');
  return flags;
}
