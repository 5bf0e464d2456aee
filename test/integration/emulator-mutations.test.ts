import type { RunningEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  captureErrorCode,
  createClient,
  createKili,
  makeIds,
  OPS,
  startTestEmulator,
  type TestAsset,
} from './emulator-support.js';

describe('emulator: updates, deletes, labels, legacy appends', () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof createClient>;
  let kili: ReturnType<typeof createKili>;
  let projectId: string;
  let ids: string[];

  const readAll = async (): Promise<TestAsset[]> => kili.assets({ project: { id: projectId } });
  const readOne = async (id: string): Promise<TestAsset> => {
    const [asset] = await kili.assets({ id });
    if (!asset) throw new Error(`asset ${id} not found`);
    return asset;
  };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = createClient(emulator);
    kili = createKili(client);
  });
  afterAll(() => emulator.close());

  beforeEach(async () => {
    projectId = await kili.createProject();
    ids = makeIds(projectId.slice(0, 6), 3);
    await kili.append(projectId, {
      externalIDArray: ['a', 'b', 'c'],
      idArray: ids,
      contentArray: ['https://x/a', 'https://x/b', 'https://x/c'],
      jsonMetadataArray: ['{"k":1}', '{"k":2}', '{"k":3}'],
    });
  });

  it('updates only the given fields; null items leave fields unchanged; updatedAt grows', async () => {
    const before = await readAll();
    const updated = await kili.update(
      [{ id: ids[0] }, { id: ids[1] }],
      [
        { priority: 5, jsonMetadata: '{"k":10}', content: null, toBeLabeledBy: null },
        { priority: null, externalId: 'b-renamed', isHoneypot: true, honeypotMark: 0.5 },
      ],
    );
    expect(updated.map((asset) => asset.id)).toEqual([ids[0], ids[1]]);
    const [first, second, third] = await readAll();
    expect(first).toMatchObject({ priority: 5, jsonMetadata: '{"k":10}', content: 'https://x/a' });
    expect(second).toMatchObject({
      priority: 0,
      externalId: 'b-renamed',
      isHoneypot: true,
      honeypotMark: 0.5,
      jsonMetadata: '{"k":2}',
    });
    expect(first!.updatedAt > before[0]!.updatedAt).toBe(true);
    expect(second!.updatedAt > before[1]!.updatedAt).toBe(true);
    expect(third).toEqual(before[2]);

    // Two updates in a row still give strictly later timestamps.
    await kili.update([{ id: ids[0] }], [{ priority: 6 }]);
    const again = await readOne(ids[0]!);
    expect(again.updatedAt > first!.updatedAt).toBe(true);
    expect(again.createdAt).toBe(first!.createdAt);
  });

  it('assigns labelers: a list replaces them, clearing needs shouldResetToBeLabeledBy', async () => {
    const emails = async () =>
      (await readOne(ids[0]!)).toBeLabeledBy.map((assignment) => assignment.user.email);
    await kili.update([{ id: ids[0] }], [{ toBeLabeledBy: ['a@x.io', 'b@x.io'] }]);
    expect(await emails()).toEqual(['a@x.io', 'b@x.io']);
    await kili.update([{ id: ids[0] }], [{ toBeLabeledBy: ['c@x.io'] }]);
    expect(await emails()).toEqual(['c@x.io']);
    await kili.update([{ id: ids[0] }], [{ toBeLabeledBy: [] }]);
    expect(await emails()).toEqual(['c@x.io']);
    await kili.update([{ id: ids[0] }], [{ toBeLabeledBy: [], shouldResetToBeLabeledBy: true }]);
    expect(await emails()).toEqual([]);
  });

  it('refuses to set status, or to update an unknown asset, and then changes nothing', async () => {
    const before = await readAll();
    expect(await captureErrorCode(kili.update([{ id: ids[0] }], [{ status: 'LABELED' }]))).toBe(
      'statusComputed',
    );
    const unknown = kili.update(
      [{ id: ids[0] }, { id: 'cnope' }],
      [{ priority: 9 }, { priority: 9 }],
    );
    expect(await captureErrorCode(unknown)).toBe('assetNotFound');
    expect(await captureErrorCode(kili.update([{ id: ids[0] }], [{}, { priority: 1 }]))).toBe(
      'invalidInput',
    );
    expect(await readAll()).toEqual(before);
  });

  it('changes nothing, updatedAt included, for filters without data (the SDK with status_array alone)', async () => {
    const before = await readAll();
    const answered = await kili.update([{ id: ids[0] }, { id: ids[1] }], [{ priority: null }]);
    expect(answered.map((asset) => asset.id)).toEqual([ids[0], ids[1]]);
    expect(await readAll()).toEqual(before);
    expect(await captureErrorCode(kili.update([{ id: 'cnope' }], []))).toBe('assetNotFound');
  });

  it('deletes by idIn, with their labels, and returns the project', async () => {
    await kili.label('DEFAULT', [{ assetID: ids[0], jsonResponse: '{}' }], { idIn: [ids[0]] });
    const result = await kili.delete({ idIn: [ids[0], ids[2]] });
    expect(result).toEqual({ id: projectId });
    expect((await readAll()).map((asset) => asset.id)).toEqual([ids[1]]);
    expect(await kili.count({ idIn: [ids[0]] })).toBe(0);
    expect(await kili.delete({ idIn: ['cnothing'] })).toBeNull();
    expect(await captureErrorCode(kili.delete({}))).toBe('invalidInput');
    expect(await kili.count({ project: { id: projectId } })).toBe(1);
  });

  it('derives status from labels: DEFAULT → LABELED, REVIEW → REVIEWED, PREDICTION → unchanged', async () => {
    const labels = await kili.label(
      'DEFAULT',
      [{ assetID: ids[0], jsonResponse: '{"JOB":{"categories":[{"name":"CAT"}]}}' }],
      { idIn: [ids[0]] },
    );
    expect(labels).toHaveLength(1);
    expect(labels[0]?.labelType).toBe('DEFAULT');
    await kili.label('PREDICTION', [{ assetID: ids[1], jsonResponse: '{}' }], { idIn: [ids[1]] });
    await kili.label('REVIEW', [{ assetID: ids[2], jsonResponse: '{}' }], { idIn: [ids[2]] });

    const [labeled, predicted, reviewed] = await readAll();
    expect(labeled?.status).toBe('LABELED');
    expect(labeled?.labels).toHaveLength(1);
    expect(labeled?.labels[0]).toMatchObject({ labelType: 'DEFAULT', isLatestLabelForUser: true });
    expect(labeled?.latestLabel?.id).toBe(labels[0]?.id);
    expect(predicted?.status).toBe('TODO');
    expect(predicted?.labels).toHaveLength(1);
    expect(reviewed?.status).toBe('REVIEWED');
    expect(
      await kili.count({ project: { id: projectId }, statusIn: ['LABELED', 'REVIEWED'] }),
    ).toBe(2);
    expect(
      await kili.count({ project: { id: projectId }, label: { typeIn: ['PREDICTION'] } }),
    ).toBe(1);
  });

  it('refuses labels for assets outside the filter or unknown, creating none', async () => {
    const outside = kili.label('DEFAULT', [{ assetID: ids[1], jsonResponse: '{}' }], {
      idIn: [ids[0]],
    });
    expect(await captureErrorCode(outside)).toBe('assetNotFound');
    const unknown = kili.label('DEFAULT', [{ assetID: 'cnope', jsonResponse: '{}' }], {
      idIn: ['cnope'],
    });
    expect(await captureErrorCode(unknown)).toBe('assetNotFound');
    expect((await readAll()).every((asset) => asset.status === 'TODO')).toBe(true);
  });

  it('accepts the legacy appendManyToDataset and returns the project', async () => {
    const result = await client.request<{ data: { id: string } }>(OPS.appendManyToDataset, {
      data: {
        contentArray: ['https://x/d'],
        externalIDArray: ['d'],
        idArray: ['clegacy0001'],
        isHoneypotArray: [false],
        statusArray: ['TODO'],
        jsonContentArray: [''],
        jsonMetadataArray: ['{}'],
      },
      where: { id: projectId },
    });
    expect(result.data).toEqual({ id: projectId });
    expect(await readOne('clegacy0001')).toMatchObject({ externalId: 'd', status: 'TODO' });
    const labeled = client.request(OPS.appendManyToDataset, {
      data: { externalIDArray: ['e'], statusArray: ['LABELED'] },
      where: { id: projectId },
    });
    expect(await captureErrorCode(labeled)).toBe('statusComputed');
    expect(await kili.count({ project: { id: projectId } })).toBe(4);
  });
});
