import type { RunningEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SDK_OPS, type WorkflowAsset } from './emulator-sdk-ops.js';
import {
  captureErrorCode,
  createClient,
  createKili,
  finishImports,
  makeIds,
  startTestEmulator,
} from './emulator-support.js';

describe('emulator: workflow mutations and the state the SDK reads back', () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof createClient>;
  let kili: ReturnType<typeof createKili>;
  let projectId: string;
  let ids: string[];

  const call = async <T>(document: string, variables: Record<string, unknown>) =>
    (await client.request<{ data: T }>(document, variables)).data;
  const readAll = async () =>
    call<WorkflowAsset[]>(SDK_OPS.assetsV2, {
      where: { project: { id: projectId } },
      first: 100,
      skip: 0,
    });
  const readOne = async (id: string): Promise<WorkflowAsset> => {
    const [asset] = await call<WorkflowAsset[]>(SDK_OPS.assetsV2, {
      where: { id },
      first: 1,
      skip: 0,
    });
    if (!asset) throw new Error(`asset ${id} not found`);
    return asset;
  };
  /** Runs `change` and returns the assets whose updatedAt moved. */
  const touchedBy = async (change: () => Promise<unknown>): Promise<string[]> => {
    const before = new Map((await readAll()).map((asset) => [asset.id, asset.updatedAt]));
    await change();
    return (await readAll())
      .filter((asset) => asset.updatedAt !== before.get(asset.id))
      .map((asset) => {
        expect(asset.updatedAt > (before.get(asset.id) ?? '')).toBe(true);
        return asset.id;
      });
  };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = createClient(emulator);
    kili = createKili(client);
  });
  afterAll(() => emulator.close());

  beforeEach(async () => {
    projectId = await kili.createProject();
    ids = makeIds(projectId.slice(-6), 3);
    await kili.append(projectId, { idArray: ids, externalIDArray: ['a', 'b', 'c'] });
  });

  it('assigns labelers by user id, replacing the assignment; an empty list clears it', async () => {
    await kili.update([{ id: ids[1] }], [{ toBeLabeledBy: ['dora@example.com'] }]);
    const doraId = (await readOne(ids[1]!)).toBeLabeledBy[0]!.user.id;

    const touched = await touchedBy(() =>
      call(SDK_OPS.assign, { where: { id: ids[0] }, userIds: [doraId, 'cl-user-7', doraId] }),
    );
    expect(touched).toEqual([ids[0]]);
    const assigned = (await readOne(ids[0]!)).toBeLabeledBy.map((entry) => entry.user);
    expect(assigned).toEqual([
      { id: doraId, email: 'dora@example.com' },
      { id: 'cl-user-7', email: expect.any(String) },
    ]);
    expect(await kili.count({ project: { id: projectId }, assigneeIn: ['cl-user-7'] })).toBe(1);

    await call(SDK_OPS.assign, { where: { id: ids[0] }, userIds: [] });
    expect((await readOne(ids[0]!)).toBeLabeledBy).toEqual([]);
    expect(
      await captureErrorCode(call(SDK_OPS.assign, { where: { id: 'cnope' }, userIds: [doraId] })),
    ).toBe('assetNotFound');
  });

  it('sets consensus on one asset named by id or external ID and returns the value set', async () => {
    const byExternalId = { projectId, externalId: 'b', isConsensus: true };
    expect(await touchedBy(() => call(SDK_OPS.setConsensus, byExternalId))).toEqual([ids[1]]);
    expect(await call<boolean>(SDK_OPS.setConsensus, byExternalId)).toBe(true);
    expect(
      await call<boolean>(SDK_OPS.setConsensus, { projectId, assetId: ids[1], isConsensus: false }),
    ).toBe(false);
    expect(
      await call<boolean>(SDK_OPS.setConsensus, { projectId, assetId: ids[2], isConsensus: true }),
    ).toBe(true);
    expect((await readAll()).map((asset) => asset.isUsedForConsensus)).toEqual([
      false,
      false,
      true,
    ]);

    const fails = (variables: Record<string, unknown>) =>
      captureErrorCode(call(SDK_OPS.setConsensus, { isConsensus: true, ...variables }));
    expect(await fails({ projectId })).toBe('invalidInput');
    expect(await fails({ projectId, externalId: 'nope' })).toBe('assetNotFound');
    expect(await fails({ projectId: 'cl-ghost', assetId: ids[0] })).toBe('noAccessRights');
  });

  it('moves labeled assets to review, back to the queue, then on by labels', async () => {
    await kili.label('DEFAULT', [{ assetID: ids[0], jsonResponse: '{}' }], { idIn: [ids[0]] });
    const everything = { idIn: ids };

    const touched = await touchedBy(async () => {
      expect(await call(SDK_OPS.addToReview, { where: everything })).toEqual({ id: projectId });
    });
    expect(touched).toEqual([ids[0]]);
    expect((await readAll()).map((asset) => asset.status)).toEqual(['TO_REVIEW', 'TODO', 'TODO']);
    // Nothing left to move: Kili answers without a project.
    expect(await call(SDK_OPS.addToReview, { where: everything })).toBeNull();

    // A prediction is not a human label: the asset stays in review.
    await kili.label('PREDICTION', [{ assetID: ids[0], jsonResponse: '{}' }], { idIn: [ids[0]] });
    expect((await readOne(ids[0]!)).status).toBe('TO_REVIEW');
    await kili.label('REVIEW', [{ assetID: ids[0], jsonResponse: '{}' }], { idIn: [ids[0]] });
    expect((await readOne(ids[0]!)).status).toBe('REVIEWED');

    const sentBack = await touchedBy(async () => {
      expect(await call(SDK_OPS.sendBackToQueue, { where: { idIn: [ids[0], ids[1]] } })).toEqual({
        id: projectId,
      });
    });
    expect(sentBack).toEqual([ids[0], ids[1]]);
    expect((await readAll()).map((asset) => asset.status)).toEqual(['ONGOING', 'ONGOING', 'TODO']);
    expect(await kili.count({ project: { id: projectId }, statusIn: ['ONGOING'] })).toBe(2);
    await kili.label('DEFAULT', [{ assetID: ids[1], jsonResponse: '{}' }], { idIn: [ids[1]] });
    expect((await readOne(ids[1]!)).status).toBe('LABELED');
  });

  it('skips and unskips an asset', async () => {
    const skipped = await touchedBy(async () => {
      const answer = await client.request<{ skipAsset: { id: string } }>(SDK_OPS.skip, {
        reason: 'blurry',
        where: { id: ids[2], project: { id: projectId } },
      });
      expect(answer.skipAsset.id).toBe(ids[2]);
    });
    expect(skipped).toEqual([ids[2]]);
    expect(await kili.count({ project: { id: projectId }, skipped: true })).toBe(1);

    const unskipped = await touchedBy(async () => {
      const answer = await client.request<{ unskipAsset: string }>(SDK_OPS.unskip, {
        projectId,
        assetId: ids[2],
      });
      expect(answer.unskipAsset).toBe(ids[2]);
    });
    expect(unskipped).toEqual([ids[2]]);
    expect((await readOne(ids[2]!)).skipped).toBe(false);
    expect(
      await captureErrorCode(client.request(SDK_OPS.unskip, { projectId, assetId: 'cnope' })),
    ).toBe('assetNotFound');
  });

  it('imports multi-layer assets asynchronously; the notification is polled as the SDK polls it', async () => {
    const layers = [{ url: 'https://x/base.tif', name: 'base', isBaseLayer: true }];
    const notification = await call<{ id: string }>(SDK_OPS.appendFrames, {
      where: { id: projectId },
      data: {
        externalIDArray: ['geo-1', 'geo-2'],
        idArray: ['cgeo000001', 'cgeo000002'],
        jsonMetadataArray: ['{"zone":1}', '{}'],
        multiLayerContentArray: [layers, layers],
        jsonContentArray: ['', ''],
        uploadType: 'GEO_SATELLITE',
      },
    });
    await finishImports(emulator);
    const [geo] = await kili.assets({ id: 'cgeo000001' });
    expect(geo).toMatchObject({ externalId: 'geo-1', jsonMetadata: '{"zone":1}' });
    expect(JSON.parse(geo?.jsonContent ?? '')).toEqual(layers);

    const page = { first: 1, skip: 0 };
    const [polled] = await call<{ id: string; status: string; userID: string }[]>(
      SDK_OPS.notifications,
      { where: { id: notification.id }, ...page },
    );
    expect(polled).toMatchObject({ id: notification.id, status: 'SUCCESS' });
    const count = (where: Record<string, unknown>) =>
      call<number>(SDK_OPS.countNotifications, { where });
    expect(await count({ id: notification.id })).toBe(1);
    expect(await count({ id: notification.id, user: { id: polled?.userID } })).toBe(1);
    expect(await count({ id: notification.id, hasBeenSeen: true })).toBe(0);
  });
});
