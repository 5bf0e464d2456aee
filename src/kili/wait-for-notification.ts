import { setTimeout as sleep } from 'node:timers/promises';
import { KiliSyncError } from '../errors.js';
import { NotificationsDocument } from '../graphql/generated.js';
import type { KiliClient } from './client.js';

/** How an asynchronous import ended, as its notification says. */
export interface ImportOutcome {
  status: 'SUCCESS' | 'FAILURE';
  /** The notification's message (what Kili says went wrong, for a FAILURE). */
  message: string;
}

export interface PollOptions {
  /** Ctrl-C: polling stops (the import itself goes on at Kili). */
  signal?: AbortSignal;
  /** Longest wait before the import is reported as not finished (default {@link MAX_WAIT_MS}). */
  maxWaitMs?: number;
  /** Told after each poll that found the import still running. */
  onPending?: (waitedMs: number) => void;
}

/** An hour: the SDK waits without end; a CI job should not. */
export const MAX_WAIT_MS = 60 * 60 * 1000;

/**
 * The SDK's wait between polls (`verify_batch_imported`: tenacity's `wait_exponential` with
 * multiplier 1, min 1 s, max 16 s): 1, 2, 4, 8, 16, 16… seconds, the first poll at once.
 */
export function pollDelayMs(attempt: number): number {
  return Math.min(16, Math.max(1, 2 ** (attempt - 1))) * 1000;
}

/**
 * Calls `check` with the SDK's backoff until it returns a value or the wait is over (then
 * undefined). Each call goes through the client, so polls keep to its rate cap like any request.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  options: PollOptions = {},
): Promise<T | undefined> {
  const started = Date.now();
  const maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
  for (let attempt = 1; ; attempt += 1) {
    const found = await check();
    if (found !== undefined) return found;
    const waited = Date.now() - started;
    if (waited >= maxWaitMs) return undefined;
    options.onPending?.(waited);
    try {
      await sleep(Math.min(pollDelayMs(attempt), maxWaitMs - waited), undefined, {
        signal: options.signal,
      });
    } catch {
      throw new KiliSyncError('interrupted', 'interrupted while waiting for Kili to import');
    }
  }
}

/**
 * Waits for an asynchronous import to end, polling its notification
 * (`notifications(where: {id})`) as the SDK does, until it says SUCCESS or FAILURE. Undefined
 * when it was still PENDING after the longest wait.
 */
export function waitForNotification(
  client: KiliClient,
  notificationId: string,
  options: PollOptions = {},
): Promise<ImportOutcome | undefined> {
  return pollUntil(async () => {
    const result = await client.request(NotificationsDocument, {
      where: { id: notificationId },
      first: 1,
      skip: 0,
    });
    const notification = result.data?.[0];
    if (notification === undefined) {
      throw new KiliSyncError(
        'import-not-found',
        `Kili shows no notification ${notificationId} to wait on`,
      );
    }
    const { status } = notification;
    if (status !== 'SUCCESS' && status !== 'FAILURE') return undefined;
    return { status, message: notification.message ?? '' };
  }, options);
}
