import { readFile } from 'node:fs/promises';
import PQueue from 'p-queue';
import { KiliSyncError } from '../errors.js';
import { chunk } from './asset-pages.js';
import type { KiliClient } from './client.js';
import { SIGNED_URLS_QUERY } from './operations.js';

/** Signed URLs per `createUploadBucketSignedUrls` call, as the SDK asks for them. */
export const SIGNED_URLS_PER_CALL = 30;

export interface UploadItem {
  /** The client-generated id of the asset the file belongs to. */
  assetId: string;
  absolutePath: string;
  mimeType: string;
}

export interface UploadOptions {
  /** Files read and sent at once (default: the client's concurrency). */
  concurrency?: number;
}

/** The bucket path the SDK uses for an asset's content. */
export function buildContentPath(projectId: string, assetId: string): string {
  return `projects/${projectId}/assets/${assetId}/content`;
}

/** `text/plain` is sent with its charset, as the SDK does. */
export function buildUploadContentType(mimeType: string): string {
  return mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : mimeType;
}

/**
 * Uploads local files the way the SDK does: signed URLs for `projects/<p>/assets/<a>/content`
 * (30 per call), then a PUT of each file's bytes. Returns, per asset id, the content to store
 * on the asset: the full signed URL, `&id=…` included.
 */
export async function uploadLocalFiles(
  client: KiliClient,
  projectId: string,
  items: UploadItem[],
  options: UploadOptions = {},
): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  await Promise.all(
    chunk(items, SIGNED_URLS_PER_CALL).map(async (batch) => {
      const filePaths = batch.map((item) => buildContentPath(projectId, item.assetId));
      const result = await client.request<{ urls: Array<string | null> | null }>(
        SIGNED_URLS_QUERY,
        { filePaths },
      );
      batch.forEach((item, index) => {
        const url = result.urls?.[index];
        if (typeof url !== 'string' || url === '') {
          throw new KiliSyncError('API', `Kili returned no upload URL for ${filePaths[index]}`, {
            hint: 'the server may not support local file uploads; use hosted URLs in content',
          });
        }
        urls.set(item.assetId, url);
      });
    }),
  );

  const queue = new PQueue({ concurrency: options.concurrency ?? client.concurrency });
  await Promise.all(
    items.map((item) =>
      queue.add(async () => {
        const bytes = await readLocalFile(item.absolutePath);
        await client.uploadFile(
          urls.get(item.assetId)!,
          bytes,
          buildUploadContentType(item.mimeType),
        );
      }),
    ),
  );
  return urls;
}

async function readLocalFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new KiliSyncError('USAGE', `cannot read ${path}`, {
      hint: 'the file changed since the manifests were checked; run plan again',
      cause: error,
    });
  }
}
