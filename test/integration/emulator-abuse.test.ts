import type { RunningEmulator } from '@kili-sync/emulator';
import { QUERY_LIMITS } from '@kili-sync/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  fetchStats,
  OPS,
  postGraphql,
  resetStats,
  startTestEmulator,
} from './emulator-support.js';

const MAX_REQUEST_BYTES = 64 * 1024;

interface ErrorBody {
  data?: unknown;
  errors: { message: string; extensions?: { code?: string } }[];
}

describe('emulator: stays up and guarded under abuse', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator({ maxRequestBytes: MAX_REQUEST_BYTES });
  });
  afterAll(() => emulator.close());

  it('answers 413 to an oversized body with a valid key, then keeps serving', async () => {
    const body = JSON.stringify({ query: OPS.viewer, variables: { pad: 'x'.repeat(1024 * 1024) } });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(emulator.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `X-API-Key: ${API_KEY}` },
        body,
      });
      expect(response.status).toBe(413);
      const answer = (await response.json()) as ErrorBody;
      expect(answer.errors[0]?.extensions?.code).toBe('payloadTooLarge');
    }
    const small = await postGraphql(emulator, OPS.viewer);
    expect(small.status).toBe(200);
  });

  it('refuses the stats and their reset without the API key', async () => {
    const statsUrl = `${emulator.url}/api/label/v2/_emulator/stats`;
    const wrongKey = { authorization: 'X-API-Key: not-the-key' };
    expect((await fetch(statsUrl)).status).toBe(401);
    expect((await fetch(statsUrl, { headers: wrongKey })).status).toBe(401);
    expect((await fetch(`${statsUrl}/reset`, { method: 'POST' })).status).toBe(401);
    expect((await resetStats(emulator, 'not-the-key')).status).toBe(401);

    await postGraphql(emulator, OPS.viewer);
    expect((await fetchStats(emulator)).requests.viewer).toBeGreaterThan(0);
    expect((await resetStats(emulator)).status).toBe(200);
    expect((await fetchStats(emulator)).requests).toEqual({});
  });

  it('refuses a document nested deeper than the limit, with a coded GraphQL error', async () => {
    const nest = (levels: number) => {
      let selection = 'name';
      for (let level = 0; level < levels; level += 1) selection = `ofType { ${selection} }`;
      return `{ __type(name: "Asset") { fields { type { ${selection} } } } }`;
    };
    // __type, fields and type are levels 1-3, each ofType one more, and the innermost `name` one.
    const atLimit = await postGraphql(emulator, nest(QUERY_LIMITS.maxDepth - 4));
    expect(((await atLimit.json()) as ErrorBody).errors).toBeUndefined();

    const tooDeep = await postGraphql(emulator, nest(QUERY_LIMITS.maxDepth - 3));
    const answer = (await tooDeep.json()) as ErrorBody;
    expect(answer.data).toBeNull();
    expect(answer.errors[0]?.extensions?.code).toBe('queryTooComplex');
    expect(answer.errors[0]?.message).toMatch(/^\[queryTooComplex\] .*depth/);
  });

  it('still answers the introspection query the SDK sends at start-up', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const query = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true });
    const response = await postGraphql(emulator, query);
    const answer = (await response.json()) as { data: { __schema: unknown } | null };
    expect(answer.data?.__schema).toBeDefined();
  });

  it('refuses a document with more aliases than the limit', async () => {
    const aliased = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `a${index}: viewer { id }`).join(' ')} }`;
    const atLimit = await postGraphql(emulator, aliased(QUERY_LIMITS.maxAliases));
    expect(((await atLimit.json()) as ErrorBody).errors).toBeUndefined();

    const tooMany = await postGraphql(emulator, aliased(QUERY_LIMITS.maxAliases + 1));
    const answer = (await tooMany.json()) as ErrorBody;
    expect(answer.errors[0]?.extensions?.code).toBe('queryTooComplex');
    expect(answer.errors[0]?.message).toMatch(/alias/i);
  });
});

describe('emulator: warns when it listens beyond loopback', () => {
  let running: RunningEmulator | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('warns for 0.0.0.0 and not for 127.0.0.1', async () => {
    const warnings: string[] = [];
    running = await startTestEmulator({ host: '0.0.0.0', warn: (line) => warnings.push(line) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('0.0.0.0');
    expect(warnings[0]).toContain('--host 127.0.0.1');
    await running.close();

    running = await startTestEmulator({ host: '127.0.0.1', warn: (line) => warnings.push(line) });
    expect(warnings).toHaveLength(1);
  });
});
