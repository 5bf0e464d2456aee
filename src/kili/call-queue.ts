import PQueue from 'p-queue';
import { createInterruptedError } from './client-errors.js';

export interface CallQueueOptions {
  /** Calls in flight at once. */
  concurrency: number;
  /** Call starts per minute, evenly spaced; omit (or Infinity) for no cap. */
  ratePerMinute?: number;
  /** Ctrl-C: calls still waiting are rejected with INTERRUPTED, started ones run to the end. */
  signal?: AbortSignal;
  /** Told when a call really starts (for request statistics). */
  onStart?: (operation: string) => void;
}

/**
 * Concurrency limit and smooth rate cap (p-queue) for calls to one server. One start per
 * 60000/N ms in a sliding window, never a burst of N: a server's token bucket (about one second
 * of burst) would answer a burst with 429s.
 */
export class CallQueue {
  private readonly queue: PQueue;
  private readonly signal?: AbortSignal;
  private readonly onStart?: (operation: string) => void;
  private readonly waiting = new Set<{ reject: (error: unknown) => void }>();

  constructor(options: CallQueueOptions) {
    const rate = options.ratePerMinute ?? Number.POSITIVE_INFINITY;
    const paced = Number.isFinite(rate) && rate > 0;
    this.queue = new PQueue({
      concurrency: Math.max(1, options.concurrency),
      ...(paced ? { interval: Math.ceil(60_000 / rate), intervalCap: 1, strict: true } : {}),
    });
    this.signal = options.signal;
    this.onStart = options.onStart;
    this.signal?.addEventListener('abort', () => this.rejectWaiting(), { once: true });
  }

  /**
   * Runs one call when the limits allow. Retries pass `first: true` so a call that already
   * waited is not starved behind queued pages. A started call is never abandoned, so its
   * outcome stays known.
   */
  run<T>(operation: string, call: () => Promise<T>, options: { first?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.signal?.aborted) {
        reject(createInterruptedError());
        return;
      }
      const waiting = { reject };
      this.waiting.add(waiting);
      this.queue
        .add(
          async () => {
            if (!this.waiting.delete(waiting)) return;
            this.onStart?.(operation);
            try {
              resolve(await call());
            } catch (error) {
              reject(error);
            }
          },
          { priority: options.first ? 1 : 0 },
        )
        .catch(reject);
    });
  }

  private rejectWaiting(): void {
    for (const waiting of this.waiting) waiting.reject(createInterruptedError());
    this.waiting.clear();
    this.queue.clear();
  }
}
