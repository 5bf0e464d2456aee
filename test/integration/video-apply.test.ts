import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AddChange, Plan } from '../../src/plan/types.js';
import { mp4Bytes, pngBytes } from '../helpers/media-files.js';
import {
  API_KEY,
  type ApplyFixture,
  listAllAssets,
  manifest,
  runApply,
  startApplyFixture,
} from './apply-support.js';

const FRAMES = [0, 1, 2].map((index) => `https://cdn.example.com/frames/f-${index}.jpg`);

/**
 * VIDEO projects, the way the official SDK imports them: video files (hosted or local) through
 * the asynchronous import waited on, frames (hosted or local) as the SDK's index file; then the
 * life of those assets: rerun, update, rename, delete.
 */
describe('VIDEO projects', () => {
  let fixture: ApplyFixture;
  beforeAll(async () => {
    fixture = await startApplyFixture();
  });
  afterAll(() => fixture.close());
  beforeEach(() => resetStats(fixture));

  it('imports hosted and local videos and frames as the SDK does, converges, then updates, renames and deletes them', async () => {
    const projectId = await fixture.createProject('videos', 'VIDEO');
    await mkdir(join(fixture.folder, 'clips/shots'), { recursive: true });
    await writeFile(join(fixture.folder, 'clips/clip.mp4'), mp4Bytes());
    for (const index of [1, 2, 10]) {
      await writeFile(join(fixture.folder, `clips/shots/shot-${index}.png`), pngBytes(2, 2, index));
    }
    const assets = `
  - externalId: vid-hosted
    content: https://cdn.example.com/hosted.mp4
    jsonMetadata: { camera: front }
  - externalId: vid-cut
    content: https://cdn.example.com/cut.mp4
    jsonMetadata: { processingParameters: { shouldUseNativeVideo: false, framesPlayedPerSecond: 5 } }
  - externalId: vid-local
    file: clips/clip.mp4
  - externalId: frames-hosted
    frames: [${FRAMES.join(', ')}]
  - externalId: frames-as-sdk
    jsonContent: [${FRAMES.join(', ')}]
  - externalId: frames-local
    frames: { files: "clips/shots/*.png" }
    priority: 2`;
    await fixture.writeManifest('videos.yaml', manifest(projectId, assets, true));

    const plan = await planJson(fixture, 'videos.yaml');
    const adds = byExternalId(plan);
    expect(adds['vid-hosted']?.import).toEqual({
      mutation: 'appendManyFramesToDatasetAsynchronously',
      uploadType: 'NATIVE_VIDEO',
      why: 'video-file',
    });
    expect(adds['vid-cut']?.import?.uploadType).toBe('FRAME_VIDEO');
    expect(adds['vid-local']?.import?.uploadType).toBe('NATIVE_VIDEO');
    expect(adds['frames-hosted']?.import).toBeUndefined();
    expect(adds['frames-hosted']?.frames?.count).toBe(3);
    expect(adds['frames-as-sdk']?.frames?.count).toBe(3);
    // Local frames in numeric order: shot-2 before shot-10.
    expect(adds['frames-local']?.frames?.files?.map((file) => file.path)).toEqual([
      'clips/shots/shot-1.png',
      'clips/shots/shot-2.png',
      'clips/shots/shot-10.png',
    ]);
    const text = await runApply(fixture, ['plan', 'videos.yaml']);
    expect(text.stdout).toContain('vid-hosted  video, imported asynchronously');
    expect(text.stdout).toContain('frames-local  video of 3 frames (uploaded)');

    const applied = await runApply(fixture, ['apply', 'videos.yaml', '--auto-approve']);
    expect(applied.stdout + applied.stderr).toContain('Apply complete! 6 added');
    expect(applied.code).toBe(0);
    const { requests, files } = await fixture.stats();
    // Native and cut videos never share a call; hosted frames in one append, local frames one
    // video per append (the SDK's batch sizes); each import waited on through its notification.
    expect(requests.appendManyFramesToDatasetAsynchronously).toBe(2);
    expect(requests.appendManyAssets).toBe(2);
    expect(requests.notifications).toBeGreaterThanOrEqual(2);
    // The local video, three local frames, and the three frame indexes.
    expect(files.put).toBe(7);

    const stored = byExternal(await listAllAssets(fixture.client, projectId));
    expect(JSON.parse(stored['vid-hosted']!.jsonMetadata)).toEqual({
      camera: 'front',
      processingParameters: {},
    });
    expect(JSON.parse(stored['vid-cut']!.jsonMetadata).processingParameters).toEqual({
      shouldUseNativeVideo: false,
      framesPlayedPerSecond: 5,
    });
    expect(stored['vid-local']!.content).toMatch(/\/files\?signature=/);
    expect(await readIndex(stored['frames-hosted']!.jsonContent)).toEqual({
      0: FRAMES[0],
      1: FRAMES[1],
      2: FRAMES[2],
    });
    const local = await readIndex(stored['frames-local']!.jsonContent);
    expect(Object.keys(local)).toEqual(['0', '1', '2']);
    const second = await fetch(local['1']!, {
      headers: { authorization: `X-API-Key: ${API_KEY}` },
    });
    expect(Buffer.from(await second.arrayBuffer())).toEqual(pngBytes(2, 2, 2));
    expect(stored['frames-local']!.priority).toBe(2);

    expect(await planCode(fixture, 'videos.yaml')).toBe(0);

    // Update: one more hosted frame, a camera, new local frame bytes.
    await writeFile(join(fixture.folder, 'clips/shots/shot-2.png'), pngBytes(2, 2, 99));
    const more = [...FRAMES, 'https://cdn.example.com/frames/f-3.jpg'];
    await fixture.writeManifest(
      'videos.yaml',
      manifest(
        projectId,
        assets
          .replace(`frames: [${FRAMES.join(', ')}]`, `frames: [${more.join(', ')}]`)
          .replace('camera: front', 'camera: rear'),
        true,
      ),
    );
    await resetStats(fixture);
    const updated = await runApply(fixture, ['apply', 'videos.yaml', '--auto-approve']);
    expect(updated.stdout + updated.stderr).toContain('0 added, 3 changed');
    expect(
      (await fixture.stats()).requests.appendManyFramesToDatasetAsynchronously,
    ).toBeUndefined();
    const after = byExternal(await listAllAssets(fixture.client, projectId));
    expect(Object.keys(await readIndex(after['frames-hosted']!.jsonContent))).toHaveLength(4);
    expect(JSON.parse(after['vid-hosted']!.jsonMetadata)).toEqual({
      camera: 'rear',
      processingParameters: {},
    });
    expect(await planCode(fixture, 'videos.yaml')).toBe(0);

    // Rename keeps the asset; deleting needs --allow-delete.
    const renamed = assets
      .replace('externalId: vid-local', 'externalId: vid-local-2\n    renamedFrom: vid-local')
      .replace(/\n {2}- externalId: vid-cut\n(?: {4}.*\n)+?(?= {2}- )/, '\n')
      .replace(`frames: [${FRAMES.join(', ')}]`, `frames: [${more.join(', ')}]`)
      .replace('camera: front', 'camera: rear');
    await fixture.writeManifest('videos.yaml', manifest(projectId, renamed, true));
    const pruned = await runApply(fixture, [
      'apply',
      'videos.yaml',
      '--auto-approve',
      '--allow-delete',
    ]);
    expect(pruned.stdout + pruned.stderr).toContain('1 renamed, 1 deleted');
    const final = byExternal(await listAllAssets(fixture.client, projectId));
    expect(Object.keys(final).sort()).toEqual([
      'frames-as-sdk',
      'frames-hosted',
      'frames-local',
      'vid-hosted',
      'vid-local-2',
    ]);
    expect(final['vid-local-2']!.id).toBe(stored['vid-local']!.id);
    expect(await planCode(fixture, 'videos.yaml')).toBe(0);
  });

  it('adopts SDK-made videos and frames: the processingParameters the SDK added and its index file plan no change', async () => {
    const projectId = await fixture.createProject('sdk videos', 'VIDEO');
    // As Python's json.dumps writes it (", " and ": " separators), unlike kili-sync.
    const index = `{${FRAMES.map((url, at) => `"${at}": "${url}"`).join(', ')}}`;
    const signed = await fixture.client.request<{ urls: string[] }>(
      'query($filePaths: [String!]) { urls: createUploadBucketSignedUrls(filePaths: $filePaths) }',
      { filePaths: [`projects/${projectId}/assets/csdkframes/jsonContent`] },
    );
    const url = signed.urls[0]!;
    await fetch(url.split('&id=')[0]!, {
      method: 'PUT',
      headers: { 'Content-type': 'text/plain; charset=utf-8' },
      body: index,
    });
    await fixture.client.request(
      'mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }',
      {
        data: {
          contentArray: ['https://cdn.example.com/sdk.mp4', ''],
          externalIDArray: ['sdk-video', 'sdk-frames'],
          idArray: ['csdkvideo', 'csdkframes'],
          isHoneypotArray: [false, false],
          jsonContentArray: ['', url],
          jsonMetadataArray: [
            '{"camera": "side", "processingParameters": {}}',
            '{"processingParameters": {}}',
          ],
        },
        where: { id: projectId },
      },
    );
    const assets = `
  - externalId: sdk-video
    content: https://cdn.example.com/sdk.mp4
    jsonMetadata: { camera: side }
  - externalId: sdk-frames
    frames: [${FRAMES.join(', ')}]`;
    await fixture.writeManifest('sdk-videos.yaml', manifest(projectId, assets));
    const plan = await planJson(fixture, 'sdk-videos.yaml');
    expect(plan.projects[0]?.summary).toMatchObject({ add: 0, update: 0, unchanged: 2 });
    // The index file was fetched once to be compared.
    expect(plan.projects[0]?.read?.hostedFetches).toBe(1);

    // Declaring processingParameters makes them the manifest's: then they are compared.
    await fixture.writeManifest(
      'sdk-videos.yaml',
      manifest(
        projectId,
        assets.replace(
          '{ camera: side }',
          '{ camera: side, processingParameters: { framesPlayedPerSecond: 4 } }',
        ),
      ),
    );
    const declared = await planJson(fixture, 'sdk-videos.yaml');
    expect(declared.projects[0]?.summary).toMatchObject({ update: 1, unchanged: 1 });
  });
});

