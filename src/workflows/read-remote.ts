import { type Diagnostic, KiliSyncError } from '../errors.js';
import { loadSnapshot, removeSnapshot, saveSnapshot } from '../files/snapshot-store.js';
import type { KiliClient } from '../kili/client.js';
import { SNAPSHOT_FIELD_SET } from '../kili/operations.js';
import { readProjectState } from '../kili/read-assets.js';
import {
  confirmSnapshotAssets,
  readProjectIncrementally,
  takeCutoff,
} from '../kili/read-incremental.js';
import { readProject } from '../kili/read-project.js';
import type { DesiredProject } from '../plan/desired-state.js';
import type { HostedFileRecord } from '../plan/hosted-file-facts.js';
import { checkManagedInputType } from '../plan/managed-input-types.js';
import type { RemoteAsset, RemoteProject, RemoteProjectState } from '../plan/remote-state.js';
import type { ProjectPlan } from '../plan/types.js';
import type { ProgressListener } from '../runtime.js';

/** Where Kili is and the key to call it with. */
export interface Connection {
  endpoint: string;
  apiKey: string;
}

/** The snapshot cache of a run (absent with `--no-cache`). */
export interface SnapshotCache {
  /** Absolute folder. */
  dir: string;
  /** `--refresh`: read everything, then write the snapshot. */
  refresh: boolean;
  /** Margin before the server's time for the next cut-off (default 5 minutes). */
  marginMs?: number;
}

export interface ProjectRead {
  state: RemoteProjectState;
  /** Assets taken from the snapshot unread: the ones consent decisions must confirm. */
  fromSnapshot?: ReadonlySet<string>;
  /** The cut-off for the snapshot this read may become. */
  cutoff?: string;
  /**
   * What is known behind the hosted contents of the project's assets: remembered in the
   * snapshot, then fetched by this plan (hosted-content.ts); kept with the next snapshot.
   */
  hostedFiles?: HostedFileRecord[];
}

export interface ReadRemoteOptions {
  /** The endpoint read, and the API key that seals its snapshots. */
  connection: Connection;
  cache?: SnapshotCache;
  concurrency: number;
  onProgress?: ProgressListener;
  /** Skip the snapshot even if there is one (it was found wrong). */
  reason?: string;
  /** Read every asset even where only the declared ones are needed (prune off). */
  readAll?: boolean;
  /** The project, when it was already read (see readManagedProjects). */
  project?: RemoteProject;
}

/**
 * Reads every desired project (one `projects` call each) and refuses, before any asset is read,
 * those kili-sync does not manage, each at the manifest line that targets it.
 */
export async function readManagedProjects(
  client: KiliClient,
  desired: readonly DesiredProject[],
): Promise<Map<string, RemoteProject>> {
  const projects = new Map<string, RemoteProject>();
  const problems: Diagnostic[] = [];
  for (const project of desired) {
    const read = await readProject(client, project.projectId);
    projects.set(project.projectId, read);
    const problem = checkManagedInputType(read, project.declaredAt);
    if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) {
    const count = problems.length === 1 ? 'a project' : `${problems.length} projects`;
    throw new KiliSyncError(
      'unmanaged-input-type',
      `${count} of a type kili-sync does not manage`,
      {
        diagnostics: problems,
        hint: 'target a project of a managed type, or leave this one out (--project); nothing was read or sent',
      },
    );
  }
  return projects;
}

/**
 * Reads one project: from its snapshot and what changed since when the cache holds a usable
 * one, otherwise in full (or only the declared external IDs). Records how in `state.read`.
 */
