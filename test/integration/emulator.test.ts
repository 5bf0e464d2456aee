import type { RunningEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureErrorCode,
  createClient,
  createKili,
  makeIds,
  OPS,
  postGraphql,
  startTestEmulator,
} from './emulator-support.js';

describe('emulator: projects, appends, reads', () => {
  let emulator: RunningEmulator;
  let kili: ReturnType<typeof createKili>;
  let client: ReturnType<typeof createClient>;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = createClient(emulator);
    kili = createKili(client);
  });
  afterAll(() => emulator.close());

  it('answers the startup calls of the SDK: viewer and apiKeys', async () => {
    const viewer = await client.request<{ data: { id: string; email: string } }>(OPS.viewer);
    expect(viewer.data.id).toBeTruthy();
    expect(viewer.data.email).toContain('@');
    const keys = await client.request<{ data: { expiryDate: string }[] }>(OPS.apiKeys, {
      where: { key: 'emulator-test-key' },
    });
    expect(keys.data).toHaveLength(1);
    expect(keys.data[0]?.expiryDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const none = await client.request<{ data: unknown[] }>(OPS.apiKeys, {
      where: { key: 'other' },
    });
    expect(none.data).toEqual([]);
  });

  it('creates a project and reads it back as the SDK asks for it', async () => {
    const id = await kili.createProject('Cats', 'IMAGE');
    const result = await client.request<{ data: Record<string, unknown>[] }>(OPS.projects, {
      where: { id },
      first: 1,
      skip: 0,
    });
    expect(result.data).toHaveLength(1);
    expect(result.data[0]).toMatchObject({
      id,
      title: 'Cats',
      inputType: 'IMAGE',
      workflowVersion: 'V1',
      steps: [],
      numberOfAssets: 0,
    });
    expect(typeof result.data[0]?.jsonInterface).toBe('string');
    const missing = await client.request<{ data: unknown[] }>(OPS.projects, {
      where: { id: 'no-such-project' },
      first: 1,
      skip: 0,
    });
    expect(missing.data).toEqual([]);
    const counted = await client.request<{ data: number }>(OPS.countProjects, { where: { id } });
    expect(counted.data).toBe(1);
  });

  it('appends 250 assets with client ids and pages them 100+100+50 in creation order', async () => {
    const projectId = await kili.createProject();
    const ids = makeIds('page', 250);
    const externalIds = ids.map((_, index) => `img-${index}`);
    for (let start = 0; start < 250; start += 100) {
      const slice = (values: unknown[]) => values.slice(start, start + 100);
      const created = await kili.append(projectId, {
        contentArray: slice(externalIds.map((externalId) => `https://cdn.test/${externalId}.jpg`)),
        externalIDArray: slice(externalIds),
        idArray: slice(ids),
        isHoneypotArray: slice(ids.map(() => false)),
        jsonContentArray: slice(ids.map(() => '')),
        jsonMetadataArray: slice(externalIds.map((externalId) => JSON.stringify({ externalId }))),
      });
      expect(created.map((asset) => asset.id)).toEqual(slice(ids));
    }
    expect(await kili.count({ project: { id: projectId } })).toBe(250);

    const pages = [
      await kili.assets({ project: { id: projectId } }, 100, 0),
      await kili.assets({ project: { id: projectId } }, 100, 100),
      await kili.assets({ project: { id: projectId } }, 100, 200),
    ];
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    const all = pages.flat();
    expect(all.map((asset) => asset.id)).toEqual(ids);
    const createdAts = all.map((asset) => asset.createdAt);
    expect([...createdAts].sort()).toEqual(createdAts);
    expect(all[7]).toMatchObject({
      externalId: 'img-7',
      content: 'https://cdn.test/img-7.jpg',
      jsonMetadata: '{"externalId":"img-7"}',
      status: 'TODO',
      priority: 0,
      isHoneypot: false,
      labels: [],
      latestLabel: null,
      project: { id: projectId },
    });
    expect(all[7]?.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('refuses a page of 101 and an unknown project', async () => {
    const projectId = await kili.createProject();
    const tooBig = await postGraphql(emulator, OPS.assets, {
      where: { project: { id: projectId } },
      first: 101,
      skip: 0,
    });
    const body = (await tooBig.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toContain('PageSize');
    expect(await kili.assets({ project: { id: projectId } }, 0, 0)).toEqual([]);
    expect(await captureErrorCode(kili.assets({ project: { id: 'ghost' } }))).toBe(
      'noAccessRights',
    );
    expect(await captureErrorCode(kili.count({ project: { id: 'ghost' } }))).toBe('noAccessRights');
    expect(await captureErrorCode(kili.append('ghost', { contentArray: ['x'] }))).toBe(
      'noAccessRights',
    );
  });

  it('answers errors as HTTP 200 with [code] messages and data: null', async () => {
    const response = await postGraphql(emulator, OPS.countAssets, {
      where: { project: { id: 'ghost' } },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^\[noAccessRights\] /),
        extensions: { code: 'noAccessRights' },
      }),
    ]);
  });

  it('allows duplicate external IDs but refuses an existing client id, creating nothing', async () => {
    const projectId = await kili.createProject();
    await kili.append(projectId, { externalIDArray: ['dup', 'dup'], idArray: ['cdup1', 'cdup2'] });
    expect(await kili.count({ project: { id: projectId }, externalIdStrictlyIn: ['dup'] })).toBe(2);

    const code = await captureErrorCode(
      kili.append(projectId, {
        externalIDArray: ['new-1', 'new-2'],
        idArray: ['cfresh1', 'cdup2'],
      }),
    );
    expect(code).toBe('assetAlreadyExists');
    expect(await kili.count({ project: { id: projectId } })).toBe(2);
    expect(await kili.count({ idIn: ['cfresh1'] })).toBe(0);

    const repeated = await captureErrorCode(
      kili.append(projectId, { externalIDArray: ['a', 'b'], idArray: ['csame', 'csame'] }),
    );
    expect(repeated).toBe('assetAlreadyExists');
    expect(await kili.count({ project: { id: projectId } })).toBe(2);
  });

  it('generates cuids when idArray is absent and refuses arrays of different lengths', async () => {
    const projectId = await kili.createProject();
    const created = await kili.append(projectId, {
      contentArray: ['a', 'b'],
      externalIDArray: ['a', 'b'],
    });
    expect(created).toHaveLength(2);
    expect(new Set(created.map((asset) => asset.id)).size).toBe(2);
    for (const asset of created) expect(asset.id).toMatch(/^[a-z0-9]{20,}$/);
    const code = await captureErrorCode(
      kili.append(projectId, { contentArray: ['a', 'b'], externalIDArray: ['a'] }),
    );
    expect(code).toBe('invalidInput');
  });

  it('filters external IDs by substring (externalIdIn) or exactly (externalIdStrictlyIn)', async () => {
    const projectId = await kili.createProject();
    await kili.append(projectId, { externalIDArray: ['cat-1', 'cat-10', 'dog-1', 'cat-2'] });
    const project = { id: projectId };
    const ids = async (where: Record<string, unknown>) =>
      (await kili.assets({ project, ...where })).map((asset) => asset.externalId);
    expect(await ids({ externalIdIn: ['cat-1'] })).toEqual(['cat-1', 'cat-10']);
    expect(await ids({ externalIdIn: ['-1', 'cat-2'] })).toEqual([
      'cat-1',
      'cat-10',
      'dog-1',
      'cat-2',
    ]);
    expect(await ids({ externalIdStrictlyIn: ['cat-1'] })).toEqual(['cat-1']);
    expect(await ids({ externalIdStrictlyIn: ['cat', 'dog-1'] })).toEqual(['dog-1']);
    expect(await kili.count({ project, externalIdStrictlyIn: [] })).toBe(0);
  });

  it('filters by metadata, ids, status and dates, and accepts empty label/issue filters', async () => {
    const projectId = await kili.createProject();
    const project = { id: projectId };
    await kili.append(projectId, {
      externalIDArray: ['m1', 'm2', 'm3'],
      idArray: ['cmeta1', 'cmeta2', 'cmeta3'],
      jsonMetadataArray: ['{"split":"train","n":1}', '{"split":"test","n":2}', 'not json'],
    });
    const externalIds = async (where: Record<string, unknown>) =>
      (await kili.assets({ project, label: {}, issue: {}, ...where })).map((a) => a.externalId);
    expect(await externalIds({ metadata: { split: 'train' } })).toEqual(['m1']);
    expect(await externalIds({ metadata: { n: [1, 2] } })).toEqual(['m1', 'm2']);
    expect(await externalIds({ idIn: ['cmeta3', 'cmeta1'] })).toEqual(['m1', 'm3']);
    expect(await externalIds({ idNotIn: ['cmeta3', 'cmeta1'] })).toEqual(['m2']);
    expect(await externalIds({ statusIn: ['TODO'] })).toHaveLength(3);
    expect(await externalIds({ statusIn: ['LABELED'] })).toEqual([]);
    expect(
      await externalIds({ createdAtGte: '2000-01-01', createdAtLte: '2999-12-31' }),
    ).toHaveLength(3);
    expect(await externalIds({ updatedAtLte: '2000-01-01' })).toEqual([]);
  });

  it('lists the external IDs that already exist with filterExistingAssets', async () => {
    const projectId = await kili.createProject();
    await kili.append(projectId, { externalIDArray: ['x-1', 'x-2', 'x-2'] });
    const result = await client.request<{ external_ids: string[] }>(OPS.filterExisting, {
      projectID: projectId,
      externalIDs: ['x-2', 'x-3', 'x-1', 'x'],
    });
    expect(result.external_ids).toEqual(['x-2', 'x-1']);
    expect(
      await captureErrorCode(
        client.request(OPS.filterExisting, { projectID: 'ghost', externalIDs: ['x-1'] }),
      ),
    ).toBe('noAccessRights');
  });
});