describe('saved plans of VIDEO projects', () => {
  let fixture: ApplyFixture;
  beforeAll(async () => {
    fixture = await startApplyFixture();
  });
  afterAll(() => fixture.close());

  it('keep each asset on the path they show: apply --plan imports and uploads exactly as planned', async () => {
    const projectId = await fixture.createProject('saved videos', 'VIDEO');
    await fixture.writeManifest(
      'saved.yaml',
      manifest(
        projectId,
        `
  - externalId: clip
    content: https://cdn.example.com/clip.mp4
  - externalId: shots
    frames: [${FRAMES.join(', ')}]`,
      ),
    );
    const planned = await runApply(fixture, ['plan', 'saved.yaml', '--out', 'saved.json']);
    expect(planned.code, planned.stderr).toBe(0);
    const saved = JSON.parse(await readFile(join(fixture.folder, 'saved.json'), 'utf8')) as Plan;
    const adds = byExternalId(saved);
    expect(adds.clip?.import?.uploadType).toBe('NATIVE_VIDEO');
    expect(adds.shots?.frames?.count).toBe(3);

    // The path is part of what the plan hash covers: a plan edited to append the video is refused.
    const { import: _dropped, ...appended } = adds.clip!;
    const forged = structuredClone(saved);
    const changes = forged.projects[0]!.changes;
    changes[changes.findIndex((change) => change.externalId === 'clip')] = appended;
    await writeFile(join(fixture.folder, 'forged.json'), JSON.stringify(forged));
    const refused = await runApply(fixture, ['apply', '--plan', 'forged.json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('planHash does not');

    await resetStats(fixture);
    const applied = await runApply(fixture, ['apply', '--plan', 'saved.json']);
    expect(applied.code, applied.stderr).toBe(0);
    const { requests } = await fixture.stats();
    expect(requests.appendManyFramesToDatasetAsynchronously).toBe(1);
    expect(requests.appendManyAssets).toBe(1);
    expect(await planCode(fixture, 'saved.yaml')).toBe(0);
  });
});

describe('project types kili-sync does not manage', () => {
  let fixture: ApplyFixture;
  beforeAll(async () => {
    fixture = await startApplyFixture();
  });
  afterAll(() => fixture.close());

  it('refuses them after reading the project, before any of its assets, at the manifest line that targets it', async () => {
    const chat = await fixture.createProject('chats', 'LLM_RLHF');
    const videos = await fixture.createProject('videos', 'VIDEO');
    await fixture.writeManifest(
      'chat.yaml',
      manifest(chat, '\n  - externalId: c-1\n    content: https://x/c.json'),
    );
    await fixture.writeManifest(
      'videos.yaml',
      manifest(videos, '\n  - externalId: v-1\n    content: https://x/v.mp4'),
    );
    await resetStats(fixture);
    const result = await runApply(fixture, ['apply', '.', '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `chat.yaml:3:10: error: project ${chat} (chats) is an LLM_RLHF project, which kili-sync does not manage`,
    );
    expect(result.stderr).toContain('kili-sync manages the assets of IMAGE, GEOSPATIAL, PDF');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    // Only the projects were read: no asset of either, nothing written.
    expect((await fixture.stats()).requests).toEqual({ projects: 2 });
  });
});

async function resetStats(fixture: ApplyFixture): Promise<void> {
  await fetch(`${fixture.emulator.url}/api/label/v2/_emulator/stats/reset`, {
    method: 'POST',
    headers: { authorization: `X-API-Key: ${API_KEY}` },
  });
}

async function planJson(fixture: ApplyFixture, file: string): Promise<Plan> {
  const planned = await runApply(fixture, ['plan', file, '--format', 'json', '--no-cache']);
  expect(planned.code, planned.stderr).toBe(0);
  return JSON.parse(planned.stdout) as Plan;
}

async function planCode(fixture: ApplyFixture, file: string): Promise<number> {
  return (await runApply(fixture, ['plan', file, '--detailed-exitcode'])).code;
}

function byExternalId(plan: Plan): Record<string, AddChange> {
  return Object.fromEntries(
    (plan.projects[0]?.changes ?? [])
      .filter((change): change is AddChange => change.action === 'add')
      .map((change) => [change.externalId, change]),
  );
}

function byExternal<T extends { externalId: string }>(assets: T[]): Record<string, T> {
  return Object.fromEntries(assets.map((asset) => [asset.externalId, asset]));
}

/** The frame index a `jsonContent` URL serves. */
async function readIndex(url: string): Promise<Record<string, string>> {
  const response = await fetch(url, { headers: { authorization: `X-API-Key: ${API_KEY}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, string>;
}
