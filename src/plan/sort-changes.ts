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

/** Counts changes per action; blocked changes count in their action and in `blocked`. */
export function summarizeChanges(changes: readonly Change[], unchanged: number): PlanSummary {
  const summary: PlanSummary = { add: 0, update: 0, rename: 0, delete: 0, unchanged, blocked: 0 };
  for (const change of changes) {
    summary[change.action] += 1;
    if (change.action !== 'add' && change.blocked !== undefined) summary.blocked += 1;
  }
  return summary;
}
