import { KiliSyncError } from '../errors.js';
import type { DesiredState } from '../plan/desired-state.js';

/**
 * Keeps the projects named by `--project` (all of them when none is named). Every manifest is
 * still loaded and checked first, so a selection never hides an error elsewhere; a name that
 * matches no manifest is an error, never an empty plan.
 */
export function selectProjects(
  state: DesiredState,
  projectIds: readonly string[] | undefined,
): DesiredState {
  if (!projectIds || projectIds.length === 0) return state;
  const declared = new Set(state.projects.map((project) => project.projectId));
  const unknown = [...new Set(projectIds)].filter((id) => !declared.has(id));
  if (unknown.length > 0) {
    const list = unknown.map((id) => `'${id}'`).join(', ');
    throw new KiliSyncError(
      'unknown-project',
      `--project ${list}: no manifest targets ${unknown.length === 1 ? 'this project' : 'these projects'}`,
      { hint: `the manifests declare ${describeDeclared([...declared])}` },
    );
  }
  const wanted = new Set(projectIds);
  return { ...state, projects: state.projects.filter((project) => wanted.has(project.projectId)) };
}

function describeDeclared(ids: string[]): string {
  const shown = ids.slice(0, 10).join(', ');
  return ids.length > 10 ? `${shown} and ${ids.length - 10} more` : shown;
}
