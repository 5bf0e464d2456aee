import { KiliSyncError } from '../errors.js';
import type { RemoteProject } from '../plan/remote-state.js';
import type { KiliClient } from './client.js';
import { PROJECTS_QUERY, toRemoteProject } from './operations.js';

/**
 * Reads one project (`projects(where: {id}, first: 1, skip: 0)`), as the SDK does. A project
 * that does not exist and one this key cannot see look the same to the API: both are NOT_FOUND.
 */
export async function readProject(client: KiliClient, projectId: string): Promise<RemoteProject> {
  const result = await client.request(PROJECTS_QUERY, {
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
