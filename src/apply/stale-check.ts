import { resolve } from 'node:path';
import { KiliSyncError } from '../errors.js';
import { hashFile } from '../files/local-files.js';
import { countAssets } from '../kili/asset-pages.js';
import type { KiliClient } from '../kili/client.js';
import { findExistingExternalIds, readAssetsByIds } from '../kili/read-assets.js';
import { localFilesOf } from '../plan/change-files.js';
import { capDetailLines } from '../plan/detail-lines.js';
import { computePlanHash } from '../plan/hash.js';
import { parseRemoteMetadata } from '../plan/normalize.js';
import { ownerMark } from '../plan/ownership.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import type { Change, Plan, ProjectPlan } from '../plan/types.js';

/**
 * Refuses a saved plan whose changes do not match its `planHash` (edited by hand or corrupted):
 * what was reviewed must be exactly what runs.
 */
export function verifyPlanHash(plan: Plan, file: string): void {
  if (computePlanHash(plan) === plan.planHash) return;
  throw new KiliSyncError('plan-tampered', `${file}: the plan's changes do not match its planHash`);
}

/** Refuses a saved plan made against another Kili than the one apply would talk to. */
export function verifyPlanEndpoint(plan: Plan, endpoint: string): void {
  if (normalizeEndpoint(plan.endpoint) === normalizeEndpoint(endpoint)) return;
  throw new KiliSyncError(
    'plan-other-endpoint',
    `the saved plan was made against ${plan.endpoint}, not ${endpoint}`,
    { hint: `pass --endpoint ${plan.endpoint}, or run kili-sync plan against this endpoint` },
  );
}

export interface StaleCheckOptions {
  /** Folder the plan's local file paths are relative to (where the plan was made). */
  baseDir: string;
}

/** A saved plan checked against Kili: its consent figures, and the assets it touches as they are. */
export interface CurrentPlan {
  /** The plan with each project's asset count and each touched asset's labels read from Kili. */
  plan: Plan;
  /** Every asset the plan touches, as Kili holds it now, by id. */
  assets: Map<string, RemoteAsset>;
}

/**
 * Re-reads everything a saved plan touches and throws STALE_PLAN, listing what moved, when any
 * of it changed since planning: a touched asset gone, with another `updatedAt` or another
 * external ID, an added external ID that now exists, a local file with another sha256. Runs
 * before any mutation.
 *
 * Returns the plan with every figure consent depends on taken from Kili, not from the file:
 * each project's asset count (read again) and each touched asset's labels, with the assets as
 * read. A saved plan is a file anyone can edit and re-hash; only its changes are the reviewed
 * intent.
 */
export async function checkPlanIsCurrent(
  client: KiliClient,
  plan: Plan,
  options: StaleCheckOptions,
): Promise<CurrentPlan> {
  const stale: string[] = [];
  const projects: ProjectPlan[] = [];
  const assets = new Map<string, RemoteAsset>();
  for (const project of plan.projects) {
    const live = await readLiveFacts(client, project);
    stale.push(...live.stale);
    stale.push(...(await findStaleFiles(project, options.baseDir)));
    projects.push(live.project);
    for (const [id, asset] of live.byId) assets.set(id, asset);
  }
  if (stale.length === 0) return { plan: { ...plan, projects }, assets };
  throw new KiliSyncError(
    'plan-stale',
    `the saved plan is stale: ${stale.length} ${stale.length === 1 ? 'asset' : 'assets'} changed since it was made`,
    { details: capDetailLines(stale) },
  );
}

/** What is stale in one project, and the project with its consent figures read from Kili. */
async function readLiveFacts(
  client: KiliClient,
  project: ProjectPlan,
): Promise<{ stale: string[]; project: ProjectPlan; byId: Map<string, RemoteAsset> }> {
  const stale: string[] = [];
  const count = await countAssets(client, { project: { id: project.projectId } });
  const touched = project.changes.filter(
    (change): change is Exclude<Change, { action: 'add' }> => change.action !== 'add',
  );
  let byId = new Map<string, RemoteAsset>();
  if (touched.length > 0) {
    const current = await readAssetsByIds(
      client,
      project.projectId,
      touched.map((change) => change.assetId),
    );
    byId = new Map(current.map((asset) => [asset.id, asset]));
    for (const change of touched) {
      const asset = byId.get(change.assetId);
      // A rename reads back under the external ID it had when the plan was made.
      const externalId = change.action === 'rename' ? change.from : change.externalId;
      if (!asset) {
        stale.push(`${change.externalId} (${project.projectId}): no longer exists`);
      } else if (asset.externalId !== externalId) {
        stale.push(
          `${change.externalId} (${project.projectId}): asset ${change.assetId} is ` +
            `${JSON.stringify(asset.externalId)} in Kili, not ${JSON.stringify(externalId)}`,
        );
      } else if (asset.updatedAt !== change.updatedAt) {
        stale.push(
          `${change.externalId} (${project.projectId}): changed at ${asset.updatedAt}, ` +
            `after the plan read it (${change.updatedAt})`,
        );
      } else if (isOwnedPrune(project, change) && markOf(asset) !== project.owner) {
        // `prune: owned` deletes only the owner's assets, whatever a plan file says.
        stale.push(
          `${change.externalId} (${project.projectId}): not owned by ${project.owner ?? 'no owner'}, ` +
            'which prune: owned alone deletes',
        );
      }
    }
  }

  const adds = project.changes.filter((change) => change.action === 'add');
  if (adds.length > 0) {
    const existing = await findExistingExternalIds(
      client,
      project.projectId,
      adds.map((change) => change.externalId),
    );
    for (const externalId of [...new Set(existing)].sort()) {
      stale.push(`${externalId} (${project.projectId}): now exists, the plan would add it again`);
    }
  }
  const changes = project.changes.map((change) => {
    if (change.action === 'add') return change;
    const asset = byId.get(change.assetId);
    return asset === undefined ? change : { ...change, labels: asset.labelCount };
  });
  return { stale, project: { ...project, remote: { ...project.remote, count }, changes }, byId };
}

async function findStaleFiles(project: ProjectPlan, baseDir: string): Promise<string[]> {
  const stale: string[] = [];
  for (const change of project.changes) {
    for (const { path, sha256 } of localFilesOf(change)) {
      let current: string | undefined;
      try {
        current = await hashFile(resolve(baseDir, path));
      } catch {
        stale.push(
          `${change.externalId} (${project.projectId}): local file ${path} is missing ` +
            `(a saved plan's paths are relative to the folder plan ran in: ${baseDir})`,
        );
        continue;
      }
      if (current !== sha256) {
        stale.push(`${change.externalId} (${project.projectId}): local file ${path} was edited`);
      }
    }
  }
  return stale;
}

function isOwnedPrune(project: ProjectPlan, change: Change): boolean {
  return project.prune === 'owned' && change.action === 'delete' && change.reason === 'prune';
}

function markOf(asset: RemoteAsset): string | undefined {
  return ownerMark(parseRemoteMetadata(asset.jsonMetadata).reserved);
}

function normalizeEndpoint(endpoint: string): string {
  return endpoint.trim().replace(/\/+$/, '');
}
