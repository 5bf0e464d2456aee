import { KiliSyncError } from '../errors.js';
import { ProjectsDocument } from '../graphql/generated.js';
import type { RemoteProject } from '../plan/remote-state.js';
import type { KiliClient } from './client.js';
import { toRemoteProject } from './operations.js';

/**
 * Reads one project (`projects(where: {id}, first: 1, skip: 0)`), as the SDK does. A project
 * that does not exist and one this key cannot see look the same to the API: both are NOT_FOUND.
 */
export async function readProject(client: KiliClient, projectId: string): Promise<RemoteProject> {
  const result = await client.request(ProjectsDocument, {
    where: { id: projectId },
    first: 1,
    skip: 0,
  });
  const raw = result.data?.[0];
  if (!raw) {
    throw new KiliSyncError(
      'project-not-found',
      `project ${projectId} does not exist or this API key cannot access it`,
    );
  }
  return toRemoteProject(raw);
}
