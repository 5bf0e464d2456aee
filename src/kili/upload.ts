import PQueue from 'p-queue';
import { KiliSyncError } from '../errors.js';
import { readFileWithHash } from '../files/local-files.js';
import { CreateUploadBucketSignedUrlsDocument } from '../graphql/generated.js';
import { chunk } from '../util/chunk.js';
import type { KiliClient } from './client.js';

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
 * The bucket path of an asset's content: the SDK's `projects/<p>/assets/<a>/content` (or
 * `…/jsonContent` for rich text), plus the hash of the bytes when known. A new version then
 * never overwrites the object the asset still points at, so a failed or interrupted update
 * leaves the asset's content as it was.
 */
export function buildContentPath(
  projectId: string,
  assetId: string,
  sha256?: string,
  field: 'content' | 'jsonContent' = 'content',
): string {
  const base = `projects/${projectId}/assets/${assetId}/${field}`;
  return sha256 ? `${base}/${sha256.slice(0, 16)}` : base;
}

/** `text/plain` is sent with its charset, as the SDK does. */
export function buildUploadContentType(mimeType: string): string {
  return mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : mimeType;
}

/** One object to put in the upload bucket. */
export interface BucketUpload {
  /** Names the upload in the outcome (an asset id, or an asset id and a field). */
  key: string;
  /** Bucket path, see {@link buildContentPath}. */
  path: string;
  /** MIME type as sent (see {@link buildUploadContentType}). */
  contentType: string;
  /** The bytes to send, read (and checked) only once their URL is known. */
  readBytes: () => Promise<Uint8Array>;
}

export interface BucketOutcome {
  /** The full signed URL each upload was sent to, which the asset stores, by key. */
  urlByKey: Map<string, string>;
  /** Why each other upload failed, by key; one failure never fails the others. */
  failures: Map<string, unknown>;
}

/**
 * Uploads the way the SDK does: signed URLs (30 paths per `createUploadBucketSignedUrls`
 * call), then a PUT of each object's bytes, a few at a time, each retried like any idempotent
 * call. Each upload succeeds or fails on its own.
 */
export async function uploadToBucket(
  client: KiliClient,
  uploads: BucketUpload[],
  options: UploadOptions = {},
): Promise<BucketOutcome> {
  const outcome: BucketOutcome = { urlByKey: new Map(), failures: new Map() };
  const urls = new Map<string, string>();
  await Promise.all(
    chunk(uploads, SIGNED_URLS_PER_CALL).map(async (batch) => {
      const filePaths = batch.map((upload) => upload.path);
      try {
        const result = await client.request(CreateUploadBucketSignedUrlsDocument, { filePaths });
        batch.forEach((upload, index) => {
          const url = result.urls?.[index];
          if (typeof url === 'string' && url !== '') urls.set(upload.key, url);
          else outcome.failures.set(upload.key, noUrlError(upload.path));
        });
      } catch (error) {
        for (const upload of batch) outcome.failures.set(upload.key, error);
      }
    }),
  );

  const queue = new PQueue({ concurrency: options.concurrency ?? client.concurrency });
  await Promise.all(
    uploads.map((upload) => {
      const url = urls.get(upload.key);
      if (url === undefined) return undefined;
      return queue.add(async () => {
        try {
          await client.uploadFile(url, await upload.readBytes(), upload.contentType);
          outcome.urlByKey.set(upload.key, url);
        } catch (error) {
          outcome.failures.set(upload.key, error);
        }
      });
    }),
  );
  return outcome;
}

/** Uploads local files (see {@link uploadToBucket}), each under its asset's content path. */
export async function uploadLocalFiles(
  client: KiliClient,
  projectId: string,
  items: UploadItem[],
  options: UploadOptions = {},
): Promise<UploadOutcome> {
  const outcome = await uploadToBucket(
    client,
    items.map((item) => ({
      key: item.assetId,
      path: buildContentPath(projectId, item.assetId, item.sha256),
      contentType: buildUploadContentType(item.mimeType),
      readBytes: () => readLocalFile(item),
    })),
    options,
  );
  return { contentByAssetId: outcome.urlByKey, failures: outcome.failures };
}

function noUrlError(path: string): KiliSyncError {
  return new KiliSyncError('upload-refused', `Kili returned no upload URL for ${path}`);
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
    throw new KiliSyncError('local-file-changed', `cannot read ${item.absolutePath}`, {
      hint: 'the file changed since the manifests were checked; run plan again',
      cause: error,
    });
  }
  if (item.sha256 !== undefined && read.sha256 !== item.sha256) {
    throw new KiliSyncError(
      'local-file-changed',
      `${item.absolutePath} changed since it was planned`,
    );
  }
  return read.bytes;
}
