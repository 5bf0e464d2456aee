import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@kili-sync/emulator';
import { createId } from '@paralleldrive/cuid2';
import { afterEach, describe, expect, it } from 'vitest';
import { isKiliSyncError, type KiliSyncError } from '../../src/errors.js';
import { AssetsDocument, CountAssetsDocument } from '../../src/graphql/generated.js';
import { type ClientEvent, KiliClient, OutcomeUnknownError } from '../../src/kili/client.js';
import { readAssetsByIds, readProjectState } from '../../src/kili/read-assets.js';
import { readProject } from '../../src/kili/read-project.js';
import { renderError } from '../../src/render/render-error.js';
import {
  API_KEY,
  createSequence,
  type KiliFixture,
  makeAssets,
  startKiliFixture,
} from './kili-fixture.js';

const APPEND = `mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }`;

let fixture: KiliFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function failure(promise: Promise<unknown>): Promise<KiliSyncError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isKiliSyncError(error)) throw new Error(`expected a KiliSyncError, got ${String(error)}`);
  return error;
}

function everyText(error: KiliSyncError): string {
  return [renderError(error, false), error.message, error.hint ?? '', ...error.details].join('\n');
}

describe('KiliClient against the emulator', () => {
  it('turns a refused key into AUTH without the key in any text, and does not retry', async () => {
    fixture = await startKiliFixture();
    const badKey = 'wrong-Secret-key-4c8e1f';
    const client = fixture.createClient({ apiKey: badKey });
    const error = await failure(readProject(client, 'clproject0000000000000000'));
    expect(error.code).toBe('AUTH');
    expect(error.message).toBe(`the API key was refused by ${fixture.emulator.graphqlUrl}`);
    expect(everyText(error)).not.toContain(badKey);
    expect(client.stats()).toMatchObject({ requests: 1, retries: 0 });
  });

  it('wraps GraphQL errors with the server message only and does not retry them', async () => {
    fixture = await startKiliFixture();
    const projectId = await fixture.createProject('Cats');
    const client = fixture.createClient();
    await fixture.resetStats();
    const error = await failure(
      client.request(AssetsDocument, {
        where: { project: { id: projectId }, externalIdStrictlyIn: ['secret-variable-value'] },
        first: 1000,
        skip: 0,
      }),
    );
    expect(error.code).toBe('API');
    expect(error.message).toMatch(/^assets: /);
    const text = everyText(error);
    expect(text).not.toContain('secret-variable-value');
    expect(text).not.toContain(API_KEY);
    expect(client.stats()).toMatchObject({ requests: 1, retries: 0 });
  });

  it('retries 503 and 429 answers until the read succeeds', async () => {
    // Per call: fail with 503, pass, fail with 429 (Retry-After: 1), pass, pass, then again.
    fixture = await startKiliFixture({
      failRate: 0.5,
      random: createSequence([0.1, 0.2, 0.9, 0.1, 0.7, 0.9, 0.9]),
    });
    const projectId = await fixture.createProject('Flaky');
    await fixture.appendAssets(projectId, makeAssets(250));
    const events: ClientEvent[] = [];
    const client = fixture.createClient({ onEvent: (event) => events.push(event) });
    const project = await readProject(client, projectId);
    const state = await readProjectState(client, project, { prune: true });
    expect(state.assets).toHaveLength(250);
    expect(new Set(state.assets.map((asset) => asset.id)).size).toBe(250);
    const { retries, requests } = client.stats();
    expect(retries).toBeGreaterThan(0);
    expect(events).toHaveLength(retries);
    expect(events.some((event) => event.kind === 'rate-limited')).toBe(true);
    // Every 429 here carries Retry-After: 1, the minimum wait before trying again.
    for (const event of events.filter((event) => event.kind === 'rate-limited')) {
      expect(event.delayMs).toBeGreaterThanOrEqual(1000);
    }
    expect(requests).toBe(1 + 2 + 3 + retries);
  });

  it('gives up after the configured retries with RATE_LIMITED or NETWORK', async () => {
    fixture = await startKiliFixture({ failRate: 1, random: createSequence([0.1, 0.2]) });
    const client = fixture.createClient({ retries: 2 });
    const error = await failure(client.request(CountAssetsDocument, { where: {} }));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain('HTTP 503');
    expect(client.stats()).toMatchObject({ requests: 3, retries: 2 });
  });

  it('throws OutcomeUnknownError when a dropped append must not be resent', async () => {
    let armed = false;
    fixture = await startKiliFixture({
      dropRate: 0.5,
      random: () => {
        if (!armed) return 0.9;
        armed = false;
        return 0.1;
      },
    });
    const projectId = await fixture.createProject('Dropped');
    const client = fixture.createClient();
    const id = createId();
    armed = true;
    const error = await failure(
      client.request(
        APPEND,
        {
          data: {
            contentArray: ['https://cdn.example.com/1.jpg'],
            externalIDArray: ['one'],
            idArray: [id],
            isHoneypotArray: [false],
            jsonContentArray: [''],
            jsonMetadataArray: ['{}'],
          },
          where: { id: projectId },
        },
        { retryUnknownOutcome: false },
      ),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.code).toBe('NETWORK');
    expect(client.stats()).toMatchObject({ requests: 1, retries: 0 });
    // The emulator executed it before dropping the connection: checking, not resending, is right.
    const found = await readAssetsByIds(client, projectId, [id]);
    expect(found.map((asset) => asset.externalId)).toEqual(['one']);
    expect((await fixture.stats()).requests.appendManyAssets).toBe(1);
  });

  it('resends a read whose connection was dropped', async () => {
    let armed = false;
    fixture = await startKiliFixture({
      dropRate: 0.5,
      random: () => {
        if (!armed) return 0.9;
        armed = false;
        return 0.1;
      },
    });
    const projectId = await fixture.createProject('Dropped read');
    const client = fixture.createClient();
    armed = true;
    const result = await client.request(CountAssetsDocument, {
      where: { project: { id: projectId } },
    });
    expect(result.data).toBe(0);
    expect(client.stats()).toMatchObject({ requests: 2, retries: 1 });
  });

  it('reports a read that keeps timing out as unavailable: resending a read is safe', async () => {
    fixture = await startKiliFixture({ latencyMs: 400 });
    const client = fixture.createClient({ timeoutMs: 50, retries: 1 });
    const error = await failure(client.request(CountAssetsDocument, { where: {} }));
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ code: 'NETWORK' });
    expect(error.message).toContain('no answer within 0.05 s');
    expect(client.stats()).toMatchObject({ requests: 2, retries: 1 });
  });

  it('paces calls under the server rate limit: no 429 with 600/min on both sides', async () => {
    fixture = await startKiliFixture({ rateLimitPerMinute: 600 });
    const client = fixture.createClient({ rateLimitPerMinute: 600, concurrency: 4 });
    const calls = Array.from({ length: 30 }, () =>
      client.request(CountAssetsDocument, { where: {} }),
    );
    await Promise.all(calls);
    const stats = await fixture.stats();
    expect(stats.faults.rateLimited).toBe(0);
    expect(stats.requests.countAssets).toBe(30);
    expect(client.stats()).toMatchObject({ requests: 30, retries: 0 });
  });

  it('queues many calls on one Ctrl-C signal without a listener-leak warning', async () => {
    fixture = await startKiliFixture();
    const projectId = await fixture.createProject('Many');
    const ids = await fixture.appendAssets(projectId, makeAssets(1200));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const client = fixture.createClient({ signal: new AbortController().signal });
      const assets = await readAssetsByIds(client, projectId, ids);
      expect(assets).toHaveLength(1200);
      expect(client.stats().byOperation).toEqual({ assets: 12 });
      // Process warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('on Ctrl-C lets a started mutation finish and stops reads and queued calls', async () => {
    fixture = await startKiliFixture({ latencyMs: 300 });
    const projectId = await fixture.createProject('Interrupted');
    const controller = new AbortController();
    const client = fixture.createClient({ signal: controller.signal, concurrency: 2 });
    const id = createId();
    const append = client.request<{ data: Array<{ id: string }> }>(
      APPEND,
      {
        data: {
          contentArray: [''],
          externalIDArray: ['kept'],
          idArray: [id],
          isHoneypotArray: [false],
          jsonContentArray: [''],
          jsonMetadataArray: ['{}'],
        },
        where: { id: projectId },
      },
      { retryUnknownOutcome: false },
    );
    const read = failure(client.request(CountAssetsDocument, { where: {} }));
    const queued = failure(client.request(CountAssetsDocument, { where: {} }));
    while (client.stats().requests < 2) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const later = failure(client.request(CountAssetsDocument, { where: {} }));

    expect((await append).data.map((asset) => asset.id)).toEqual([id]);
    expect((await read).code).toBe('INTERRUPTED');
    expect((await queued).code).toBe('INTERRUPTED');
    expect((await later).code).toBe('INTERRUPTED');
    expect(client.stats().requests).toBe(2);
  });

  it('fails at once with its own message when fetch refuses to send the request', async () => {
    fixture = await startKiliFixture();
    // Retries that do not wait: a local error resent nine times would still show in the stats.
    const patient = { retries: 8, minRetryDelayMs: 1, maxRetryDelayMs: 2 };
    const accentedKey = 'key-Secret-caf\u00e9-\u20ac';
    const keyError = await failure(
      fixture.createClient({ ...patient, apiKey: accentedKey }).request(CountAssetsDocument, {
        where: {},
      }),
    );
    expect(keyError.code).toBe('AUTH');
    expect(keyError.message).toBe(
      'the API key cannot be sent: it contains a character that is not allowed in an HTTP header',
    );
    expect(everyText(keyError)).not.toContain(accentedKey);
    const lineBreakKey = 'key-Secret\nsecond-line';
    const lineBreakError = await failure(
      fixture.createClient({ ...patient, apiKey: lineBreakKey }).request(CountAssetsDocument, {
        where: {},
      }),
    );
    expect(lineBreakError.code).toBe('AUTH');
    expect(everyText(lineBreakError)).not.toContain(lineBreakKey);

    const blockedPort = fixture.createClient({
      ...patient,
      endpoint: 'http://127.0.0.1:6000/api/label/v2/graphql',
    });
    const portError = await failure(blockedPort.request(CountAssetsDocument, { where: {} }));
    expect(portError.code).toBe('USAGE');
    expect(portError.message).toBe(
      'cannot connect to http://127.0.0.1:6000/api/label/v2/graphql: fetch refuses to connect to port 6000',
    );
    expect(blockedPort.stats()).toMatchObject({ requests: 1, retries: 0 });

    const withCredentials = fixture.createClient({
      ...patient,
      endpoint: fixture.emulator.graphqlUrl.replace('http://', 'http://user:pa55word@'),
    });
    const credentialsError = await failure(
      withCredentials.request(CountAssetsDocument, { where: {} }),
    );
    expect(credentialsError.code).toBe('USAGE');
    expect(everyText(credentialsError)).not.toContain('pa55word');
    expect(withCredentials.stats()).toMatchObject({ requests: 1, retries: 0 });
    expect((await fixture.stats()).requests).toEqual({});
  });

  it('sends nothing once interrupted', async () => {
    fixture = await startKiliFixture();
    const controller = new AbortController();
    controller.abort();
    const client = fixture.createClient({ signal: controller.signal });
    const error = await failure(client.request(CountAssetsDocument, { where: {} }));
    expect(error.code).toBe('INTERRUPTED');
    expect(error.exitCode).toBe(130);
    expect(client.stats().requests).toBe(0);
    expect((await fixture.stats()).requests).toEqual({});
  });
});

