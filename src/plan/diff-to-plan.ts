import { KiliSyncError } from '../errors.js';
import type { DesiredState } from './desired-state.js';
import { computePlanHash } from './hash.js';
import type { HostedFileFactsByUrl } from './hosted-file-facts.js';
import type { LocalFileFactsByPath } from './local-file-facts.js';
import { compareStrings } from './normalize.js';
import { planProject } from './plan-project.js';
import type { RemoteProjectState } from './remote-state.js';
import { PLAN_FORMAT_VERSION, type Plan } from './types.js';

export interface PlanOptions {
  /** Delete unlabeled extra copies of a managed external ID even without `prune`. */
  dedupe: boolean;
  endpoint: string;
  /** ISO timestamp written in the document (not part of the plan hash). */
  createdAt: string;
  /** `kili-sync <version>`. */
  generator: string;
}

export interface PlanInput {
  desired: DesiredState;
  /** The state of every desired project, by project ID. */
  remote: ReadonlyMap<string, RemoteProjectState>;
  /** sha256 and MIME type of every local file the manifests reference, by absolute path. */
  localFiles: LocalFileFactsByPath;
  /**
   * What the Kili-hosted URLs of remote assets without an upload record served, by URL: fetched
   * by the caller only where declared inline text would otherwise differ (default: none).
   */
  hostedFiles?: HostedFileFactsByUrl;
  options: PlanOptions;
}

function getRemote(input: PlanInput, projectId: string): RemoteProjectState {
  const remote = input.remote.get(projectId);
  if (remote === undefined) {
    throw new KiliSyncError('internal', `No remote state was read for project ${projectId}`);
  }
  return remote;
}

/**
 * Computes the changes that make every project match the manifests (see docs/architecture.md,
 * "Planning rules"). Pure and deterministic: the same input always gives the same plan, byte for
 * byte once rendered.
 *
 * @throws KiliSyncError `MANIFEST_INVALID` listing every local file whose type the project does
 * not accept, every non-URL content of a media project and every impossible rename.
 */
export function diffToPlan(input: PlanInput): Plan {
  const desiredProjects = [...input.desired.projects].sort((a, b) =>
    compareStrings(a.projectId, b.projectId),
  );
  const options = {
    localFiles: input.localFiles,
    hostedFiles: input.hostedFiles,
    dedupe: input.options.dedupe,
  };
  // The declared assets are checked as they are planned (see planProject): a plan is returned
  // only when no project has a problem.
  const planned = desiredProjects.map((project) =>
    planProject(project, getRemote(input, project.projectId), options),
  );
  const diagnostics = planned.flatMap((project) => project.problems);
  if (diagnostics.length > 0) {
    const count = diagnostics.length === 1 ? '1 asset' : `${diagnostics.length} assets`;
    throw new KiliSyncError('manifest-invalid', `${count} cannot be planned`, {
      diagnostics,
      hint: 'fix the assets listed above; nothing was sent to Kili',
    });
  }
  const projects = planned.map((project) => project.plan);
  const endpoint = input.options.endpoint;
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    generator: input.options.generator,
    createdAt: input.options.createdAt,
    endpoint,
    projects,
    planHash: computePlanHash({ endpoint, projects }),
  };
}
