import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkPlanFiles } from '../apply/check-plan-files.js';
import { type Consent, checkConsent, requiredConsent } from '../apply/consent.js';
import { checkContentWrites } from '../apply/content-writes.js';
import { executePlan } from '../apply/execute.js';
import { checkSamePlan } from '../apply/reviewed-plan-check.js';
import { checkPlanIsCurrent, verifyPlanEndpoint, verifyPlanHash } from '../apply/stale-check.js';
import { KiliSyncError } from '../errors.js';
import { readCommit } from '../files/git-facts.js';
import { findLocalRoot } from '../files/local-root.js';
import type { KiliClient } from '../kili/client.js';
import { readAssetsByIds } from '../kili/read-assets.js';
import type { ApplyResult } from '../plan/apply-result.js';
import type { ConsentNeed } from '../plan/consent-rules.js';
import { planHasChanges } from '../plan/has-changes.js';
import { parsePlanJson } from '../plan/plan-document.js';
import { assetsTouchedBy, type RemoteAsset } from '../plan/remote-state.js';
import type { Plan } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import {
  type ReadAndPlanOptions,
  type ReadAndPlanResult,
  readAndPlan,
  type SnapshotCache,
} from './plan.js';
import { forgetDeletedAssets } from './refresh-snapshot.js';

/** What an apply did: the plan it followed, and the result when it executed anything. */
export interface ApplyOutcome {
  plan: Plan;
  /** Absent when the plan had nothing to do. */
  result?: ApplyResult;
}

export interface ApplyManifestsOptions extends ReadAndPlanOptions {
  consent: Consent;
  /** Shows the plan and what it needs, before consent is checked and any question is asked. */
  showPlan: (plan: Plan, needs: readonly ConsentNeed[]) => void;
  /**
   * Asks a person at a terminal to approve the plan; throws to refuse. Absent with
   * `--auto-approve`; without a terminal, apply refuses instead, naming every flag it lacks. A
   * person who approves also allows the deletes, never the stronger consents.
   */
  confirm?: (plan: Plan, needs: readonly ConsentNeed[]) => Promise<void>;
}

/** `apply PATH…`: plan, show the plan, check consent, ask, then execute. */
export async function applyManifests(options: ApplyManifestsOptions): Promise<ApplyOutcome> {
  return applyPlanned(await readAndPlan(options), options);
}

/**
 * What `apply PATH…` does once {@link readAndPlan} has planned, with the same options: show the
 * plan, check consent, ask, then execute. Exported so a caller can time or fault the two halves
 * apart; `applyManifests` is exactly the one after the other.
 */
export async function applyPlanned(
  planned: ReadAndPlanResult,
  options: ApplyManifestsOptions,
): Promise<ApplyOutcome> {
  const { runtime, client, consent, confirm } = options;
  const { plan, remote, desired, consent: needs } = planned;
  options.showPlan(plan, needs);
  if (!planHasChanges(plan)) return { plan };

  let current = assetsTouchedBy(plan, remote);
  const interactive = confirm !== undefined && runtime.isTTY.stdin;
  checkConsent(
    needs,
    { ...consent, allowDelete: consent.allowDelete || interactive },
    { unconfirmed: confirm !== undefined && !interactive },
  );
  if (confirm !== undefined) {
    await confirm(plan, needs);
    // A person may have taken minutes to answer: the metadata written is derived from what
    // Kili holds now, so a key another writer set meanwhile is kept.
    current = await readTouchedAgain(client, plan, current);
  }

  const rootDir = desired.projects.find((project) => project.rootDir !== undefined)?.rootDir;
  const result = await execute(client, plan, current, options, {
    // A person may have taken minutes to answer: check that no adds appeared meanwhile.
    recheckAdds: confirm !== undefined,
    commit: commitOf(plan, rootDir ?? runtime.cwd, runtime),
  });
  return { plan, result };
}

export interface ApplySavedPlanOptions
  extends Pick<ReadAndPlanOptions, 'runtime' | 'client' | 'connection' | 'onProgress'> {
  /** The plan file, as given on the command line (relative to the working directory). */
  file: string;
  consent: Consent;
  /** The folder the plan's local files must lie in (`--root`). */
  root?: string;
  /** Snapshots the plan's deletions are taken out of once Kili confirms them (none: left alone). */
  cache?: SnapshotCache;
  /**
   * `--manifests`: the manifests the plan must mean now. They are planned afresh, and the saved
   * plan runs only if its changes are exactly those (see reviewed-plan-check.ts).
   */
  manifests?: string[];
}

/**
 * `apply --plan FILE`: execute exactly the reviewed plan, after checking that it is intact, made
 * against this endpoint, consented to, and still current.
 */
