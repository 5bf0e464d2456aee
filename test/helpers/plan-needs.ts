import { type CurrentAssets, requiredConsent } from '../../src/apply/consent.js';
import type { ConsentNeed } from '../../src/plan/consent-rules.js';
import type { RemoteAsset } from '../../src/plan/remote-state.js';
import type { Plan } from '../../src/plan/types.js';

/**
 * Kili as a plan read it: each touched asset with the labels the plan says it has (a blocked
 * change of an asset with no label: one already in review). For renderer tests, which have a
 * plan but no Kili.
 */
export function currentFromPlan(plan: Plan): CurrentAssets {
  const assets = new Map<string, Pick<RemoteAsset, 'labelCount' | 'status'>>();
  for (const project of plan.projects) {
    for (const change of project.changes) {
      if (change.action === 'add') continue;
      const blocked = change.blocked !== undefined;
      assets.set(change.assetId, {
        labelCount: change.labels,
        status: blocked && change.labels === 0 ? 'TO_REVIEW' : 'TODO',
      });
    }
  }
  return assets;
}

/** What apply needs for a plan, judged as `plan` judges it (see currentFromPlan). */
export function needsOf(plan: Plan): ConsentNeed[] {
  return requiredConsent(plan, currentFromPlan(plan));
}
