import type { Plan } from '../plan/types.js';
import { writePlanJson } from './write-plan-json.js';

/**
 * The plan as a JSON document: sorted keys, 2-space indent, final newline. The same plan always
 * gives the same bytes. For plans too large for one string, use {@link writePlanJson}.
 */
export function renderPlanJson(plan: Plan): string {
  const chunks: string[] = [];
  writePlanJson(plan, (chunk) => chunks.push(chunk));
  return chunks.join('');
}
