import { createHash } from 'node:crypto';
import { constants, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import mime from 'mime-types';
import PQueue from 'p-queue';
import type { DesiredState } from '../plan/desired-state.js';
import type { LocalFileFacts } from '../plan/local-file-facts.js';
import {
  type FileContentFacts,
  type FileHashCache,
  type FileKey,
  fileKeyOf,
} from './hash-cache.js';
import { IMAGE_HEADER_BYTES, needsImageSize, readImageSize } from './image-size.js';

/**
 * Opens a file for reading only if it is a regular file. Non-blocking, so that a path swapped
 * for a FIFO after validation fails here instead of hanging until something writes to it.
 */
export async function openRegularFile(absolutePath: string): Promise<FileHandle> {
  const handle = await open(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${absolutePath} is not a regular file`);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** sha256 of a file, streamed so large videos do not sit in memory. */
export async function hashFile(absolutePath: string): Promise<string> {
  return (await readFileFacts(absolutePath, false)).facts.sha256;
}

/**
 * sha256 of a file (and the pixel size of an image, from its first bytes), with its stat key
 * taken before the first byte was read.
 */
async function readFileFacts(
  absolutePath: string,
  withImageSize: boolean,
): Promise<{ facts: FileContentFacts; key: FileKey }> {
  const hash = createHash('sha256');
  const handle = await openRegularFile(absolutePath);
  try {
    const key = fileKeyOf(await handle.stat({ bigint: true }));
    const head: Buffer[] = [];
    let headBytes = 0;
    for await (const chunk of handle.createReadStream({ autoClose: false })) {
      hash.update(chunk as Buffer);
      if (withImageSize && headBytes < IMAGE_HEADER_BYTES) {
        head.push(chunk as Buffer);
        headBytes += (chunk as Buffer).length;
      }
    }
    const facts: FileContentFacts = { sha256: hash.digest('hex') };
    if (withImageSize) {
      facts.image = readImageSize(Buffer.concat(head).subarray(0, IMAGE_HEADER_BYTES));
    }
    return { facts, key };
  } finally {
    await handle.close();
  }
}

/** A file's bytes, with the sha256 of exactly those bytes (checked against the plan's). */
export async function readFileWithHash(
  absolutePath: string,
): Promise<{ bytes: Buffer; sha256: string }> {
  const handle = await openRegularFile(absolutePath);
  try {
    const bytes = await handle.readFile();
    return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  } finally {
    await handle.close();
  }
}

/** The MIME type the upload is sent with and checked against the project's input type. */
export function detectMimeType(absolutePath: string): string {
  const lower = absolutePath.toLowerCase();
  // Same fixes as the official SDK: these two are missing from the common tables.
  if (lower.endsWith('.jp2')) return 'image/jp2';
  if (lower.endsWith('.ntf') || lower.endsWith('.nitf')) return 'application/vnd.nitf';
  return mime.lookup(lower) || 'application/octet-stream';
}

export interface InspectOptions {
  /** Hashes of earlier runs: a file whose stat key is unchanged is not read again. */
  hashCache?: FileHashCache;
  concurrency?: number;
}

/**
 * Hashes every local file the manifests reference (each file once, a few at a time), so the
 * planner can tell an unchanged upload from an edited one without doing I/O itself. Images also
 * get their pixel size, which with their byte size decides how the SDK would import them.
 */
export async function inspectLocalFiles(
  desired: DesiredState,
  { hashCache, concurrency = 8 }: InspectOptions = {},
): Promise<Map<string, LocalFileFacts>> {
  const paths = new Set<string>();
  for (const project of desired.projects) {
    for (const asset of project.assets) {
      if (asset.file) paths.add(asset.file.absolutePath);
      if (asset.frames && 'files' in asset.frames) {
        for (const frame of asset.frames.files) paths.add(frame.absolutePath);
      }
    }
  }
  const facts = new Map<string, LocalFileFacts>();
  const toHash: string[] = [];
  for (const path of paths) {
    const mimeType = detectMimeType(path);
    const cached = hashCache && lookUpUnchanged(path, hashCache);
    if (cached === undefined || (needsImageSize(mimeType) && cached.facts.image === undefined)) {
      toHash.push(path);
    } else {
      facts.set(path, { ...cached.facts, mimeType, size: cached.size });
    }
  }
  const queue = new PQueue({ concurrency });
  await Promise.all(
    toHash.map((path) =>
      queue.add(async () => {
        const mimeType = detectMimeType(path);
        const startedMs = Date.now();
        const read = await readFileFacts(path, needsImageSize(mimeType));
        hashCache?.record(path, read.key, read.facts, startedMs);
        facts.set(path, { ...read.facts, mimeType, size: Number(read.key.size) });
      }),
    ),
  );
  return facts;
}

/**
 * What the cache holds of a file whose stat key is unchanged, with its size. Synchronous: one
 * stat of a local file costs less than a trip through the thread pool. A file that cannot be
 * stat'ed is left to be hashed, so that the usual error explains why.
 */
function lookUpUnchanged(
  realPath: string,
  cache: FileHashCache,
): { facts: FileContentFacts; size: number } | undefined {
  const now = statSync(realPath, { bigint: true, throwIfNoEntry: false });
  if (!now?.isFile()) return undefined;
  const facts = cache.lookup(realPath, fileKeyOf(now));
  return facts === undefined ? undefined : { facts, size: Number(now.size) };
}
