import type { Plan } from './types.js';

/** Whether applying the plan would change anything (unchanged assets aside). */
export function planHasChanges(plan: Plan): boolean {
  return plan.projects.some((project) => project.changes.length > 0);
}
