import PQueue from 'p-queue';
import type { KiliClient } from '../kili/client.js';
import type { ApplyResult } from '../plan/apply-result.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import type { Change, Plan, ProjectPlan } from '../plan/types.js';
import type { ProgressListener } from '../runtime.js';
import {
  compareByProjectThenExternalId,
  countCompleted,
  createEmptyResult,
  type PreparationOutcome,
  recordFailure,
  recordFailures,
  recordOutcomes,
} from './apply-result.js';
import { deriveNewAssetIds } from './asset-ids.js';
import { buildUpdateBatch, splitIntoBatches } from './build-batch.js';
import { checkAddedDuplicates } from './check-added-duplicates.js';
import { compileProjectPlan } from './compile.js';
import { findAddsAlreadyPresent } from './find-adds-already-present.js';
import {
  type AppendItem,
  BATCH_SIZE,
  type CompiledPhase,
  type UpdateItem,
} from './mutation-types.js';
import { runAppendBatch } from './run-append-batch.js';
import { runDeleteBatch, runUpdateBatch } from './run-batch.js';
import { type BatchRunContext, runBatches } from './run-batches.js';
import { runImportBatch } from './run-import-batch.js';
import { uploadProjectFiles } from './upload-project-files.js';

export interface ExecuteOptions {
  /**
   * Every asset the plan updates, renames or deletes, as Kili held it when the plan was checked
   * (by id): the `kiliSync` records apply writes are derived from it and from what is sent.
   */
  current: Pick<ReadonlyMap<string, Pick<RemoteAsset, 'jsonMetadata'>>, 'get'>;
  /** Aborted on Ctrl-C: no batch starts after it, batches in flight finish. */
  signal: AbortSignal;
  onProgress?: ProgressListener;
  /** Folder the plan's local file paths are relative to (default: the working directory). */
  baseDir?: string;
  /** Batches in flight at once (default: the client's concurrency); its rate cap still applies. */
  concurrency?: number;
  /**
   * Look the planned adds up again right before appending (one call per 1,000): worth it when
   * time has passed since the project was read, e.g. while a person read the plan, because
   * another run may have added some of them meanwhile.
   */
  recheckAdds?: boolean;
  /** Longest wait on one asynchronous import (default: an hour). */
  importWaitMs?: number;
  /** The commit of the manifests, recorded on the assets of projects with an owner. */
  commit?: string;
}

interface ExecutionState {
  client: KiliClient;
  options: ExecuteOptions;
  batches: BatchRunContext;
  result: ApplyResult;
  /** A batch was left unsent because of Ctrl-C. */
  skipped: boolean;
}

/** Where one project's adds stand: an add counts once, when it is complete or has failed. */
interface AddsInProgress {
  /** Appended assets by external ID, each with the id it was created with. */
  appended: Map<string, AppendItem>;
  /** External IDs of appended assets whose follow-up update failed (reported as failed). */
  incomplete: Set<string>;
  /** External IDs another run had created under their derived id (see runAppendBatch). */
  alreadyAdded: Set<string>;
  /** The follow-up update of each add that has one (priority, labelers, marks), by external ID. */
  followUps: Map<string, UpdateItem>;
}

/**
 * Executes a plan: per project, uploads local files and frames, then runs the compiled phases in
 * order (renames, updates, appends, asynchronous imports, post-append updates, deletes), several
 * batches in flight; each asynchronous import is waited on until Kili has processed it. Appends,
 * imports and deletes are exactly once even when a response is lost, a run is killed while Kili
 * imports, or another run adds the same assets. A failed batch does not stop independent ones;
 * every failed change is reported with the server's message. Afterwards, once every import has
 * ended, the added external IDs are checked for duplicates.
 */
export async function executePlan(
  client: KiliClient,
  plan: Plan,
  options: ExecuteOptions,
): Promise<ApplyResult> {
  const state: ExecutionState = {
    client,
    options,
    batches: {
      queue: new PQueue({ concurrency: options.concurrency ?? client.concurrency }),
      signal: options.signal,
      onProgress: options.onProgress,
      onSkipped: () => {
        state.skipped = true;
      },
    },
    result: createEmptyResult(),
    skipped: false,
  };
  for (const project of plan.projects) {
    if (project.changes.length === 0) continue;
    if (options.signal.aborted) {
      state.skipped = true;
      break;
    }
    await applyProject(state, project);
  }
  // Ctrl-C counts even when every batch had already started: the run was cut short.
  state.result.interrupted = state.skipped || options.signal.aborted;
  state.result.failed.sort(compareByProjectThenExternalId);
  return state.result;
}

