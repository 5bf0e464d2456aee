import { ClientError } from 'graphql-request';
import { describe, expect, it } from 'vitest';
import { KiliSyncError } from '../../src/errors.js';
import {
  AssetsDocument,
  CreateUploadBucketSignedUrlsDocument,
} from '../../src/graphql/generated.js';
import { describeDocument } from '../../src/kili/client.js';
import {
  classifyFailure,
  classifyHttpStatus,
  createFinalError,
  HttpStatusError,
  mayHaveRun,
  OutcomeUnknownError,
} from '../../src/kili/client-errors.js';
import { redactSecret } from '../../src/kili/redact-secret.js';

const KEY = 'sekret-key-5f3a9c';
const context = {
  endpoint: 'http://127.0.0.1:4000/api/label/v2/graphql',
  operation: 'appendManyAssets',
  apiKey: KEY,
  timeoutMs: 60_000,
};

function clientError(
  status: number,
  options: { errors?: Array<{ message: string }>; headers?: Record<string, string> } = {},
) {
  return new ClientError(
    {
      status,
      headers: new Headers(options.headers ?? {}),
      body: '',
      ...(options.errors ? { errors: options.errors as never } : {}),
    },
    // The raw error embeds the request: a message built from it would leak the variables.
    { query: 'mutation { x }', variables: { apiKey: KEY, secretVariable: 'do-not-print' } },
  );
}

describe('classifyHttpStatus', () => {
  it('tells "not executed" from "outcome unknown" and from not retryable', () => {
    expect(classifyHttpStatus(429)).toBe('not-executed');
    expect(classifyHttpStatus(503)).toBe('not-executed');
    for (const status of [502, 504, 520, 521, 522]) {
      expect(classifyHttpStatus(status)).toBe('outcome-unknown');
    }
    for (const status of [200, 400, 401, 404, 500, 523]) {
      expect(classifyHttpStatus(status)).toBeUndefined();
    }
  });
});

describe('classifyFailure', () => {
  it('retries 429/503 as not executed, with the server Retry-After', () => {
    const failure = classifyFailure(clientError(429, { headers: { 'retry-after': '2' } }), context);
    expect(failure).toMatchObject({ kind: 'not-executed', status: 429, retryAfterMs: 2000 });
    expect(classifyFailure(clientError(503), context)).toMatchObject({
      kind: 'not-executed',
      status: 503,
    });
  });

  it('treats gateway errors, timeouts and dropped connections as outcome unknown', () => {
    expect(classifyFailure(clientError(502), context).kind).toBe('outcome-unknown');
    expect(classifyFailure(new HttpStatusError(504, new Headers()), context).kind).toBe(
      'outcome-unknown',
    );
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifyFailure(timeout, context)).toMatchObject({ kind: 'outcome-unknown' });
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const dropped = classifyFailure(new TypeError('fetch failed', { cause: socket }), context);
    expect(dropped).toMatchObject({ kind: 'outcome-unknown', reason: 'connection dropped' });
  });

  it('fails at once, without retrying, on a refused connection', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const failure = classifyFailure(new TypeError('fetch failed', { cause: refused }), context);
    expect(failure.kind).toBe('fatal');
    expect(failure.error?.code).toBe('NETWORK');
  });

  it('retries a refused connection once the server has answered before (a restart)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const failure = classifyFailure(new TypeError('fetch failed', { cause: refused }), {
      ...context,
      connected: true,
    });
    expect(failure).toMatchObject({ kind: 'not-executed', reason: 'connection refused' });
  });

  it('turns a 401 into AUTH naming the endpoint, never the key', () => {
    const failure = classifyFailure(
      clientError(401, { errors: [{ message: `[invalidApiKey] bad key ${KEY}` }] }),
      context,
    );
    expect(failure.kind).toBe('fatal');
    expect(failure.error?.code).toBe('AUTH');
    expect(failure.error?.message).toBe(`the API key was refused by ${context.endpoint}`);
    expect(failure.error?.hint).toMatch(/KILI_API_KEY/);
  });

  it('wraps GraphQL errors with the server message only, and redacts the key', () => {
    const failure = classifyFailure(
      clientError(200, {
        errors: [{ message: `[noAccessRights] key ${KEY} cannot write` }, { message: 'second' }],
      }),
      context,
    );
    expect(failure.kind).toBe('fatal');
    const error = failure.error!;
    expect(error.code).toBe('API');
    expect(error.message).toBe('appendManyAssets: [noAccessRights] key *** cannot write');
    expect(error.details).toEqual(['second']);
    const everything = [error.message, error.hint, ...error.details].join('\n');
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain('do-not-print');
  });

  it('reports other HTTP statuses as API errors without the raw request', () => {
    const failure = classifyFailure(clientError(404), context);
    expect(failure.error?.code).toBe('API');
    expect(failure.error?.message).toContain('HTTP 404');
    expect(failure.error?.message).not.toContain('do-not-print');
    expect(failure.error?.hint).toMatch(/endpoint/);
  });

  it('passes KiliSyncErrors through unchanged', () => {
    const original = new KiliSyncError('interrupted', 'interrupted');
    expect(classifyFailure(original, context).error).toBe(original);
  });
});

