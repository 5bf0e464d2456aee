import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import mime from 'mime-types';
import PQueue from 'p-queue';
import type { DesiredState } from '../manifest/types.js';
import type { LocalFileFacts } from '../plan/local-file-facts.js';

/** sha256 of a file, streamed so large videos do not sit in memory. */
export async function hashFile(absolutePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(absolutePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The MIME type the upload is sent with and checked against the project's input type. */
export function detectMimeType(absolutePath: string): string {
  const lower = absolutePath.toLowerCase();
  // Same fixes as the official SDK: these two are missing from the common tables.
  if (lower.endsWith('.jp2')) return 'image/jp2';
  if (lower.endsWith('.ntf') || lower.endsWith('.nitf')) return 'application/vnd.nitf';
  return mime.lookup(lower) || 'application/octet-stream';
}

/**
 * Hashes every local file the manifests reference (each file once, a few at a time), so the
 * planner can tell an unchanged upload from an edited one without doing I/O itself.
 */
export async function inspectLocalFiles(
  desired: DesiredState,
  concurrency = 8,
): Promise<Map<string, LocalFileFacts>> {
  const paths = new Set<string>();
  for (const project of desired.projects) {
    for (const asset of project.assets) if (asset.file) paths.add(asset.file.absolutePath);
  }
  const facts = new Map<string, LocalFileFacts>();
  const queue = new PQueue({ concurrency });
  await Promise.all(
    [...paths].map((path) =>
      queue.add(async () => {
        facts.set(path, { sha256: await hashFile(path), mimeType: detectMimeType(path) });
      }),
    ),
  );
  return facts;
}