describe('KiliClient across a server restart', () => {
  it('resends a read refused while the server restarts, once it has answered before', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'kili-sync-restart-'));
    const db = join(folder, 'kili.sqlite');
    let emulator = await startEmulator({ port: 0, db, apiKey: API_KEY });
    const port = Number(new URL(emulator.url).port);
    let refused!: () => void;
    const firstRefusal = new Promise<void>((resolve) => {
      refused = resolve;
    });
    const client = new KiliClient({
      endpoint: emulator.graphqlUrl,
      apiKey: API_KEY,
      minRetryDelayMs: 50,
      maxRetryDelayMs: 200,
      retries: 40,
      onEvent: (event) => {
        if (event.reason === 'connection refused') refused();
      },
    });
    try {
      await client.request(CountAssetsDocument, { where: {} });
      await emulator.close();
      const read = client.request(CountAssetsDocument, { where: {} });
      // Restart only once the client has met the closed port, so the resend is what is tested.
      await Promise.race([firstRefusal, read]);
      emulator = await startEmulator({ port, db, apiKey: API_KEY });
      expect((await read).data).toBe(0);
    } finally {
      await emulator.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('KiliClient uploads', () => {
  /** A bucket stand-in that answers every PUT and keeps the Authorization header it was sent. */
  async function startBucket(): Promise<{
    origin: string;
    seen: (string | undefined)[];
    close: () => Promise<void>;
  }> {
    const seen: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      request.resume().on('end', () => response.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    return { origin: `http://127.0.0.1:${port}`, seen, close };
  }

  it('sends the API key to a URL under the Kili endpoint, and not to one that only starts like it', async () => {
    const bucket = await startBucket();
    try {
      // The endpoint's origin (port 80) is a prefix of the bucket's (port N): another server.
      const elsewhere = new KiliClient({ endpoint: 'http://127.0.0.1/graphql', apiKey: API_KEY });
      await elsewhere.uploadFile(
        `${bucket.origin}/upload?sig=1`,
        new Uint8Array([1]),
        'text/plain',
      );
      const own = new KiliClient({ endpoint: `${bucket.origin}/graphql`, apiKey: API_KEY });
      await own.uploadFile(`${bucket.origin}/files?sig=1`, new Uint8Array([1]), 'text/plain');
      expect(bucket.seen).toEqual([undefined, `X-API-Key: ${API_KEY}`]);
    } finally {
      await bucket.close();
    }
  });
});
