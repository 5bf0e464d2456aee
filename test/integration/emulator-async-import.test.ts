import type { RunningEmulator } from '@kili-sync/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { SDK_OPS } from './emulator-sdk-ops.js';
import {
  captureErrorCode,
  createClient,
  createKili,
  fetchStats,
  finishImports,
  makeIds,
  replay,
  startTestEmulator,
} from './emulator-support.js';

/** An hour: an import stays PENDING for the whole test unless the test ends it. */
const HELD = 3_600_000;

interface Notification {
  id: string;
  status: string;
  message: string;
}

describe('emulator: asynchronous imports (appendManyFramesToDatasetAsynchronously)', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function setUp(options: Parameters<typeof startTestEmulator>[0], inputType = 'VIDEO') {
    emulator = await startTestEmulator(options);
    const client = createClient(emulator);
    const kili = createKili(client);
    const projectId = await kili.createProject('Videos', inputType);
    const call = async <T>(document: string, variables: Record<string, unknown>) =>
      (await client.request<{ data: T }>(document, variables)).data;
    const importVideos = (data: Record<string, unknown>) =>
      call<{ id: string }>(SDK_OPS.appendFrames, {
        where: { id: projectId },
        data: { uploadType: 'NATIVE_VIDEO', ...data },
      });
    const notification = async (id: string) =>
      (await call<Notification[]>(SDK_OPS.notifications, { where: { id }, first: 1, skip: 0 }))[0];
    return { emulator, kili, projectId, importVideos, notification };
  }

  it('answers PENDING, holds the ids until processing ends, then creates the assets and says SUCCESS', async () => {
    const { kili, projectId, importVideos, notification } = await setUp({ asyncImportMs: HELD });
    const ids = makeIds('vid', 2);
    const sent = {
      contentArray: ['https://cdn.example.com/a.mp4', 'https://cdn.example.com/b.mp4'],
      externalIDArray: ['a', 'b'],
      idArray: ids,
      jsonMetadataArray: ['{"processingParameters":{}}', '{"camera":"rear"}'],
    };
    const { id } = await importVideos(sent);
    expect(await notification(id)).toMatchObject({ status: 'PENDING' });
    expect(await kili.count({ project: { id: projectId } })).toBe(0);
    // The ids are held by the import in flight: neither path may take them meanwhile.
    expect(await captureErrorCode(importVideos(sent))).toBe('assetAlreadyExists');
    expect(
      await captureErrorCode(kili.append(projectId, { idArray: [ids[0]], externalIDArray: ['x'] })),
    ).toBe('assetAlreadyExists');
    expect((await fetchStats(emulator!)).imports.pending).toBe(1);

    expect(await finishImports(emulator!)).toBe(1);
    expect(await notification(id)).toMatchObject({ status: 'SUCCESS' });
    const assets = await kili.assets({ project: { id: projectId } });
    expect(assets.map((asset) => [asset.id, asset.externalId, asset.content])).toEqual([
      [ids[0], 'a', 'https://cdn.example.com/a.mp4'],
      [ids[1], 'b', 'https://cdn.example.com/b.mp4'],
    ]);
    expect(assets[1]?.jsonMetadata).toBe('{"camera":"rear"}');
    expect((await fetchStats(emulator!)).imports).toMatchObject({ pending: 0, succeeded: 1 });
    expect(await captureErrorCode(importVideos(sent))).toBe('assetAlreadyExists');
  });

  it('ends an import at the first request after its processing time', async () => {
    const { kili, projectId, importVideos, notification } = await setUp({ asyncImportMs: 0 });
    const { id } = await importVideos({
      contentArray: ['https://cdn.example.com/a.mp4'],
      externalIDArray: ['a'],
      idArray: makeIds('now', 1),
    });
    expect(await notification(id)).toMatchObject({ status: 'SUCCESS' });
    expect(await kili.count({ project: { id: projectId } })).toBe(1);
  });

  it('fails the processing of some assets with the fault option: FAILURE names them, the others are created', async () => {
    const { kili, projectId, importVideos, notification } = await setUp({
      asyncImportMs: HELD,
      // Asset 1 processes (0.9 >= 0.5), asset 2 fails (0.1 < 0.5).
      faults: { asyncImportFailRate: 0.5, random: replay([0.9, 0.1, 0.9]) },
    });
    const ids = makeIds('fail', 2);
    const { id } = await importVideos({
      contentArray: ['https://cdn.example.com/ok.mp4', 'https://cdn.example.com/broken.mp4'],
      externalIDArray: ['ok', 'broken'],
      idArray: ids,
    });
    await finishImports(emulator!);
    const ended = await notification(id);
    expect(ended?.status).toBe('FAILURE');
    expect(ended?.message).toContain('broken');
    expect(ended?.message).not.toContain('ok,');
    expect((await kili.assets({ project: { id: projectId } })).map((a) => a.externalId)).toEqual([
      'ok',
    ]);
    // The id of the failed asset is free again: importing it anew is accepted.
    const again = await importVideos({
      contentArray: ['https://cdn.example.com/broken.mp4'],
      externalIDArray: ['broken'],
      idArray: [ids[1]],
    });
    await finishImports(emulator!);
    expect(await notification(again.id)).toMatchObject({ status: 'SUCCESS' });
    expect(await kili.count({ project: { id: projectId } })).toBe(2);
  });

  it('refuses what Kili refuses: native and cut videos in one call, an upload type the project does not take', async () => {
    const { kili, importVideos } = await setUp({ asyncImportMs: HELD });
    const native = '{"processingParameters":{"shouldUseNativeVideo":true}}';
    const frames = '{"processingParameters":{"shouldUseNativeVideo":false}}';
    const twoVideos = {
      contentArray: ['https://x/a.mp4', 'https://x/b.mp4'],
      externalIDArray: ['a', 'b'],
      idArray: makeIds('mix', 2),
    };
    expect(
      await captureErrorCode(importVideos({ ...twoVideos, jsonMetadataArray: [native, frames] })),
    ).toBe('invalidInput');
    expect(
      await captureErrorCode(importVideos({ ...twoVideos, jsonMetadataArray: [frames, frames] })),
    ).toBe('invalidInput');
    expect(
      await captureErrorCode(
        importVideos({ ...twoVideos, uploadType: 'GEO_SATELLITE', jsonMetadataArray: [] }),
      ),
    ).toBe('invalidInput');
    const { id } = await importVideos({
      ...twoVideos,
      uploadType: 'FRAME_VIDEO',
      jsonMetadataArray: [frames, frames],
    });
    expect(id).toMatch(/\S/);

    const images = await kili.createProject('Images', 'IMAGE');
    const client = createClient(emulator!);
    const onImages = client.request(SDK_OPS.appendFrames, {
      where: { id: images },
      data: { ...twoVideos, idArray: makeIds('img', 2), uploadType: 'NATIVE_VIDEO' },
    });
    expect(await captureErrorCode(onImages)).toBe('invalidInput');
    expect((await fetchStats(emulator!)).imports.pending).toBe(1);
  });
});
