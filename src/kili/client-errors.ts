import { ClientError } from 'graphql-request';
import { KiliSyncError } from '../errors.js';
import type { ClassifiedFailure, FailureContext } from './classified-failure.js';
import { classifyLocalFailure } from './client-local-errors.js';
import { redactSecret } from './redact-secret.js';
import { parseRetryAfter } from './retry-after.js';

/** The call may or may not have taken effect; check the server's state before resending. */
export class OutcomeUnknownError extends KiliSyncError {
  readonly operation: string;
  readonly reason: string;

  constructor(operation: string, reason: string, options: { cause?: unknown } = {}) {
    super(
      'outcome-unknown',
      `${operation}: no answer from Kili (${reason}); it may or may not have run`,
      {
        cause: options.cause,
      },
    );
    this.name = 'OutcomeUnknownError';
    this.operation = operation;
    this.reason = reason;
  }
}

/**
 * Kili stayed unavailable through every retry of a call that is safe to resend. `mayHaveRun`
 * tells whether one of the attempts got no answer (dropped, timed out): that attempt may have
 * taken effect, so a write that failed this way is worth reading back before it is reported.
 */
export class UnavailableError extends KiliSyncError {
  readonly mayHaveRun: boolean;

  constructor(message: string, options: { mayHaveRun: boolean; cause?: unknown }) {
    super('kili-unavailable', message, { cause: options.cause });
    this.name = 'UnavailableError';
    this.mayHaveRun = options.mayHaveRun;
  }
}

/** Whether a failed call may nevertheless have taken effect on the server. */
export function mayHaveRun(error: unknown): boolean {
  return (
    error instanceof OutcomeUnknownError || (error instanceof UnavailableError && error.mayHaveRun)
  );
}

const NOT_EXECUTED_STATUSES = new Set([429, 503]);
const OUTCOME_UNKNOWN_STATUSES = new Set([502, 504, 520, 521, 522]);

/** Retry class of an HTTP status, or undefined when the status is not worth retrying. */
export function classifyHttpStatus(status: number): 'not-executed' | 'outcome-unknown' | undefined {
  if (NOT_EXECUTED_STATUSES.has(status)) return 'not-executed';
  if (OUTCOME_UNKNOWN_STATUSES.has(status)) return 'outcome-unknown';
  return undefined;
}

/** The error for a run that was interrupted (Ctrl-C) before a call could start. */
export function createInterruptedError(): KiliSyncError {
  return new KiliSyncError('interrupted', 'interrupted: no new requests were sent');
}

/**
 * The error thrown once a call has failed for good: the fatal error itself, an
 * {@link OutcomeUnknownError} when the last attempt's outcome is unknown and resending it is
 * not safe (a mutation that creates or deletes), else RATE_LIMITED (HTTP 429) or NETWORK after
 * `attempts` tries.
 */
export function createFinalError(
  failure: ClassifiedFailure,
  operation: string,
  attempts: number,
  options: { cause?: unknown; safeToResend?: boolean; anOutcomeWasUnknown?: boolean } = {},
): KiliSyncError {
  if (failure.kind === 'fatal') return failure.error ?? createInterruptedError();
  if (failure.kind === 'outcome-unknown' && !options.safeToResend) {
    return new OutcomeUnknownError(operation, failure.reason, { cause: options.cause });
  }
  if (failure.status === 429) {
    return new KiliSyncError(
      'rate-limited',
      `${operation}: Kili kept refusing requests (HTTP 429) after ${attempts} attempts`,
    );
  }
  return new UnavailableError(
    `${operation}: Kili was unavailable (${failure.reason}) after ${attempts} attempts`,
    {
      mayHaveRun: options.anOutcomeWasUnknown === true || failure.kind === 'outcome-unknown',
      cause: options.cause,
    },
  );
}

/**
 * Sorts any failure of one GraphQL or upload call into a {@link ClassifiedFailure}. The raw
 * `ClientError` text embeds the request and its variables, so it is never used in a message.
 */
