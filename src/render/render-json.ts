import stringify from 'safe-stable-stringify';
import type { Plan } from '../plan/types.js';

/**
 * The plan as a JSON document: sorted keys, 2-space indent, final newline. The same plan always
 * gives the same bytes.
 */
export function renderPlanJson(plan: Plan): string {
  return `${stringify(plan, null, 2)}\n`;
}
