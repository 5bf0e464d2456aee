import { describe, expect, it } from 'vitest';
import { compareFramePaths } from '../../src/manifest/resolve-frames.js';
import { chooseImport, keepsNativeVideo, LARGE_IMAGE_BYTES } from '../../src/plan/choose-import.js';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import { framesRecord, readFrameUrls } from '../../src/plan/frames.js';
import type { AddChange, UpdateChange } from '../../src/plan/types.js';
import { desired, PROJECT_ID, planInput, remote, SHA_A } from './plan-builders.js';

const URLS = ['https://cdn.example.com/f/0.jpg', 'https://cdn.example.com/f/1.jpg'];

function videoPlan(assets: Parameters<typeof desired>[], remotes: ReturnType<typeof remote>[]) {
  return diffToPlan(
    planInput({
      projects: [
        {
          inputType: 'VIDEO',
          assets: assets.map((args) => desired(...args)),
          remote: remotes,
        },
      ],
    }),
  ).projects[0]!;
}

describe('the SDK path of a new asset', () => {
  const video = (metadata: Record<string, unknown> = {}) =>
    chooseImport({ inputType: 'VIDEO', hasContent: true, hasFrames: false, metadata });
  const image = (file: Parameters<typeof chooseImport>[0]['file']) =>
    chooseImport({ inputType: 'IMAGE', hasContent: false, hasFrames: false, file, metadata: {} });
  const png = { sha256: SHA_A, mimeType: 'image/png', size: 1_000 };

  it('imports video files asynchronously, native unless shouldUseNativeVideo is false', () => {
    expect(video()).toMatchObject({ uploadType: 'NATIVE_VIDEO', why: 'video-file' });
    expect(video({ processingParameters: { shouldUseNativeVideo: true } })?.uploadType).toBe(
      'NATIVE_VIDEO',
    );
    expect(video({ processingParameters: { shouldUseNativeVideo: false } })?.uploadType).toBe(
      'FRAME_VIDEO',
    );
    const frames = chooseImport({
      inputType: 'VIDEO_LEGACY',
      hasContent: false,
      hasFrames: true,
      metadata: {},
    });
    expect(frames).toBeUndefined();
  });

  it("reads shouldUseNativeVideo with Python's truth, as the SDK does", () => {
    for (const falsy of [false, 0, '', null, [], {}]) {
      expect(keepsNativeVideo({ processingParameters: { shouldUseNativeVideo: falsy } })).toBe(
        false,
      );
    }
    for (const truthy of [true, 1, 'no', [0], { a: 1 }]) {
      expect(keepsNativeVideo({ processingParameters: { shouldUseNativeVideo: truthy } })).toBe(
        true,
      );
    }
    expect(keepsNativeVideo({ processingParameters: {} })).toBe(true);
  });

  it('imports local images Kili must process as GEO_SATELLITE, and no other', () => {
    expect(image({ ...png, image: { width: 640, height: 480 } })).toBeUndefined();
    expect(image({ ...png, mimeType: 'image/tiff' })?.why).toBe('processed-type');
    expect(image({ ...png, mimeType: 'image/jp2' })?.why).toBe('processed-type');
    expect(image({ ...png, size: LARGE_IMAGE_BYTES })?.why).toBe('large-file');
    expect(image({ ...png, size: LARGE_IMAGE_BYTES - 1, image: { width: 1, height: 1 } })).toBe(
      undefined,
    );
    expect(image({ ...png, image: { width: 10_000, height: 1 } })?.why).toBe('large-image');
    expect(image({ ...png, image: { width: 9_999, height: 9_999 } })).toBeUndefined();
    expect(image({ ...png, mimeType: 'image/svg+xml', image: null })).toMatchObject({
      uploadType: 'GEO_SATELLITE',
      why: 'unreadable-image',
    });
    // Hosted content is the synchronous path, whatever it is.
    expect(
      chooseImport({ inputType: 'IMAGE', hasContent: true, hasFrames: false, metadata: {} }),
    ).toBeUndefined();
    expect(
      chooseImport({
        inputType: 'PDF',
        hasContent: false,
        hasFrames: false,
        file: png,
        metadata: {},
      }),
    ).toBeUndefined();
  });
});

