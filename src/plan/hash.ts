import { createHash } from 'node:crypto';
import { stringifySortedJson as stringify } from '../util/json-number.js';
import type { Plan } from './types.js';

/**
 * The plan hash: sha256 (hex) of the canonical JSON (sorted keys, no spaces) of
 * `{endpoint, projects: projects.map(p => ({changes, owner?, projectId, prune, remote}))}`: everything
 * apply acts on. It ignores `createdAt`, `generator`, titles, summaries and warnings, so apply
 * can check that a saved plan is the one that was reviewed. A hash is no signature: apply also
 * takes every figure consent depends on from Kili again (see docs/architecture.md).
 */
export function computePlanHash(plan: Pick<Plan, 'endpoint' | 'projects'>): string {
  // Fed change by change: the same bytes as stringifying the whole document, without building
  // one string the size of the plan.
  const hash = createHash('sha256');
  hash.update(`{"endpoint":${JSON.stringify(plan.endpoint)},"projects":[`);
  plan.projects.forEach((project, index) => {
    hash.update(index === 0 ? '{"changes":[' : ',{"changes":[');
    project.changes.forEach((change, i) => {
      hash.update(`${i === 0 ? '' : ','}${stringify(change)}`);
    });
    const owner = project.owner === undefined ? '' : `,"owner":${JSON.stringify(project.owner)}`;
    hash.update(
      `]${owner},"projectId":${JSON.stringify(project.projectId)},"prune":${JSON.stringify(project.prune)},` +
        `"remote":${stringify(project.remote)}}`,
    );
  });
  hash.update(']}');
  return hash.digest('hex');
}
