import type { RunningEmulator } from '@kili-sync/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createClient,
  createKili,
  fetchStats,
  OPS,
  postGraphql,
  replay,
  startTestEmulator,
} from './emulator-support.js';

describe('emulator: fault injection', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  const appendOne = (running: RunningEmulator, projectId: string, id: string) =>
    postGraphql(running, OPS.appendManyAssets, {
      data: { externalIDArray: [id], idArray: [id] },
      where: { id: projectId },
    });

  it('fails before executing: 503, or 429 with Retry-After: 1, and applies nothing', async () => {
    // Draws: fail? (0.1 < 0.5) then which (0.2 → 503); fail? then which (0.7 → 429); then no fail.
    const running = await startTestEmulator({
      faults: { failRate: 0.5, random: replay([0.1, 0.2, 0.1, 0.7, 0.9]) },
    });
    emulator = running;
    const first = await appendOne(running, 'ignored', 'cfail1');
    expect(first.status).toBe(503);
    const second = await appendOne(running, 'ignored', 'cfail2');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');

    const kili = createKili(createClient(running));
    const projectId = await kili.createProject();
    expect(await kili.count({ idIn: ['cfail1', 'cfail2'] })).toBe(0);
    expect(await kili.count({ project: { id: projectId } })).toBe(0);
    const stats = await fetchStats(running);
    expect(stats.faults).toMatchObject({ failed503: 1, failed429: 1, dropped: 0 });
    expect(stats.requests.appendManyAssets).toBe(2);
  });

  it('drops the connection after committing a mutation', async () => {
    const running = await startTestEmulator({
      faults: { dropRate: 0.5, random: replay([0.9, 0.1, 0.9]) },
    });
    emulator = running;
    const kili = createKili(createClient(running));
    const projectId = await kili.createProject();
    await expect(appendOne(running, projectId, 'cdropped1')).rejects.toThrow();
    const [asset] = await kili.assets({ id: 'cdropped1' });
    expect(asset?.externalId).toBe('cdropped1');
    const stats = await fetchStats(running);
    expect(stats.faults.dropped).toBe(1);
    expect(stats.requests.appendManyAssets).toBe(1);
  });

  it('drops queries too, and answers normally when the draw says so', async () => {
    const running = await startTestEmulator({
      faults: { dropRate: 0.5, random: replay([0.1, 0.9]) },
    });
    emulator = running;
    await expect(postGraphql(running, OPS.viewer)).rejects.toThrow();
    expect((await postGraphql(running, OPS.viewer)).status).toBe(200);
  });

  it('delays answers with latency but still answers', async () => {
    const running = await startTestEmulator({ faults: { latencyMs: 30 } });
    emulator = running;
    const response = await postGraphql(running, OPS.viewer);
    expect(response.status).toBe(200);
    expect(
      ((await response.json()) as { data: { data: { email: string } } }).data.data.email,
    ).toBeTruthy();
  });

  it('rate-limits per key with a one-second burst, then refills', async () => {
    let now = 1_000_000;
    // 120 calls per minute: 2 per second, so a burst of 2.
    const running = await startTestEmulator({
      faults: { rateLimitPerMinute: 120, now: () => now },
    });
    emulator = running;
    expect((await postGraphql(running, OPS.viewer)).status).toBe(200);
    expect((await postGraphql(running, OPS.viewer)).status).toBe(200);
    const limited = await postGraphql(running, OPS.viewer);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    now += 500;
    expect((await postGraphql(running, OPS.viewer)).status).toBe(200);
    expect((await postGraphql(running, OPS.viewer)).status).toBe(429);
    const stats = await fetchStats(running);
    expect(stats.faults.rateLimited).toBe(2);
    expect(stats.requests.viewer).toBe(5);
  });

  it('says how long to wait when the limit is low', async () => {
    let now = 0;
    const running = await startTestEmulator({ faults: { rateLimitPerMinute: 6, now: () => now } });
    emulator = running;
    expect((await postGraphql(running, OPS.viewer)).status).toBe(200);
    const limited = await postGraphql(running, OPS.viewer);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    now += 10_000;
    expect((await postGraphql(running, OPS.viewer)).status).toBe(200);
  });

  it('refuses invalid fault options', async () => {
    await expect(startTestEmulator({ faults: { failRate: 1.5 } })).rejects.toMatchObject({
      code: 'USAGE',
    });
    await expect(startTestEmulator({ faults: { rateLimitPerMinute: -1 } })).rejects.toMatchObject({
      code: 'USAGE',
    });
  });
});
