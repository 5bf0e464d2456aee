import { KiliSyncError } from '../errors.js';
import { readRepositoryName } from '../files/git-facts.js';
import type { DesiredState } from '../plan/desired-state.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Gives the projects that ask for ownership without naming an owner (`prune: owned` or
 * `jsonMetadataMode: keys` without `owner:`) the default owner: the name of the git repository
 * their manifests are in. Outside a repository with an `origin` remote there is no stable
 * default, and the error says to name one. Runs before any request.
 */
export function resolveDefaultOwners(desired: DesiredState, env: Env): DesiredState {
  if (!desired.projects.some((project) => project.ownerWanted !== undefined)) return desired;
  const problems: string[] = [];
  const projects = desired.projects.map((project) => {
    if (project.owner !== undefined || project.ownerWanted === undefined) return project;
    const name =
      project.rootDir === undefined ? undefined : readRepositoryName(project.rootDir, env);
    if (name === undefined) {
      problems.push(project.projectId);
      return project;
    }
    return { ...project, owner: name };
  });
  const first = desired.projects.find((project) => problems.includes(project.projectId));
  if (first?.ownerWanted !== undefined) {
    throw new KiliSyncError(
      'owner-needs-git-origin',
      `project ${problems.join(', ')} asks for an owner, and the manifests are in no git repository with an 'origin' remote to name it after`,
      {
        diagnostics: [
          {
            severity: 'error',
            message: 'an owner is needed here, and none is named',
            hint: 'write `owner: NAME` in the manifest (letters, digits, ., _, -), e.g. the name of the repository',
            where: first.ownerWanted,
          },
        ],
        hint: 'name the owner with `owner:`; nothing was sent to Kili',
      },
    );
  }
  return { ...desired, projects };
}
