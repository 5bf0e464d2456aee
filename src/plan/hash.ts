import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { ProjectPlan } from './types.js';

/**
 * The plan hash: sha256 (hex) of the canonical JSON (sorted keys, no spaces) of
 * `projects.map(p => ({projectId, prune, changes}))`. It ignores `createdAt`, titles and
 * warnings, so apply can check that a saved plan's changes are the ones that were reviewed.
 */
export function computePlanHash(
  projects: readonly Pick<ProjectPlan, 'projectId' | 'prune' | 'changes'>[],
): string {
  // Fed change by change: the same bytes as stringifying the whole array, without building one
  // string the size of the plan.
  const hash = createHash('sha256');
  hash.update('[');
  projects.forEach((project, index) => {
    hash.update(index === 0 ? '{"changes":[' : ',{"changes":[');
    project.changes.forEach((change, i) => {
      hash.update(i === 0 ? stringify(change) : `,${stringify(change)}`);
    });
    hash.update(`],"projectId":${JSON.stringify(project.projectId)},"prune":${project.prune}}`);
  });
  hash.update(']');
  return hash.digest('hex');
}
