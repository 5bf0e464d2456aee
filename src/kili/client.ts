import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClientError, GraphQLClient } from 'graphql-request';
import pRetry from 'p-retry';
import { KiliSyncError } from '../errors.js';
import type { TypedDocumentString } from '../graphql/generated.js';
import { VERSION } from '../version.js';
import { CallQueue } from './call-queue.js';
import type { ClassifiedFailure } from './classified-failure.js';
import {
  classifyFailure,
  createFinalError,
  createInterruptedError,
  HttpStatusError,
} from './client-errors.js';
import { type DocumentInfo, describeDocument } from './describe-document.js';
import { redactSecret } from './redact-secret.js';

export { mayHaveRun, OutcomeUnknownError } from './client-errors.js';
export { describeDocument } from './describe-document.js';

export interface KiliClientOptions {
  endpoint: string;
  apiKey: string;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Call starts per minute, paced evenly: one start every 60000/N ms (default 500). */
  rateLimitPerMinute?: number;
  /** Per attempt (default 60 000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 8). */
  retries?: number;
  /** First backoff step; doubled on each retry, with jitter (default 500). */
  minRetryDelayMs?: number;
  /** Backoff ceiling, unless the server's `Retry-After` asks for more (default 30 000). */
  maxRetryDelayMs?: number;
  /** Ctrl-C: requests not yet started are rejected with INTERRUPTED; started mutations finish. */
  signal?: AbortSignal;
  /** Retry and rate-limit notices, for `--verbose` and statistics. */
  onEvent?: (event: ClientEvent) => void;
}

export interface ClientEvent {
  /** `rate-limited` when the server answered 429, `retry` for every other retried failure. */
  kind: 'retry' | 'rate-limited';
  operation: string;
  /** The attempt that failed (1 for the first). */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface ClientRequestOptions {
  /**
   * Resend when the outcome is unknown (dropped connection, timeout, 502/504/52x). Safe for
   * reads and idempotent writes; appends and deletes pass false and check what happened instead.
   * Default true.
   */
  retryUnknownOutcome?: boolean;
}

export interface ClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
  /** Requests per GraphQL root field (`upload` for file uploads). */
  byOperation: Record<string, number>;
}

/** Thrown inside the retry loop so p-retry sees one error type, whatever failed. */
class AttemptFailure extends Error {
  readonly failure: ClassifiedFailure;
  constructor(failure: ClassifiedFailure, cause: unknown) {
    super(failure.reason, { cause });
    this.name = 'AttemptFailure';
    this.failure = failure;
  }
}

/**
 * Kili's GraphQL API as kili-sync uses it: authenticated, paced under a global rate cap, a few
 * requests in flight, retried when the server did not execute the call (and, on request, when
 * the outcome is unknown), with every failure turned into a KiliSyncError that never contains
 * the API key nor the request's variables.
 */
export class KiliClient {
  readonly endpoint: string;
  readonly concurrency: number;
  private readonly apiKey: string;
  private readonly apiBase: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly minRetryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly signal?: AbortSignal;
  private readonly onEvent?: (event: ClientEvent) => void;
  private readonly graphql: GraphQLClient;
  /** Every call to the Kili server goes through this queue, so the rate cap covers retries. */
  private readonly queue: CallQueue;
  /** Uploads to a third-party bucket are not Kili calls: concurrency only. */
  private readonly bucketQueue: CallQueue;
  private readonly documents = new Map<string, DocumentInfo>();
  private readonly counters: ClientStats = { requests: 0, retries: 0, byOperation: {} };
  /** The latest HTTP `Date` the server answered with (ms), see {@link serverTimeLowerBound}. */
  private latestServerDate: number | undefined;
  /** Whether the server has answered at least once (see classifyFailure). */
  private connected = false;

