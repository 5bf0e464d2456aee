import { compareStrings } from './normalize.js';
import type { Change, ChangeAction, PlanSummary } from './types.js';

const ACTION_ORDER: Record<ChangeAction, number> = { rename: 0, update: 1, add: 2, delete: 3 };

function assetIdOf(change: Change): string {
  return change.action === 'add' ? '' : change.assetId;
}

/** Plan order: external ID, then rename, update, add, delete, then asset id. */
export function compareChanges(a: Change, b: Change): number {
  return (
    compareStrings(a.externalId, b.externalId) ||
    ACTION_ORDER[a.action] - ACTION_ORDER[b.action] ||
    compareStrings(assetIdOf(a), assetIdOf(b))
  );
}

/**
 * Counts changes per action; blocked changes count in their action and in `blocked`, adoptions
 * and ownership conflicts in their action and in `adopt` or `conflict` (present when not 0).
 */
export function summarizeChanges(changes: readonly Change[], unchanged: number): PlanSummary {
  const summary: PlanSummary = { add: 0, update: 0, rename: 0, delete: 0, unchanged, blocked: 0 };
  let adopt = 0;
  let conflict = 0;
  for (const change of changes) {
    summary[change.action] += 1;
    if (change.action === 'add') continue;
    if (change.blocked !== undefined) summary.blocked += 1;
    if (change.action === 'delete' || change.owner === undefined) continue;
    if (change.owner.before === null) adopt += 1;
    else conflict += 1;
  }
  if (adopt > 0) summary.adopt = adopt;
  if (conflict > 0) summary.conflict = conflict;
  return summary;
}
