import type PQueue from 'p-queue';
import type { ProgressListener } from '../runtime.js';
import type { BatchOutcome } from './batch-outcome.js';
import type { MutationBatch, PhaseName } from './mutation-types.js';

const PHASE_LABELS: Record<PhaseName, string> = {
  rename: 'renaming in',
  update: 'updating in',
  append: 'adding to',
  import: 'importing (Kili processes them, then they appear) into',
  'post-append': 'setting properties of added assets in',
  delete: 'deleting from',
};

export interface BatchRunContext {
  queue: PQueue;
  signal: AbortSignal;
  onProgress?: ProgressListener;
  /** Told when a batch was left unsent because of Ctrl-C. */
  onSkipped(): void;
}

/**
 * Runs every batch of a phase with a few in flight. A batch that has not started when Ctrl-C
 * arrives is left unsent; the ones in flight finish so their outcome is known.
 */
export async function runBatches<Batch extends MutationBatch, Item>(
  context: BatchRunContext,
  projectId: string,
  phaseName: PhaseName,
  batches: Batch[],
  run: (batch: Batch) => Promise<BatchOutcome<Item>>,
): Promise<BatchOutcome<Item>[]> {
  const { onProgress, signal } = context;
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
      context.queue.add(async (): Promise<BatchOutcome<Item> | undefined> => {
        if (signal.aborted) {
          context.onSkipped();
          return undefined;
        }
        const outcome = await run(batch);
        if (outcome.skipped.length > 0) context.onSkipped();
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