  constructor(options: KiliClientOptions) {
    this.endpoint = options.endpoint;
    this.apiKey = options.apiKey;
    this.apiBase = options.endpoint.replace(/\/graphql\/?$/, '');
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.retries = options.retries ?? 8;
    this.minRetryDelayMs = options.minRetryDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.signal = linkSignal(options.signal);
    this.onEvent = options.onEvent;
    const onStart = (operation: string) => {
      this.counters.requests += 1;
      this.counters.byOperation[operation] = (this.counters.byOperation[operation] ?? 0) + 1;
    };
    const queueOptions = { concurrency: this.concurrency, signal: this.signal, onStart };
    this.queue = new CallQueue({
      ...queueOptions,
      ratePerMinute: options.rateLimitPerMinute ?? 500,
    });
    this.bucketQueue = new CallQueue(queueOptions);
    this.graphql = new GraphQLClient(options.endpoint, {
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        this.noteServerDate(response.headers.get('date'));
        return response;
      },
      headers: () => ({
        Authorization: `X-API-Key: ${this.apiKey}`,
        'apollographql-client-name': 'kili-sync',
        'apollographql-client-version': VERSION,
      }),
    });
  }

  /**
   * Sends one of kili-sync's operations (src/graphql, typed from the schema) and returns its
   * `data`. GraphQL errors are not retried; they become KiliSyncError('API') with the server's
   * message. An unknown outcome with `retryUnknownOutcome: false` throws
   * {@link OutcomeUnknownError} at once.
   */
  request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    options?: ClientRequestOptions,
  ): Promise<TResult>;
  /** An ad-hoc document (tests, tools): its result type is the caller's word, not the schema's. */
  request<TResult = unknown>(
    document: string,
    variables?: Record<string, unknown>,
    options?: ClientRequestOptions,
  ): Promise<TResult>;
  async request(
    document: string | TypedDocumentString<unknown, unknown>,
    variables?: unknown,
    options: ClientRequestOptions = {},
  ): Promise<unknown> {
    const text = document.toString();
    const info = this.describe(text);
    const data = await this.withRetries(
      info.operation,
      options.retryUnknownOutcome ?? true,
      this.queue,
      (timeout) =>
        this.graphql.request<unknown>({
          document: text,
          variables: variables as Record<string, unknown> | undefined,
          // Reads stop at once on Ctrl-C; a mutation in flight finishes so its outcome is known.
          signal:
            info.isMutation || !this.signal ? timeout : AbortSignal.any([timeout, this.signal]),
        }),
    );
    if (data === null || data === undefined) {
      throw new KiliSyncError('not-a-kili-api', `${info.operation}: Kili answered without data`);
    }
    return data;
  }

  /**
   * PUTs a file's bytes to a signed upload URL (the part before `&id=`, as the SDK does),
   * retrying like any idempotent call. The API key is sent only to the Kili server itself.
   */
  async uploadFile(signedUrl: string, body: Uint8Array, contentType: string): Promise<void> {
    const url = signedUrl.split('&id=')[0] ?? signedUrl;
    const toKili = this.isKiliUrl(url);
    const headers: Record<string, string> = { 'Content-Type': contentType };
    // The DOM typings want an ArrayBuffer-backed view; a file read by Node is one.
    const bytes = body as Uint8Array<ArrayBuffer>;
    if (toKili) headers.Authorization = `X-API-Key: ${this.apiKey}`;
    if (url.includes('blob.core.windows.net')) headers['x-ms-blob-type'] = 'BlockBlob';
    await this.withRetries(
      'upload',
      true,
      toKili ? this.queue : this.bucketQueue,
      async (timeout) => {
        const response = await fetch(url, { method: 'PUT', headers, body: bytes, signal: timeout });
        await response.arrayBuffer();
        if (!response.ok) throw new HttpStatusError(response.status, response.headers);
      },
      // A large file needs longer than a GraphQL call: allow for a slow 256 KB/s link.
      this.timeoutMs + Math.ceil(bytes.byteLength / 256),
    );
  }

  /**
   * The `/files?id=` URL of an object uploaded to `signedUrl`, as the SDK references uploaded
   * frames (`bucket.clean_signed_url`): read with the API key, no credential in itself.
   */
  fileUrlOf(signedUrl: string): string {
    const id = new URL(signedUrl).searchParams.get('id') ?? '';
    return `${this.apiBase}/files?id=${id}`;
  }

  /** Whether a URL is served by the Kili server itself (the API key is sent only there). */
  isKiliUrl(url: string): boolean {
    return url.startsWith(`${this.apiBase}/`);
  }

  /**
   * GETs a hosted file, retried like any read: Kili's own URLs with the API key, others (signed
   * bucket URLs) without, as the SDK downloads media. Undefined when it is larger than
   * `maxBytes`, which is then not read.
   */
  async downloadFile(url: string, maxBytes: number): Promise<Uint8Array | undefined> {
    const toKili = this.isKiliUrl(url);
    const headers: Record<string, string> = toKili
      ? { Authorization: `X-API-Key: ${this.apiKey}` }
      : {};
    return this.withRetries(
      'download',
      true,
      toKili ? this.queue : this.bucketQueue,
      async (timeout) => {
        const signal = this.signal ? AbortSignal.any([timeout, this.signal]) : timeout;
        const response = await fetch(url, { headers, signal });
        if (!response.ok || Number(response.headers.get('content-length') ?? 0) > maxBytes) {
          await response.body?.cancel();
          if (!response.ok) throw new HttpStatusError(response.status, response.headers);
          return undefined;
        }
        const bytes = new Uint8Array(await response.arrayBuffer());
        return bytes.byteLength > maxBytes ? undefined : bytes;
      },
    );
  }

  /**
   * A time the server's clock has certainly reached: the latest `Date` header of its answers so
   * far (whole seconds, rounded down), or undefined before the first answer. Never the local
   * clock, which may be anywhere.
   */
  serverTimeLowerBound(): number | undefined {
    return this.latestServerDate;
  }

  private noteServerDate(header: string | null): void {
    const time = header === null ? Number.NaN : Date.parse(header);
    if (Number.isNaN(time)) return;
    this.latestServerDate = Math.max(this.latestServerDate ?? time, time);
  }

  /** Requests sent so far (retries included), for `--verbose` summaries and tests. */
  stats(): ClientStats {
    return { ...this.counters, byOperation: { ...this.counters.byOperation } };
  }

  private async withRetries<T>(
    operation: string,
    retryUnknownOutcome: boolean,
    queue: CallQueue,
    send: (timeout: AbortSignal) => Promise<T>,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    const context = {
      endpoint: this.endpoint,
      operation,
      apiKey: this.apiKey,
      timeoutMs,
    };
    const isRetryable = (failure: ClassifiedFailure) =>
      failure.kind === 'not-executed' ||
      (failure.kind === 'outcome-unknown' && retryUnknownOutcome);
    // An attempt without an answer may have run, even when a later one was refused unexecuted.
    let anOutcomeWasUnknown = false;
    try {
      return await pRetry(
        async (attempt) => {
          try {
            const answer = await queue.run(operation, () => send(AbortSignal.timeout(timeoutMs)), {
              first: attempt > 1,
            });
            this.connected = true;
            return answer;
          } catch (error) {
            // Any HTTP answer, even an error, proves the server is there.
            if (error instanceof ClientError || error instanceof HttpStatusError) {
              this.connected = true;
            }
            const failure = classifyFailure(error, { ...context, connected: this.connected });
            if (failure.kind === 'outcome-unknown') anOutcomeWasUnknown = true;
            throw new AttemptFailure(failure, error);
          }
        },
        {
          retries: this.retries,
          minTimeout: 0,
          factor: 1,
          shouldRetry: ({ error }) => error instanceof AttemptFailure && isRetryable(error.failure),
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            if (!(error instanceof AttemptFailure) || !isRetryable(error.failure)) return;
            if (retriesLeft <= 0) return;
            const delayMs = this.computeDelay(attemptNumber, error.failure.retryAfterMs);
            this.counters.retries += 1;
            this.onEvent?.({
              kind: error.failure.status === 429 ? 'rate-limited' : 'retry',
              operation,
              attempt: attemptNumber,
              delayMs,
              reason: error.failure.reason,
            });
            await this.wait(delayMs);
          },
        },
      );
    } catch (error) {
      throw this.toFinalError(error, operation, retryUnknownOutcome, anOutcomeWasUnknown);
    }
  }

  /** Exponential backoff with equal jitter; the server's Retry-After is the minimum. */
  private computeDelay(attempt: number, retryAfterMs: number | undefined): number {
    const step = Math.min(this.maxRetryDelayMs, this.minRetryDelayMs * 2 ** (attempt - 1));
    const jittered = Math.round(step / 2 + (Math.random() * step) / 2);
    return Math.max(retryAfterMs ?? 0, jittered);
  }

  private async wait(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.signal });
    } catch {
      throw createInterruptedError();
    }
  }

  private toFinalError(
    error: unknown,
    operation: string,
    safeToResend: boolean,
    anOutcomeWasUnknown: boolean,
  ): KiliSyncError {
    if (error instanceof KiliSyncError) return error;
    if (!(error instanceof AttemptFailure)) {
      const message = error instanceof Error ? error.message : String(error);
      return new KiliSyncError('internal', `${operation}: ${redactSecret(message, this.apiKey)}`, {
        cause: error,
      });
    }
    return createFinalError(error.failure, operation, this.retries + 1, {
      cause: error.cause,
      safeToResend,
      anOutcomeWasUnknown,
    });
  }

  private describe(document: string): DocumentInfo {
    const known = this.documents.get(document);
    if (known) return known;
    const info = describeDocument(document);
    this.documents.set(document, info);
    return info;
  }
}

/**
 * A signal of our own that follows the caller's: every waiting retry and queued call may listen
 * to it, so it can have many listeners without Node warning about a leak on the caller's signal.
 */
function linkSignal(signal: AbortSignal | undefined): AbortSignal | undefined {
  if (!signal) return undefined;
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}
