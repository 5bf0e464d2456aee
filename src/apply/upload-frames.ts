import { resolve } from 'node:path';
import { KiliSyncError } from '../errors.js';
import { readFileWithHash } from '../files/local-files.js';
import type { KiliClient } from '../kili/client.js';
import {
  type BucketUpload,
  buildContentPath,
  buildUploadContentType,
  uploadToBucket,
} from '../kili/upload.js';
import { frameIndexText, framesRecord } from '../plan/frames.js';
import type { Change, PlannedFile } from '../plan/types.js';
import type { FramesSource } from './content-writes.js';

/** A change whose `jsonContent` is a frame sequence, with the asset id it is uploaded for. */
export interface FramesToUpload {
  change: Change;
  assetId: string;
  /** What is sent, as content-writes.ts checked it against what the change shows. */
  frames: FramesSource;
}

export interface FramesOutcome {
  /** The signed URL of each uploaded frame index, by asset id: the asset's new `jsonContent`. */
  indexUrlByAssetId: Map<string, string>;
  /** Why each other change failed; one failure never fails the others. */
  failures: Map<Change, unknown>;
}

/**
 * Uploads frame sequences as the official SDK does (`video.py`, `FrameBatchImporter`): local
 * frames first, each to `projects/<p>/assets/<asset>/frame/<i>` (plus its sha256, as every
 * kili-sync upload), referenced by their `/files?id=` URL (`bucket.clean_signed_url`); then each
 * sequence's index `{"0": url, …}` as a text file at the asset's `jsonContent` path, whose
 * signed URL becomes the asset's `jsonContent`. The bytes of each local frame must be the ones
 * planned.
 */
export async function uploadFrames(
  client: KiliClient,
  projectId: string,
  items: FramesToUpload[],
  baseDir: string,
): Promise<FramesOutcome> {
  const outcome: FramesOutcome = { indexUrlByAssetId: new Map(), failures: new Map() };
  const urlsByAssetId = new Map<string, string[]>();
  const frameUploads: BucketUpload[] = [];
  for (const item of items) {
    const { files, urls } = item.frames;
    if (files === undefined) urlsByAssetId.set(item.assetId, urls);
    else {
      files.forEach((file, position) => {
        frameUploads.push(frameUpload(projectId, item.assetId, position, file, baseDir));
      });
    }
  }

  const sent = await uploadToBucket(client, frameUploads);
  for (const item of items) {
    const files = item.frames.files;
    if (files === undefined) continue;
    const urls: string[] = [];
    for (let position = 0; position < files.length; position += 1) {
      const key = frameKey(item.assetId, position);
      const url = sent.urlByKey.get(key);
      if (url === undefined) {
        outcome.failures.set(item.change, sent.failures.get(key) ?? noUrl());
        break;
      }
      urls.push(client.fileUrlOf(url));
    }
    if (!outcome.failures.has(item.change)) urlsByAssetId.set(item.assetId, urls);
  }

  const indexes: BucketUpload[] = [...urlsByAssetId].map(([assetId, urls]) => {
    const bytes = Buffer.from(frameIndexText(urls), 'utf8');
    return {
      key: assetId,
      path: buildContentPath(projectId, assetId, framesVersion(urls), 'jsonContent'),
      contentType: buildUploadContentType('text/plain'),
      readBytes: async () => bytes,
    };
  });
  const indexed = await uploadToBucket(client, indexes);
  for (const item of items) {
    if (outcome.failures.has(item.change) || !urlsByAssetId.has(item.assetId)) continue;
    const url = indexed.urlByKey.get(item.assetId);
    if (url !== undefined) outcome.indexUrlByAssetId.set(item.assetId, url);
    else outcome.failures.set(item.change, indexed.failures.get(item.assetId) ?? noUrl());
  }
  return outcome;
}

function frameKey(assetId: string, position: number): string {
  return `${assetId}/frame/${position}`;
}

/** One local frame: read, and checked against its planned sha256, only once its URL is known. */
function frameUpload(
  projectId: string,
  assetId: string,
  position: number,
  file: PlannedFile,
  baseDir: string,
): BucketUpload {
  const absolutePath = resolve(baseDir, file.path);
  return {
    key: frameKey(assetId, position),
    path: `projects/${projectId}/assets/${assetId}/frame/${position}/${file.sha256.slice(0, 16)}`,
    contentType: buildUploadContentType(file.mimeType),
    readBytes: async () => {
      const read = await readFileWithHash(absolutePath).catch((error: unknown) => {
        throw new KiliSyncError('local-file-changed', `cannot read ${absolutePath}`, {
          hint: 'the file changed since the manifests were checked; run plan again',
          cause: error,
        });
      });
      if (read.sha256 !== file.sha256) {
        throw new KiliSyncError(
          'local-file-changed',
          `${absolutePath} changed since it was planned`,
        );
      }
      return read.bytes;
    },
  };
}

/** The version of an index file: the sha256 of its text, as any uploaded text is versioned. */
function framesVersion(urls: string[]): string {
  return framesRecord({ kind: 'hosted', urls });
}

function noUrl(): KiliSyncError {
  return new KiliSyncError('upload-refused', 'Kili returned no upload URL for a frame');
}
