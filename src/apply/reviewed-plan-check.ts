import { KiliSyncError } from '../errors.js';
import { capDetailLines } from '../plan/detail-lines.js';
import type { Change, Plan } from '../plan/types.js';
import { CHANGE_SYMBOLS } from '../render/render-values.js';
import { stringifySortedJson } from '../util/json-number.js';

/**
 * Refuses a saved plan whose changes are not exactly those of a plan of the manifests made now
 * (`fresh`), naming each change that differs. Where a change was declared (`source`) is left
 * out: other merged edits may move a line without changing what it means. Staleness against
 * Kili is checked apart (stale-check.ts), so both plans read the same assets.
 */
export function checkSamePlan(saved: Plan, fresh: Plan, manifests: readonly string[]): void {
  const differences: string[] = [];
  const freshProjects = new Map(fresh.projects.map((project) => [project.projectId, project]));
  for (const project of saved.projects) {
    const now = freshProjects.get(project.projectId);
    if (now === undefined) {
      differences.push(`project ${project.projectId}: no manifest targets it`);
      continue;
    }
    if (now.prune !== project.prune) {
      differences.push(
        `project ${project.projectId}: prune is ${now.prune} in the manifests, ${project.prune} in the saved plan`,
      );
    }
    if (now.owner !== project.owner) {
      differences.push(
        `project ${project.projectId}: the owner is ${now.owner ?? 'none'} in the manifests, ${project.owner ?? 'none'} in the saved plan`,
      );
    }
    const planned = indexChanges(now.changes);
    for (const [key, change] of indexChanges(project.changes)) {
      const other = planned.get(key);
      planned.delete(key);
      if (other === undefined) {
        differences.push(`${describe(change)}: in the saved plan, not in a plan of the manifests`);
      } else if (canonical(other) !== canonical(change)) {
        differences.push(`${describe(change)}: the saved plan's change is not the manifests' one`);
      }
    }
    for (const change of planned.values()) {
      differences.push(`${describe(change)}: planned from the manifests, not in the saved plan`);
    }
  }
  if (differences.length === 0) return;
  throw new KiliSyncError(
    'plan-not-manifests',
    `the saved plan is not what ${manifests.join(' ')} ${manifests.length === 1 ? 'means' : 'mean'} now: ` +
      `${differences.length} ${differences.length === 1 ? 'difference' : 'differences'}`,
    { details: capDetailLines(differences) },
  );
}

/** Changes by what they act on: an add by its external ID, the others by asset too. */
function indexChanges(changes: readonly Change[]): Map<string, Change> {
  const index = new Map<string, Change>();
  for (const change of changes) {
    const asset = change.action === 'add' ? '' : change.assetId;
    index.set(JSON.stringify([change.action, change.externalId, asset]), change);
  }
  return index;
}

function canonical(change: Change): string {
  const { source: _where, ...meaning } = change;
  return stringifySortedJson(meaning) ?? '';
}

function describe(change: Change): string {
  return `${CHANGE_SYMBOLS[change.action]} ${JSON.stringify(change.externalId)}`;
}
