import { createHash } from 'node:crypto';
import type { Plan } from '../../src/plan/types.js';
import { stringifySortedJson } from '../../src/util/json-number.js';
import type { PlanSummaryFigures } from '../jobs.js';

/** The summary of a one-project plan, as figures a scenario can check. */
export function summarizePlan(plan: Plan): PlanSummaryFigures {
  const project = plan.projects[0];
  if (project === undefined) throw new Error('the plan holds no project');
  return {
    add: project.summary.add,
    update: project.summary.update,
    rename: project.summary.rename,
    delete: project.summary.delete,
    unchanged: project.summary.unchanged,
    remoteCount: project.remote.count,
    warnings: project.warnings.length,
  };
}

/**
 * sha256 of the whole plan document without `createdAt` and the projects' `read` facts: two
 * plans of the same state, however they read it, have the same digest.
 */
export function digestPlan(plan: Plan): string {
  const comparable = {
    ...plan,
    createdAt: undefined,
    projects: plan.projects.map((project) => ({ ...project, read: undefined })),
  };
  return createHash('sha256')
    .update(stringifySortedJson(comparable) ?? '')
    .digest('hex');
}