describe('frames', () => {
  it('orders frame files as people number them', () => {
    const names = ['f-10.jpg', 'f-2.jpg', 'f-1.jpg', 'f-02.jpg', 'a/f-3.jpg', 'f-1b.jpg'];
    expect([...names].sort(compareFramePaths)).toEqual([
      'a/f-3.jpg',
      'f-1.jpg',
      'f-1b.jpg',
      'f-02.jpg',
      'f-2.jpg',
      'f-10.jpg',
    ]);
  });

  it("reads the SDK's index, and a plain list, and nothing else, as frames", () => {
    expect(readFrameUrls('{"1": "b", "0": "a"}')).toEqual(['a', 'b']);
    expect(readFrameUrls('["a", "b"]')).toEqual(['a', 'b']);
    expect(readFrameUrls('{"0": "a", "2": "c"}')).toBeUndefined();
    expect(readFrameUrls('{"0": 1}')).toBeUndefined();
    expect(readFrameUrls('{"01": "a"}')).toBeUndefined();
    expect(readFrameUrls('https://x/index.json')).toBeUndefined();
    expect(readFrameUrls('')).toBeUndefined();
  });

  it('plans a new video of frames with its record, and the SDK’s {} processingParameters', () => {
    const plan = videoPlan([['clip', { frames: { urls: URLS }, jsonMetadata: { cam: 1 } }]], []);
    const add = plan.changes[0] as AddChange;
    expect(add.fields.jsonContent).toEqual({ before: null, after: URLS });
    expect(add.frames).toEqual({ sha256: framesRecord({ kind: 'hosted', urls: URLS }), count: 2 });
    expect(add.import).toBeUndefined();
    expect(add.metadataToWrite).toEqual({
      cam: 1,
      processingParameters: {},
      kiliSync: { framesSha256: add.frames?.sha256 },
    });
  });

  it('finds stored frames equal to declared ones: by record, inline index or list; differs otherwise', () => {
    const record = framesRecord({ kind: 'hosted', urls: URLS });
    const stored = (jsonContent: string, jsonMetadata = '') =>
      remote('clip', { content: '', jsonContent, jsonMetadata });
    const declared: Parameters<typeof desired> = ['clip', { jsonContent: URLS }];
    const index = JSON.stringify({ 0: URLS[0], 1: URLS[1] });
    expect(videoPlan([declared], [stored(index)]).summary.unchanged).toBe(1);
    expect(videoPlan([declared], [stored(JSON.stringify(URLS))]).summary.unchanged).toBe(1);
    const recorded = `{"kiliSync":{"framesSha256":"${record}"}}`;
    expect(
      videoPlan([declared], [stored('https://files/x?signature=s', recorded)]).summary,
    ).toMatchObject({ unchanged: 1 });
    const other = videoPlan([declared], [stored(JSON.stringify([URLS[1], URLS[0]]))]);
    const update = other.changes[0] as UpdateChange;
    expect(update.fields.jsonContent?.before).toEqual([URLS[1], URLS[0]]);
    expect(update.frames?.sha256).toBe(record);
    // A hosted index without a record that the workflow did not fetch counts as different.
    expect(videoPlan([declared], [stored('https://files/x?signature=s')]).summary.update).toBe(1);
  });

  it('does not plan the processingParameters Kili or the SDK added, unless the manifest declares them', () => {
    const sdkMade = remote('v', {
      content: 'https://cdn.example.com/v.mp4',
      jsonMetadata: '{"cam": 2, "processingParameters": {}}',
    });
    const asGiven = videoPlan(
      [['v', { content: sdkMade.content, jsonMetadata: { cam: 2 } }]],
      [sdkMade],
    );
    expect(asGiven.summary.unchanged).toBe(1);
    const edited = videoPlan([['v', { jsonMetadata: { cam: 3 } }]], [sdkMade]);
    const update = edited.changes[0] as UpdateChange;
    // Only the declared keys are compared and shown; the undeclared parameters are kept.
    expect(update.fields.jsonMetadata).toEqual({ before: { cam: 2 }, after: { cam: 3 } });
    expect(update.metadataToWrite).toEqual({ cam: 3, processingParameters: {} });
    const declared = videoPlan(
      [['v', { jsonMetadata: { cam: 2, processingParameters: { framesPlayedPerSecond: 5 } } }]],
      [sdkMade],
    );
    expect(declared.summary.update).toBe(1);
  });

  it('refuses frames outside a VIDEO project, at the asset', () => {
    expect(() =>
      diffToPlan(
        planInput({
          projects: [
            {
              projectId: PROJECT_ID,
              inputType: 'IMAGE',
              assets: [desired('clip', { frames: { urls: URLS } })],
              remote: [],
            },
          ],
        }),
      ),
    ).toThrow(/cannot be planned/);
  });
});