describe('OutcomeUnknownError', () => {
  it('is a NETWORK KiliSyncError naming the operation', () => {
    const error = new OutcomeUnknownError('appendManyAssets', 'connection dropped');
    expect(error).toBeInstanceOf(KiliSyncError);
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain('appendManyAssets');
  });
});

describe('redactSecret', () => {
  it('removes every occurrence', () => {
    expect(redactSecret(`a ${KEY} b ${KEY}`, KEY)).toBe('a *** b ***');
    expect(redactSecret('nothing', '')).toBe('nothing');
  });
});

describe('describeDocument', () => {
  it('names the root field, not its alias', () => {
    expect(describeDocument(AssetsDocument.toString())).toEqual({
      operation: 'assets',
      isMutation: false,
    });
    expect(describeDocument(CreateUploadBucketSignedUrlsDocument.toString()).operation).toBe(
      'createUploadBucketSignedUrls',
    );
    expect(
      describeDocument(
        'mutation($where: AssetWhere!) { data: deleteManyFromDataset(where: $where) { id } }',
      ),
    ).toEqual({ operation: 'deleteManyFromDataset', isMutation: true });
  });
});

describe('createFinalError', () => {
  it('names the last status once retries are exhausted', () => {
    const limited = createFinalError(
      { kind: 'not-executed', reason: 'HTTP 429', status: 429 },
      'assets',
      9,
    );
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.message).toBe('assets: Kili kept refusing requests (HTTP 429) after 9 attempts');
    const unavailable = createFinalError(
      { kind: 'not-executed', reason: 'HTTP 503', status: 503 },
      'assets',
      9,
    );
    expect(unavailable.code).toBe('NETWORK');
    expect(unavailable.message).toContain('HTTP 503');
    const unknown = createFinalError(
      { kind: 'outcome-unknown', reason: 'connection dropped' },
      'appendManyAssets',
      1,
    );
    expect(unknown).toBeInstanceOf(OutcomeUnknownError);
    const read = createFinalError(
      { kind: 'outcome-unknown', reason: 'connection dropped' },
      'assets',
      9,
      {
        safeToResend: true,
      },
    );
    expect(read).not.toBeInstanceOf(OutcomeUnknownError);
    expect(read.code).toBe('NETWORK');
    expect(read.message).toBe('assets: Kili was unavailable (connection dropped) after 9 attempts');
  });

  it('tells whether a call that failed for good may still have run', () => {
    const refused = { kind: 'not-executed', reason: 'HTTP 503', status: 503 } as const;
    const unanswered = { kind: 'outcome-unknown', reason: 'connection dropped' } as const;
    const update = 'updatePropertiesInAssets';
    expect(mayHaveRun(createFinalError(refused, update, 9, { safeToResend: true }))).toBe(false);
    expect(mayHaveRun(createFinalError(unanswered, update, 9, { safeToResend: true }))).toBe(true);
    // A dropped answer, then refusals: the dropped attempt may have run.
    const afterDrop = createFinalError(refused, update, 9, {
      safeToResend: true,
      anOutcomeWasUnknown: true,
    });
    expect(mayHaveRun(afterDrop)).toBe(true);
    expect(mayHaveRun(createFinalError(unanswered, 'appendManyAssets', 1))).toBe(true);
    expect(
      mayHaveRun(new KiliSyncError('kili-refused', 'appendManyAssets: [invalidInput] no')),
    ).toBe(false);
  });
});
