import { KiliSyncError } from '../errors.js';
import { countDeletes, isBlockedChange, isMassDelete } from '../plan/consent-rules.js';
import type { Change, Plan, ProjectPlan } from '../plan/types.js';

export interface Consent {
  allowDelete: boolean;
  allowMassDelete: boolean;
  allowLabelLoss: boolean;
}

/** Lines listed under a refusal before the rest is summarised as "… and N more". */
const MAX_DETAIL_LINES = 20;

/**
 * Refuses a plan that needs consent the user has not given (see docs/architecture.md, "Planning
 * rules"): any delete without `allowDelete`; a project losing more than half of its assets
 * without `allowMassDelete` (checked on its own, so an empty or mistyped manifest set never
 * wipes a project); any change that would lose labels without `allowLabelLoss`. Every missing
 * consent is named at once.
 */
export function checkConsent(plan: Plan, consent: Consent): void {
  const details: string[] = [];
  const flags: string[] = [];
  const reasons: string[] = [];

  const blocked = plan.projects.flatMap((project) => project.changes.filter(isBlockedChange));
  if (blocked.length > 0 && !consent.allowLabelLoss) {
    reasons.push(`${countOf(blocked.length, 'change')} would lose labels`);
    flags.push('--allow-label-loss');
    details.push(...capLines(blocked.map(describeBlocked)));
  }

  const massDeletes = plan.projects.filter(isMassDelete);
  if (massDeletes.length > 0 && !consent.allowMassDelete) {
    reasons.push(
      `${countOf(massDeletes.length, 'project')} would lose more than half of its assets`,
    );
    flags.push('--allow-mass-delete');
    details.push(
      ...capLines(
        massDeletes.map(
          (project) =>
            `project ${describeProject(project)}: ${countDeletes(project.changes)} of ` +
            `${project.remote.count} assets would be deleted`,
        ),
      ),
    );
  }

  const deletes = plan.projects.flatMap((project) =>
    project.changes
      .filter((change) => change.action === 'delete')
      .map((change) => ({ projectId: project.projectId, change })),
  );
  if (deletes.length > 0 && !consent.allowDelete) {
    reasons.push(`${countOf(deletes.length, 'asset')} would be deleted`);
    flags.push('--allow-delete');
    details.push(
      ...capLines(
        deletes.map(({ projectId, change }) => `- delete ${change.externalId} (${projectId})`),
      ),
    );
  }

  if (reasons.length === 0) return;
  throw new KiliSyncError('REFUSED', `refusing to apply: ${reasons.join('; ')}`, {
    details,
    hint: `review the plan, then rerun with ${flags.join(' ')} if this is intended`,
  });
}

function describeProject(project: ProjectPlan): string {
  return project.title ? `${project.projectId} (${project.title})` : project.projectId;
}

function describeBlocked(change: Change): string {
  const labels = 'labels' in change ? change.labels : 0;
  const what = change.action === 'delete' ? 'delete' : 'replace the content of';
  const loss = labels > 0 ? `loses ${countOf(labels, 'label')}` : 'the asset is already labeled';
  return `! ${what} ${change.externalId}: ${loss}`;
}

function capLines(lines: string[]): string[] {
  if (lines.length <= MAX_DETAIL_LINES) return lines;
  return [...lines.slice(0, MAX_DETAIL_LINES), `… and ${lines.length - MAX_DETAIL_LINES} more`];
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
