import { createId } from '@paralleldrive/cuid2';
import PQueue from 'p-queue';
import type { KiliClient } from '../kili/client.js';
import { compareStrings } from '../plan/normalize.js';
import type { Change, Plan, ProjectPlan } from '../plan/types.js';
import type { ProgressListener } from '../runtime.js';
import { chunk } from '../util/chunk.js';
import {
  type ApplyResult,
  countCompleted,
  createEmptyResult,
  type FailedChange,
  type PreparationOutcome,
} from './apply-result.js';
import { buildUpdateBatch } from './build-batch.js';
import { compileProjectPlan } from './compile.js';
import { findAddsAlreadyPresent } from './find-adds-already-present.js';
import {
  BATCH_SIZE,
  type CompiledPhase,
  type MutationBatch,
  type PhaseName,
} from './mutation-types.js';
import { type BatchOutcome, runAppendBatch, runDeleteBatch, runUpdateBatch } from './run-batch.js';
import { uploadProjectFiles } from './upload-project-files.js';

export type { ApplyResult, FailedChange } from './apply-result.js';

export interface ExecuteOptions {
  /** Aborted on Ctrl-C: no batch starts after it, batches in flight finish. */
  signal: AbortSignal;
  onProgress?: ProgressListener;
  /** Client-side id of a new asset (default: a cuid, as the official SDK makes). */
  newAssetId?: () => string;
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
}

const PHASE_LABELS: Record<PhaseName, string> = {
  rename: 'renaming in',
  update: 'updating in',
  append: 'adding to',
  'post-append': 'setting properties of added assets in',
  delete: 'deleting from',
};

interface ExecutionState {
  client: KiliClient;
  options: ExecuteOptions;
  queue: PQueue;
  result: ApplyResult;
  /** A batch was left unsent because of Ctrl-C. */
  skipped: boolean;
}

/**
 * Executes a plan: per project, uploads local files, then runs the compiled phases in order
 * (renames, updates, appends, post-append updates, deletes), several batches in flight. Appends
 * and deletes are exactly once even when a response is lost. A failed batch does not stop
 * independent ones; every failed change is reported with the server's message.
 */