export async function applySavedPlan(options: ApplySavedPlanOptions): Promise<ApplyOutcome> {
  const { runtime, client, file } = options;
  const plan = parsePlanJson(await readPlanFile(resolve(runtime.cwd, file), file), file);
  verifyPlanHash(plan, file);
  checkContentWrites(plan, file);
  const root = findLocalRoot(runtime.cwd, options.root, runtime.cwd);
  checkPlanFiles(plan, runtime.cwd, root);
  verifyPlanEndpoint(plan, options.connection.endpoint);
  // Counts and labels come from Kili, not from the file: the reviewed plan is the approval,
  // but consent to destroy still has to be explicit, and judged on what is there now.
  const current = await checkPlanIsCurrent(client, plan, { baseDir: runtime.cwd });
  if (options.manifests !== undefined) {
    await checkPlanMatchesManifests(plan, options.manifests, options);
  }
  checkConsent(requiredConsent(current.plan, current.assets), options.consent);
  if (!planHasChanges(current.plan)) return { plan: current.plan };
  // The stale check has just looked the adds up.
  const result = await execute(client, current.plan, current.assets, options, {
    recheckAdds: false,
    commit: commitOf(current.plan, root.realPath, runtime),
  });
  return { plan: current.plan, result };
}

/**
 * Plans the given manifests afresh, for the saved plan's projects, and refuses the saved plan
 * unless its changes are exactly the fresh plan's: a plan file is anyone's to edit and re-hash,
 * and an artifact anyone's to upload, while the merged manifests are what was reviewed.
 */
async function checkPlanMatchesManifests(
  plan: Plan,
  manifests: string[],
  options: ApplySavedPlanOptions,
): Promise<void> {
  const fresh = await readAndPlan({
    paths: manifests,
    root: options.root,
    runtime: options.runtime,
    client: options.client,
    connection: options.connection,
    projects: plan.projects.map((project) => project.projectId),
    dedupe: plan.projects.some((project) =>
      project.changes.some((change) => change.action === 'delete' && change.reason === 'duplicate'),
    ),
    cache: options.cache,
    onProgress: options.onProgress,
  });
  checkSamePlan(plan, fresh.plan, manifests);
}

/**
 * Executes the plan, then takes the assets it deleted out of the snapshots (which may be older
 * or newer than the plan's read: taking out assets Kili confirmed deleted is right for either).
 */
async function execute(
  client: KiliClient,
  plan: Plan,
  current: ReadonlyMap<string, RemoteAsset>,
  options: Pick<ReadAndPlanOptions, 'runtime' | 'connection' | 'cache' | 'onProgress'>,
  { recheckAdds, commit }: { recheckAdds: boolean; commit: string | undefined },
): Promise<ApplyResult> {
  // Writes in flight are let finish when interrupted (see Runtime.holdInterrupts).
  const release = options.runtime.holdInterrupts();
  let result: ApplyResult;
  try {
    result = await executePlan(client, plan, {
      current,
      signal: options.runtime.signal,
      onProgress: options.onProgress,
      baseDir: options.runtime.cwd,
      concurrency: client.concurrency,
      recheckAdds,
      commit,
    });
  } finally {
    release();
  }
  const note = forgetDeletedAssets(options.cache, options.connection, plan, result);
  if (note !== undefined) options.onProgress?.({ kind: 'log', level: 'warn', message: note });
  return result;
}

/**
 * The assets a plan updates, renames or deletes, read again by id (one call per 100), for their
 * current metadata; an asset not found keeps what the plan read (its write then fails or is
 * refused as it would have been).
 */
async function readTouchedAgain(
  client: KiliClient,
  plan: Plan,
  read: Map<string, RemoteAsset>,
): Promise<Map<string, RemoteAsset>> {
  const fresh = new Map(read);
  for (const project of plan.projects) {
    const ids = project.changes.flatMap((change) =>
      change.action === 'add' || change.action === 'delete' ? [] : [change.assetId],
    );
    if (ids.length === 0) continue;
    for (const asset of await readAssetsByIds(client, project.projectId, ids)) {
      const before = fresh.get(asset.id);
      // Only the metadata is taken: consent was judged on what the person approved.
      if (before !== undefined)
        fresh.set(asset.id, { ...before, jsonMetadata: asset.jsonMetadata });
    }
  }
  return fresh;
}

/**
 * The commit recorded on what apply writes to projects with an owner: the one checked out where
 * the manifests are (read by this run, never taken from a plan file); none without an owner.
 */
function commitOf(plan: Plan, dir: string, runtime: Runtime): string | undefined {
  if (!plan.projects.some((project) => project.owner !== undefined)) return undefined;
  return readCommit(dir, runtime.env);
}

async function readPlanFile(path: string, display: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new KiliSyncError('plan-unreadable', `cannot read the saved plan ${display}`, {
      cause: error,
    });
  }
}
