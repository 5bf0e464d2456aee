import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKiliSyncError } from '../../src/errors.js';
import {
  findExistingExternalIds,
  readAssetsByIds,
  readProjectState,
} from '../../src/kili/read-assets.js';
import { readProject } from '../../src/kili/read-project.js';
import type { ProgressEvent } from '../../src/runtime.js';
import { type KiliFixture, makeAssets, startKiliFixture } from './kili-fixture.js';

describe('reading projects and assets from the emulator', () => {
  let fixture: KiliFixture;
  let projectId: string;
  let ids: string[];

  beforeAll(async () => {
    fixture = await startKiliFixture();
    projectId = await fixture.createProject('Cats');
    ids = await fixture.appendAssets(projectId, makeAssets(250));
    await fixture.labelAssets([ids[1]!]);
  });
  afterAll(() => fixture.close());

  it('reads the project', async () => {
    const project = await readProject(fixture.createClient(), projectId);
    expect(project).toEqual({ id: projectId, title: 'Cats', inputType: 'IMAGE' });
  });

  it('says NOT_FOUND for a project that does not exist', async () => {
    const error = await readProject(fixture.createClient(), 'clnope000000000000000000').catch(
      (caught: unknown) => caught,
    );
    expect(isKiliSyncError(error) && error.code).toBe('NOT_FOUND');
    expect((error as Error).message).toContain('clnope000000000000000000');
  });

  it('reads 250 assets in pages of 100, 100 and 50, plus two counts', async () => {
    const client = fixture.createClient();
    const project = await readProject(client, projectId);
    await fixture.resetStats();
    const events: ProgressEvent[] = [];
    const state = await readProjectState(client, project, {
      prune: true,
      onProgress: (event) => events.push(event),
    });

    expect(state.partial).toBe(false);
    expect(state.count).toBe(250);
    expect(state.warnings).toEqual([]);
    expect(state.assets.map((asset) => asset.id)).toEqual(ids);
    expect(state.assets[0]!.externalId).toBe('asset-0000');
    expect(state.assets[1]).toMatchObject({ labelCount: 1, status: 'LABELED' });
    expect(state.assets[2]).toMatchObject({ labelCount: 0, status: 'TODO', priority: 0 });

    const { requests } = await fixture.stats();
    expect(requests).toEqual({ assets: 3, countAssets: 2 });
    expect(client.stats().byOperation).toEqual({ projects: 1, assets: 3, countAssets: 2 });
    expect(events[0]).toEqual({ kind: 'start', task: 'Reading assets', total: 250 });
    expect(events.at(-2)).toEqual({
      kind: 'advance',
      task: 'Reading assets',
      done: 250,
      total: 250,
    });
    expect(events.at(-1)).toEqual({ kind: 'stop', task: 'Reading assets' });
  });

  it('reads only the declared assets when prune is off and they are few', async () => {
    const client = fixture.createClient();
    const project = await readProject(client, projectId);
    await fixture.resetStats();
    const declared = ['asset-0007', 'asset-0100', 'asset-0249', 'not-there', 'asset-0007'];
    const state = await readProjectState(client, project, {
      prune: false,
      declaredExternalIds: declared,
    });
    expect(state.partial).toBe(true);
    expect(state.count).toBe(250);
    expect(state.assets.map((asset) => asset.externalId)).toEqual([
      'asset-0007',
      'asset-0100',
      'asset-0249',
    ]);
    expect((await fixture.stats()).requests).toEqual({ assets: 1, countAssets: 2 });
  });

  it('reads everything when pruning or when most assets are declared', async () => {
    const client = fixture.createClient();
    const project = await readProject(client, projectId);
    const pruning = await readProjectState(client, project, {
      prune: true,
      declaredExternalIds: ['asset-0001'],
    });
    expect(pruning.partial).toBe(false);
    expect(pruning.assets).toHaveLength(250);
    const most = makeAssets(200).map((asset) => asset.externalId);
    const mostly = await readProjectState(client, project, {
      prune: false,
      declaredExternalIds: most,
    });
    expect(mostly.partial).toBe(false);
    expect(mostly.assets).toHaveLength(250);
  });

  it('reads assets by id once each, 100 ids per call', async () => {
    const client = fixture.createClient();
    await fixture.resetStats();
    const wanted = [...ids.slice(0, 150), ids[0]!, 'clmissing0000000000000000'];
    const assets = await readAssetsByIds(client, projectId, wanted);
    expect(assets.map((asset) => asset.id).sort()).toEqual(ids.slice(0, 150).sort());
    expect((await fixture.stats()).requests).toEqual({ assets: 2 });
  });

  it('finds which external IDs exist', async () => {
    const existing = await findExistingExternalIds(fixture.createClient(), projectId, [
      'asset-0003',
      'nope',
      'asset-0003',
      'asset-0200',
    ]);
    expect(existing.sort()).toEqual(['asset-0003', 'asset-0200']);
  });
});

describe('reading a project with duplicates or changes during the read', () => {
  let fixture: KiliFixture;
  beforeAll(async () => {
    fixture = await startKiliFixture();
  });
  afterAll(() => fixture.close());

  it('pages on when a declared chunk is full of remote duplicates', async () => {
    const projectId = await fixture.createProject('Duplicates');
    await fixture.appendAssets(projectId, makeAssets(300, 'x'));
    // A second copy of the first 99 external IDs: each chunk of 99 IDs then matches 198 assets.
    await fixture.appendAssets(projectId, makeAssets(99, 'x'));
    const client = fixture.createClient();
    const project = await readProject(client, projectId);
    await fixture.resetStats();
    const state = await readProjectState(client, project, {
      prune: false,
      declaredExternalIds: makeAssets(99, 'x').map((asset) => asset.externalId),
    });
    expect(state.partial).toBe(true);
    expect(state.assets).toHaveLength(198);
    expect(new Set(state.assets.map((asset) => asset.id)).size).toBe(198);
    expect((await fixture.stats()).requests).toEqual({ assets: 2, countAssets: 2 });
  });

  it('reads assets created during the read and warns that the project changed', async () => {
    const projectId = await fixture.createProject('Growing');
    await fixture.appendAssets(projectId, makeAssets(200, 'g'));
    // One request at a time: the append below runs after the second page and before the recount.
    const client = fixture.createClient({ concurrency: 1 });
    const project = await readProject(client, projectId);
    let appended: Promise<string[]> | undefined;
    const state = await readProjectState(client, project, {
      prune: true,
      concurrency: 1,
      onProgress: (event) => {
        if (event.kind === 'advance' && !appended) {
          appended = appendWith(client, projectId);
        }
      },
    });
    const newIds = await appended!;
    expect(state.count).toBe(205);
    expect(state.assets).toHaveLength(205);
    expect(state.assets.slice(200).map((asset) => asset.id)).toEqual(newIds);
    expect(state.warnings).toHaveLength(1);
    expect(state.warnings[0]).toMatch(/200 assets at the start, 205 at the end/);
  });
});

async function appendWith(
  client: ReturnType<KiliFixture['createClient']>,
  projectId: string,
): Promise<string[]> {
  const assets = makeAssets(5, 'late');
  const result = await client.request<{ data: Array<{ id: string }> }>(
    'mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }',
    {
      data: {
        contentArray: assets.map((asset) => asset.content),
        externalIDArray: assets.map((asset) => asset.externalId),
        isHoneypotArray: assets.map(() => false),
        jsonContentArray: assets.map(() => ''),
        jsonMetadataArray: assets.map(() => '{}'),
      },
      where: { id: projectId },
    },
  );
  return result.data.map((asset) => asset.id);
}
