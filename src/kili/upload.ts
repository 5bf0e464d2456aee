import PQueue from 'p-queue';
import { KiliSyncError } from '../errors.js';
import { readFileWithHash } from '../files/local-files.js';
import { chunk } from '../util/chunk.js';
import type { KiliClient } from './client.js';
import { SIGNED_URLS_QUERY } from './operations.js';

/** Signed URLs per `createUploadBucketSignedUrls` call, as the SDK asks for them. */
export const SIGNED_URLS_PER_CALL = 30;

export interface UploadItem {
  /** The client-generated id of the asset the file belongs to. */
  assetId: string;
  absolutePath: string;
  mimeType: string;
  /** sha256 of the file: each version gets its own object, see {@link buildContentPath}. */
  sha256?: string;
}

export interface UploadOptions {
  /** Files read and sent at once (default: the client's concurrency). */
  concurrency?: number;
}

export interface UploadOutcome {
  /** Content to store on each uploaded asset: the full signed URL, by asset id. */
  contentByAssetId: Map<string, string>;
  /** Why each other file failed, by asset id; one bad file never fails the others. */
  failures: Map<string, unknown>;
}

/**
 * The bucket path of an asset's content: the SDK's `projects/<p>/assets/<a>/content`, plus the
 * file's hash when known. A new version then never overwrites the object the asset still
 * points at, so a failed or interrupted update leaves the asset's content as it was.
 */
export function buildContentPath(projectId: string, assetId: string, sha256?: string): string {
  const base = `projects/${projectId}/assets/${assetId}/content`;
  return sha256 ? `${base}/${sha256.slice(0, 16)}` : base;
}

/** `text/plain` is sent with its charset, as the SDK does. */
export function buildUploadContentType(mimeType: string): string {
  return mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : mimeType;
}

/**
 * Uploads local files the way the SDK does: signed URLs (30 per call), then a PUT of each
 * file's bytes. Each file succeeds or fails on its own.
 */
export async function uploadLocalFiles(
  client: KiliClient,
  projectId: string,
  items: UploadItem[],
  options: UploadOptions = {},
): Promise<UploadOutcome> {
  const outcome: UploadOutcome = { contentByAssetId: new Map(), failures: new Map() };
  const urls = new Map<string, string>();
  await Promise.all(
    chunk(items, SIGNED_URLS_PER_CALL).map(async (batch) => {
      const filePaths = batch.map((item) => buildContentPath(projectId, item.assetId, item.sha256));
      try {
        const result = await client.request(SIGNED_URLS_QUERY, { filePaths });
        batch.forEach((item, index) => {
          const url = result.urls?.[index];
          if (typeof url === 'string' && url !== '') urls.set(item.assetId, url);
          else outcome.failures.set(item.assetId, noUrlError(filePaths[index] ?? ''));
        });
      } catch (error) {
        for (const item of batch) outcome.failures.set(item.assetId, error);
      }
    }),
  );

  const queue = new PQueue({ concurrency: options.concurrency ?? client.concurrency });
  await Promise.all(
    items.map((item) => {
      const url = urls.get(item.assetId);
      if (url === undefined) return undefined;
      return queue.add(async () => {
        try {
          const bytes = await readLocalFile(item);
          await client.uploadFile(url, bytes, buildUploadContentType(item.mimeType));
          outcome.contentByAssetId.set(item.assetId, url);
        } catch (error) {
          outcome.failures.set(item.assetId, error);
        }
      });
    }),
  );
  return outcome;
}

function noUrlError(path: string): KiliSyncError {
  return new KiliSyncError('API', `Kili returned no upload URL for ${path}`, {
    hint: 'the server may not support local file uploads; use hosted URLs in content',
  });
}

/**
 * The bytes to send, which must be the bytes that were planned: a file edited (or a link
 * swapped) between hashing and upload fails its asset instead of sending something unreviewed.
 */
async function readLocalFile(item: UploadItem): Promise<Uint8Array> {
  let read: Awaited<ReturnType<typeof readFileWithHash>>;
  try {
    read = await readFileWithHash(item.absolutePath);
  } catch (error) {
    throw new KiliSyncError('USAGE', `cannot read ${item.absolutePath}`, {
      hint: 'the file changed since the manifests were checked; run plan again',
      cause: error,
    });
  }
  if (item.sha256 !== undefined && read.sha256 !== item.sha256) {
    throw new KiliSyncError('USAGE', `${item.absolutePath} changed since it was planned`, {
      hint: 'its content is no longer the one the plan showed; run plan again',
    });
  }
  return read.bytes;
}
