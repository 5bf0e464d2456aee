import type { RunningEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  createClient,
  createKili,
  fetchStats,
  OPS,
  postGraphql,
  resetStats,
  startTestEmulator,
} from './emulator-support.js';

describe('emulator: HTTP surface (auth, uploads, stats, version)', () => {
  let emulator: RunningEmulator;
  let kili: ReturnType<typeof createKili>;
  let client: ReturnType<typeof createClient>;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = createClient(emulator);
    kili = createKili(client);
  });
  afterAll(() => emulator.close());

  it('answers 401 with a JSON error without a key, with a wrong key, or a wrong header format', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'X-API-Key: wrong-key' },
      { authorization: `Bearer ${API_KEY}` },
      { 'x-api-key': API_KEY },
    ];
    for (const headers of attempts) {
      const response = await fetch(emulator.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: OPS.viewer }),
      });
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text).errors[0].message).toMatch(/^\[unauthorized\] /);
      expect(text).not.toContain(API_KEY);
    }
    const ok = await postGraphql(emulator, OPS.viewer);
    expect(ok.status).toBe(200);
  });

  it('serves the version and GraphiQL', async () => {
    const version = await fetch(`${emulator.url}/api/label/v2/version`);
    expect(version.status).toBe(200);
    expect(typeof ((await version.json()) as { version: unknown }).version).toBe('string');
    const graphiql = await fetch(emulator.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('<html');
  });

  it('round-trips an upload through a signed URL cut before &id=', async () => {
    const path = 'projects/p1/assets/cabc/content';
    const { urls } = await client.request<{ urls: string[] }>(OPS.signedUrls, {
      filePaths: [path, 'projects/p1/assets/cdef/content'],
    });
    expect(urls).toHaveLength(2);
    const signedUrl = urls[0]!;
    expect(signedUrl.startsWith(`${emulator.url}/api/label/v2/files?signature=`)).toBe(true);
    expect(signedUrl.endsWith(`&id=${encodeURIComponent(path)}`)).toBe(true);
    expect(urls[1]).not.toBe(signedUrl);

    const bytes = new Uint8Array([137, 80, 78, 71, 0, 1, 2, 255]);
    const put = await fetch(signedUrl.split('&id=')[0]!, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: bytes,
    });
    expect(put.status).toBe(200);

    const bySignedUrl = await fetch(signedUrl);
    expect(bySignedUrl.status).toBe(200);
    expect(bySignedUrl.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await bySignedUrl.arrayBuffer())).toEqual(bytes);

    const byId = await fetch(`${emulator.url}/api/label/v2/files?id=${encodeURIComponent(path)}`, {
      headers: { authorization: `X-API-Key: ${API_KEY}` },
    });
    expect(new Uint8Array(await byId.arrayBuffer())).toEqual(bytes);

    const anonymous = await fetch(
      `${emulator.url}/api/label/v2/files?id=${encodeURIComponent(path)}`,
    );
    expect(anonymous.status).toBe(403);
    // The signed URL an asset keeps as its content reads: without the key it cannot overwrite.
    const overwrite = await fetch(signedUrl.split('&id=')[0]!, { method: 'PUT', body: 'evil' });
    expect(overwrite.status).toBe(403);
    const again = await fetch(signedUrl, { method: 'PUT', body: 'evil' });
    expect(again.status).toBe(403);
    expect(new Uint8Array(await (await fetch(signedUrl)).arrayBuffer())).toEqual(bytes);
    // An upload retried after its answer was lost sends the same bytes: accepted.
    const retried = await fetch(signedUrl.split('&id=')[0]!, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: bytes,
    });
    expect(retried.status).toBe(200);
    const forged = await fetch(`${emulator.url}/api/label/v2/files?signature=forged`, {
      method: 'PUT',
      body: bytes,
    });
    expect(forged.status).toBe(403);
    const missing = await fetch(`${emulator.url}/api/label/v2/files?id=nothing/here`, {
      headers: { authorization: `X-API-Key: ${API_KEY}` },
    });
    expect(missing.status).toBe(404);
  });

  it('counts requests by root field, summarises projects, and resets the counters', async () => {
    await resetStats(emulator);
    const projectId = await kili.createProject();
    await kili.append(projectId, { externalIDArray: ['s1', 's2'], idArray: ['cstat1', 'cstat2'] });
    await kili.count({ project: { id: projectId } });
    await kili.assets({ project: { id: projectId } });
    await kili.assets({ project: { id: projectId } }, 100, 100);
    await kili.label('DEFAULT', [{ assetID: 'cstat1', jsonResponse: '{}' }], { idIn: ['cstat1'] });
    await postGraphql(emulator, OPS.viewer, {}, 'wrong-key');

    const stats = await fetchStats(emulator);
    expect(stats.requests).toEqual({
      appendManyAssets: 1,
      appendManyLabels: 1,
      assets: 2,
      countAssets: 1,
      createProject: 1,
    });
    expect(stats.faults).toEqual({ failed503: 0, failed429: 0, dropped: 0, rateLimited: 0 });
    expect(stats.projects[projectId]).toEqual({ assets: 2, labeled: 1 });

    expect((await resetStats(emulator)).status).toBe(200);
    const after = await fetchStats(emulator);
    expect(after.requests).toEqual({});
    expect(after.projects[projectId]).toEqual({ assets: 2, labeled: 1 });
  });

  it('answers unknown routes with 404 and survives a malformed body', async () => {
    expect((await fetch(`${emulator.url}/nope`)).status).toBe(404);
    const malformed = await fetch(emulator.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `X-API-Key: ${API_KEY}` },
      body: '{"query": ',
    });
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    expect((await postGraphql(emulator, OPS.viewer)).status).toBe(200);
  });
});