export async function readRemoteProject(
  client: KiliClient,
  desired: DesiredProject,
  options: ReadRemoteOptions,
): Promise<ProjectRead> {
  const project = options.project ?? (await readProject(client, desired.projectId));
  const { cache } = options;
  const before = client.stats().requests;
  const calls = () => client.stats().requests - before;
  // Taken before the first asset is read: what the read sees is at least this recent.
  const cutoff = cache === undefined ? undefined : takeCutoff(client, cache.marginMs);
  let reason = options.reason ?? (cache === undefined ? '--no-cache' : '--refresh');
  if (cache !== undefined && !cache.refresh && options.reason === undefined) {
    const { endpoint, apiKey } = options.connection;
    const lookup = loadSnapshot(cache.dir, endpoint, project.id, SNAPSHOT_FIELD_SET, apiKey);
    if ('snapshot' in lookup) {
      const read = await readProjectIncrementally(client, project, lookup.snapshot);
      if (read.kind === 'read') {
        read.state.read = {
          method: 'incremental',
          calls: calls(),
          since: lookup.snapshot.cutoff,
          deletions: read.deletions,
        };
        return {
          state: read.state,
          fromSnapshot: read.fromSnapshot,
          cutoff,
          hostedFiles: lookup.snapshot.hostedFiles,
        };
      }
      reason = read.reason;
    } else {
      reason = lookup.reason;
    }
    // The plan says "full read (no snapshot)" anyway; a snapshot that could not be used is news.
    options.onProgress?.({
      kind: 'log',
      level: reason === 'no snapshot' ? 'info' : 'warn',
      message: `project ${project.id}: full read (${reason})`,
    });
  }
  // A rename's old external ID must be read too, or the asset would look missing.
  const declaredExternalIds = desired.assets.flatMap((asset) =>
    asset.renamedFrom ? [asset.externalId, asset.renamedFrom] : [asset.externalId],
  );
  const state = await readProjectState(client, project, {
    declaredExternalIds,
    prune: desired.prune !== false || options.readAll === true,
    concurrency: options.concurrency,
    onProgress: options.onProgress,
  });
  state.read = { method: state.partial ? 'declared' : 'full', calls: calls(), reason };
  return { state, cutoff };
}

/**
 * Labeled work is never protected by a snapshot alone: the assets taken from it whose deletion
 * or content change the plan proposes (the changes that can be blocked) are read again by id.
 * Returns false when one of them is not as the snapshot had it: the snapshot is wrong.
 */
export async function confirmConsentFigures(
  client: KiliClient,
  read: ProjectRead,
  plan: ProjectPlan,
): Promise<boolean> {
  const fromSnapshot = read.fromSnapshot;
  if (fromSnapshot === undefined) return true;
  const decisive = new Set<string>();
  for (const change of plan.changes) {
    if (change.action === 'add' || !fromSnapshot.has(change.assetId)) continue;
    const contentChange =
      change.action !== 'delete' &&
      (change.fields.content !== undefined || change.fields.jsonContent !== undefined);
    if (change.action === 'delete' || contentChange) decisive.add(change.assetId);
  }
  if (decisive.size === 0) return true;
  const assets: RemoteAsset[] = read.state.assets.filter((asset) => decisive.has(asset.id));
  const before = client.stats().requests;
  const confirmed = await confirmSnapshotAssets(client, plan.projectId, assets);
  if (read.state.read !== undefined) {
    read.state.read.calls += client.stats().requests - before;
  }
  return confirmed;
}

/**
 * Keeps what a read saw for the next plan, when it is the whole project and nothing moved
 * while it was read; otherwise forgets any older snapshot, which the read did not confirm.
 */
export function keepSnapshot(
  cache: SnapshotCache | undefined,
  connection: Connection,
  read: ProjectRead,
): string | undefined {
  if (cache === undefined) return undefined;
  const { endpoint, apiKey } = connection;
  const { state, cutoff } = read;
  const projectId = state.project.id;
  if (cutoff === undefined || state.partial || state.warnings.length > 0) {
    removeSnapshot(cache.dir, endpoint, projectId);
    return undefined;
  }
  return saveSnapshot(
    cache.dir,
    { endpoint, projectId, cutoff, assets: state.assets, hostedFiles: currentHostedFiles(read) },
    SNAPSHOT_FIELD_SET,
    apiKey,
  );
}

/** The records still true of the assets as read: an asset written since is fetched again. */
function currentHostedFiles(read: ProjectRead): HostedFileRecord[] {
  if (read.hostedFiles === undefined || read.hostedFiles.length === 0) return [];
  const updatedAt = new Map(read.state.assets.map((asset) => [asset.id, asset.updatedAt]));
  return read.hostedFiles.filter((record) => updatedAt.get(record.assetId) === record.updatedAt);
}