async function applyProject(state: ExecutionState, project: ProjectPlan): Promise<void> {
  const { options, result } = state;
  const { projectId } = project;
  const newAssetIds = deriveNewAssetIds(project);

  const excluded = new Set<Change>();
  /** Records what a preparation step set aside; false when Ctrl-C stopped it. */
  const setAside = (outcome: PreparationOutcome): boolean => {
    if (outcome.interrupted) {
      state.skipped = true;
      return false;
    }
    for (const { change, message } of outcome.failed) {
      excluded.add(change);
      recordFailure(result, projectId, change, message);
    }
    return true;
  };

  if (options.recheckAdds) {
    const present = await findAddsAlreadyPresent(state.client, project);
    if (!setAside(present)) return;
    for (const change of present.alreadyAdded) excluded.add(change);
    result.alreadyAdded += present.alreadyAdded.length;
  }
  const uploads = await uploadProjectFiles(
    state.client,
    project,
    newAssetIds,
    options.baseDir ?? '',
  );
  if (!setAside(uploads)) return;
  const compiled = compileProjectPlan(
    { ...project, changes: project.changes.filter((change) => !excluded.has(change)) },
    {
      newAssetIds,
      uploadedContent: uploads.contentByAssetId,
      uploadedJsonContent: uploads.jsonContentByAssetId,
      currentMetadata: { get: (assetId) => options.current.get(assetId)?.jsonMetadata },
      ...(options.commit === undefined ? {} : { commit: options.commit }),
    },
  );

  const adds: AddsInProgress = {
    appended: new Map(),
    incomplete: new Set(),
    alreadyAdded: new Set(),
    followUps: new Map(
      compiled.phases
        .filter((phase) => phase.name === 'post-append')
        .flatMap((phase) => phase.batches.flatMap((batch) => batch.items))
        .map((item) => [item.change.externalId, item]),
    ),
  };
  for (const phase of compiled.phases) {
    if (options.signal.aborted) {
      state.skipped = true;
      break;
    }
    await runPhase(state, projectId, phase, adds);
  }
  for (const externalId of adds.appended.keys()) {
    if (adds.incomplete.has(externalId)) continue;
    if (adds.alreadyAdded.has(externalId)) result.alreadyAdded += 1;
    else countCompleted(result, 'add');
  }
  if (adds.appended.size > 0 && !options.signal.aborted) {
    await checkAddedDuplicates(state.client, state.result, projectId, [...adds.appended.keys()]);
  }
}

async function runPhase(
  state: ExecutionState,
  projectId: string,
  phase: CompiledPhase,
  adds: AddsInProgress,
): Promise<void> {
  const { client, result, batches: context } = state;
  switch (phase.name) {
    case 'rename':
    case 'update':
      await runBatches(context, projectId, phase.name, phase.batches, (batch) =>
        runUpdateBatch(client, projectId, batch),
      ).then((outcomes) => recordOutcomes(result, projectId, outcomes));
      return;
    case 'append': {
      // Each batch's follow-up update goes right after its append, as one unit: an interrupted
      // apply then leaves no added asset without the priority or labelers it was planned with.
      const outcomes = await runBatches(context, projectId, phase.name, phase.batches, (batch) =>
        runAppendBatch(client, projectId, batch).then(async (outcome) => {
          for (const item of outcome.alreadyAdded) adds.alreadyAdded.add(item.change.externalId);
          await completeAdds(state, projectId, outcome.done, adds);
          return outcome;
        }),
      );
      recordFailures(result, projectId, outcomes);
      return;
    }
    case 'import': {
      // Every import is sent at once, as the SDK sends them, and each is waited on (Kili
      // processes it) without holding a place in the batch queue: waiting costs nothing but
      // the polls, which the client paces like any call. Its follow-up update goes right after.
      const importing = {
        ...context,
        queue: new PQueue({ concurrency: Number.POSITIVE_INFINITY }),
      };
      const outcomes = await runBatches(importing, projectId, phase.name, phase.batches, (batch) =>
        runImportBatch(client, projectId, batch, {
          signal: context.signal,
          maxWaitMs: state.options.importWaitMs,
        }).then(async (outcome) => {
          await completeAdds(state, projectId, outcome.done, adds);
          if (outcome.inFlight.length > 0) noteImportsInFlight(state, projectId, outcome.inFlight);
          return outcome;
        }),
      );
      recordFailures(result, projectId, outcomes);
      return;
    }
    case 'post-append':
      // Sent with each append or import batch (see 'append' and 'import').
      return;
    case 'delete':
      await runBatches(context, projectId, phase.name, phase.batches, (batch) =>
        runDeleteBatch(client, projectId, batch),
      ).then((outcomes) => recordOutcomes(result, projectId, outcomes));
      return;
    default: {
      const unreachable: never = phase;
      throw new Error(`unknown phase ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Records the assets one append or import batch created, then sets what it cannot carry on
 * them, under the ids they were created with. Sent even after Ctrl-C, as the second half of the
 * append in flight; what still could not be sent is recorded as pending.
 */
async function completeAdds(
  state: ExecutionState,
  projectId: string,
  appended: readonly AppendItem[],
  adds: AddsInProgress,
): Promise<void> {
  for (const item of appended) adds.appended.set(item.change.externalId, item);
  const items = appended.flatMap((append) => {
    const followUp = adds.followUps.get(append.change.externalId);
    return followUp ? [{ ...followUp, assetId: append.assetId }] : [];
  });
  for (const batch of splitIntoBatches(items, BATCH_SIZE).map(buildUpdateBatch)) {
    const outcome = await runUpdateBatch(state.client, projectId, batch);
    for (const { item, message } of outcome.failed) {
      adds.incomplete.add(item.change.externalId);
      const fields = Object.keys(item.data).join(', ');
      recordFailure(
        state.result,
        projectId,
        item.change,
        `added, but setting ${fields} failed: ${message}`,
      );
    }
    for (const item of outcome.skipped) {
      // Added all the same: counted as added, and named as pending.
      state.result.pending.push({
        projectId,
        externalId: item.change.externalId,
        fields: Object.keys(item.data),
      });
    }
  }
}

/**
 * Imports Kili accepted but had not processed when Ctrl-C stopped the wait: they go on at Kili,
 * and their ids are held, so a rerun adds nothing twice (it finds the assets, or waits for them).
 */
function noteImportsInFlight(state: ExecutionState, projectId: string, items: AppendItem[]): void {
  state.skipped = true;
  const count = items.length;
  state.result.warnings.push(
    `${count} ${count === 1 ? 'asset' : 'assets'} of ${projectId} ${count === 1 ? 'was' : 'were'} ` +
      'still being imported by Kili when the wait was stopped; run apply again to confirm ' +
      'them (nothing is added twice)',
  );
}
