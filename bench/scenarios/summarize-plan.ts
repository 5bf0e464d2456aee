import type { Plan } from '../../src/plan/types.js';
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