export async function executePlan(
  client: KiliClient,
  plan: Plan,
  options: ExecuteOptions,
): Promise<ApplyResult> {
  const state: ExecutionState = {
    client,
    options,
    queue: new PQueue({ concurrency: options.concurrency ?? client.concurrency }),
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
  state.result.failed.sort(compareFailures);
  return state.result;
}

async function applyProject(state: ExecutionState, project: ProjectPlan): Promise<void> {
  const { options, result } = state;
  const newAssetId = options.newAssetId ?? createId;
  const newAssetIds = new Map<string, string>();
  for (const change of project.changes) {
    if (change.action === 'add') newAssetIds.set(change.externalId, newAssetId());
  }

  const excluded = new Set<Change>();
  /** Records what a preparation step set aside; false when Ctrl-C stopped it. */
  const setAside = (outcome: PreparationOutcome): boolean => {
    if (outcome.interrupted) {
      state.skipped = true;
      return false;
    }
    for (const { change, message } of outcome.failed) {
      excluded.add(change);
      recordFailure(result, project.projectId, change, message);
    }
    return true;
  };

  if (options.recheckAdds && !setAside(await findAddsAlreadyPresent(state.client, project))) {
    return;
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
    { newAssetIds, uploadedContent: uploads.contentByAssetId },
  );

  const failedAppends = new Set<string>();
  for (const phase of compiled.phases) {
    if (options.signal.aborted) {
      state.skipped = true;
      return;
    }
    await runPhase(state, project.projectId, phase, failedAppends);
  }
}

async function runPhase(
  state: ExecutionState,
  projectId: string,
  phase: CompiledPhase,
  failedAppends: Set<string>,
): Promise<void> {
  const { client, result } = state;
  switch (phase.name) {
    case 'rename':
    case 'update':
      await runBatches(state, projectId, phase.name, phase.batches, (batch) =>
        runUpdateBatch(client, batch),
      ).then((outcomes) => recordOutcomes(result, projectId, outcomes));
      return;
    case 'append': {
      const outcomes = await runBatches(state, projectId, phase.name, phase.batches, (batch) =>
        runAppendBatch(client, projectId, batch),
      );
      for (const outcome of outcomes) {
        for (const { item } of outcome.failed) failedAppends.add(item.assetId);
      }
      recordOutcomes(result, projectId, outcomes);
      return;
    }
    case 'post-append': {
      // An asset whose append failed has nothing to update; its add is already reported.
      const items = phase.batches
        .flatMap((batch) => batch.items)
        .filter((item) => !failedAppends.has(item.assetId));
      const batches = chunk(items, BATCH_SIZE).map(buildUpdateBatch);
      const outcomes = await runBatches(state, projectId, phase.name, batches, (batch) =>
        runUpdateBatch(client, batch),
      );
      for (const outcome of outcomes) {
        for (const { item, message } of outcome.failed) {
          const fields = Object.keys(item.data).join(', ');
          recordFailure(
            result,
            projectId,
            item.change,
            `added, but setting ${fields} failed: ${message}`,
          );
        }
      }
      return;
    }
    case 'delete':
      await runBatches(state, projectId, phase.name, phase.batches, (batch) =>
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
 * Runs every batch of a phase with a few in flight. A batch that has not started when Ctrl-C
 * arrives is left unsent; the ones in flight finish so their outcome is known.
 */
async function runBatches<Batch extends MutationBatch, Item>(
  state: ExecutionState,
  projectId: string,
  phaseName: PhaseName,
  batches: Batch[],
  run: (batch: Batch) => Promise<BatchOutcome<Item>>,
): Promise<BatchOutcome<Item>[]> {
  const { onProgress, signal } = state.options;
  const task = `${PHASE_LABELS[phaseName]} ${projectId}`;
  const total = batches.reduce((sum, batch) => sum + batch.items.length, 0);
  if (total === 0) return [];
  let done = 0;
  onProgress?.({
    kind: 'log',
    level: 'info',
    message: `${task}: ${total} ${total === 1 ? 'asset' : 'assets'}`,
  });
  onProgress?.({ kind: 'start', task, total });
  const settled = await Promise.allSettled(
    batches.map((batch) =>
      state.queue.add(async (): Promise<BatchOutcome<Item> | undefined> => {
        if (signal.aborted) {
          state.skipped = true;
          return undefined;
        }
        const outcome = await run(batch);
        if (outcome.skipped.length > 0) state.skipped = true;
        done += outcome.done.length + outcome.failed.length;
        onProgress?.({ kind: 'advance', task, done, total });
        return outcome;
      }),
    ),
  );
  onProgress?.({ kind: 'stop', task });
  const outcomes: BatchOutcome<Item>[] = [];
  for (const entry of settled) {
    if (entry.status === 'rejected') throw entry.reason;
    if (entry.value) outcomes.push(entry.value);
  }
  return outcomes;
}

function recordOutcomes<Item extends { change: Change }>(
  result: ApplyResult,
  projectId: string,
  outcomes: BatchOutcome<Item>[],
): void {
  for (const outcome of outcomes) {
    for (const item of outcome.done) countCompleted(result, item.change.action);
    for (const { item, message } of outcome.failed) {
      recordFailure(result, projectId, item.change, message);
    }
  }
}

function recordFailure(
  result: ApplyResult,
  projectId: string,
  change: Change,
  message: string,
): void {
  const failure: FailedChange = {
    projectId,
    externalId: change.externalId,
    action: change.action,
    message,
  };
  result.failed.push(failure);
}

function compareFailures(a: FailedChange, b: FailedChange): number {
  return compareStrings(a.projectId, b.projectId) || compareStrings(a.externalId, b.externalId);
}