export function classifyFailure(error: unknown, context: FailureContext): ClassifiedFailure {
  if (error instanceof KiliSyncError) return { kind: 'fatal', reason: error.message, error };
  if (error instanceof ClientError) return classifyClientError(error, context);
  if (error instanceof HttpStatusError) {
    return classifyStatus(error.status, error.headers, undefined, context);
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return { kind: 'outcome-unknown', reason: `no answer within ${context.timeoutMs / 1000} s` };
  }
  if (name === 'AbortError')
    return { kind: 'fatal', reason: 'interrupted', error: createInterruptedError() };
  const code = findErrorCode(error);
  // A refused connection never reached the server, so resending is safe once it has answered
  // before (it is restarting); at the first call it means a wrong endpoint: fail at once.
  if (code === 'ECONNREFUSED' && context.connected) {
    return { kind: 'not-executed', reason: 'connection refused' };
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
    const what = code === 'ECONNREFUSED' ? 'connection refused' : 'unknown host';
    return {
      kind: 'fatal',
      reason: what,
      error: new KiliSyncError(
        'cannot-connect',
        `cannot connect to ${context.endpoint} (${what})`,
        {
          cause: error,
        },
      ),
    };
  }
  // Network failures carry a code somewhere in their chain (ECONNRESET, UND_ERR_SOCKET…); a
  // TypeError without one is fetch refusing the request itself, which no retry can change.
  if (code !== undefined) {
    return { kind: 'outcome-unknown', reason: describeNetworkError(error, code, context.apiKey) };
  }
  if (error instanceof TypeError) return classifyLocalFailure(error, context);
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'fatal',
    reason: 'unexpected answer',
    error: new KiliSyncError(
      'not-a-kili-api',
      `${context.operation}: unexpected answer from ${context.endpoint}: ${redactSecret(firstLine(message), context.apiKey)}`,
      { cause: error },
    ),
  };
}

/** A non-2xx answer to a plain HTTP call (uploads), carrying what retries need. */
export class HttpStatusError extends Error {
  readonly status: number;
  readonly headers: Headers;

  constructor(status: number, headers: Headers) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
    this.status = status;
    this.headers = headers;
  }
}

function classifyClientError(error: ClientError, context: FailureContext): ClassifiedFailure {
  const { status, headers, errors } = error.response;
  const messages = (errors ?? [])
    .map((entry) => (typeof entry?.message === 'string' ? entry.message : ''))
    .filter((message) => message !== '');
  return classifyStatus(status, headers as Headers | undefined, messages, context);
}

function classifyStatus(
  status: number,
  headers: Headers | undefined,
  graphqlMessages: string[] | undefined,
  context: FailureContext,
): ClassifiedFailure {
  const retryClass = classifyHttpStatus(status);
  if (retryClass) {
    const retryAfterMs = parseRetryAfter(headers?.get?.('retry-after'));
    return { kind: retryClass, reason: `HTTP ${status}`, status, retryAfterMs };
  }
  if (status === 401 || status === 403) {
    const refused = `the API key was refused by ${context.endpoint}`;
    return fatalAnswer(`HTTP ${status}`, status, new KiliSyncError('api-key-refused', refused));
  }
  if (graphqlMessages && graphqlMessages.length > 0) {
    const [first, ...others] = graphqlMessages.map((message) =>
      redactSecret(message, context.apiKey),
    );
    const error = new KiliSyncError('kili-refused', `${context.operation}: ${first}`, {
      details: others,
      hint: hintForServerMessage(first ?? ''),
    });
    return fatalAnswer('GraphQL error', status, error);
  }
  const hint =
    status === 404 || status === 405
      ? 'check --endpoint or KILI_API_ENDPOINT: it must be the GraphQL URL (…/api/label/v2/graphql)'
      : 'the server failed; try again later';
  const message = `${context.operation}: ${context.endpoint} answered HTTP ${status}`;
  return fatalAnswer(
    `HTTP ${status}`,
    status,
    new KiliSyncError('kili-refused', message, { hint }),
  );
}

/** An HTTP answer that resending will not change. */
function fatalAnswer(reason: string, status: number, error: KiliSyncError): ClassifiedFailure {
  return { kind: 'fatal', reason, status, error };
}

function hintForServerMessage(message: string): string {
  if (/noAccessRights|access/i.test(message)) {
    return 'check that this API key belongs to a member of the project';
  }
  if (/Variable|invalid value|not defined by type|Cannot query field/i.test(message)) {
    return 'this Kili server does not accept the request kili-sync sent; check --endpoint';
  }
  return 'Kili refused the request; the message above is the server’s';
}

function findErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function describeNetworkError(error: unknown, code: string | undefined, apiKey: string): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const text = cause?.message ?? (error instanceof Error ? error.message : String(error));
  if (/other side closed|socket hang up|ECONNRESET|terminated/i.test(text)) {
    return 'connection dropped';
  }
  const described = `network error: ${firstLine(text)}`;
  return redactSecret(
    code && !described.includes(code) ? `${described} (${code})` : described,
    apiKey,
  );
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
