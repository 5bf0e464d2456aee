import type { BigIntStats } from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeCacheFile } from './cache-dir.js';
import type { ImageSize } from './image-size.js';

/**
 * The sha256 of local files as last hashed, kept beside the snapshots so that a plan does not
 * read again a file that has not changed (see README, "Incremental plans"). A file is trusted
 * unread only when its stat key — size, modification and change times in nanoseconds, inode
 * and device — is exactly what it was when it was hashed, as git's index does. Any doubt means
 * hashing: a missing, foreign or corrupt cache file, a changed key, or a "racily clean" entry.
 *
 * Racily clean (git's term): a file written within the timestamp granularity of the moment it
 * was hashed can be written again without its modification time moving. So an entry is kept
 * only when its file was modified at least {@link RACY_MARGIN_NS} before the hashing started,
 * and, when read back, before the cache file itself was written (git's own rule, on the file
 * system's clock). A file modified just before a plan is hashed again by the next one.
 */

/** Bumped whenever the file's layout or the meaning of a field changes (2: images' sizes). */
export const HASH_CACHE_FORMAT_VERSION = 2;
const KIND = 'kili-sync-file-hashes';
const FILE_NAME = 'file-hashes.json';
/** Two seconds: the coarsest common timestamp granularity (FAT), with room for clock skew. */
export const RACY_MARGIN_NS = 2_000_000_000n;

/** The stat fields that must be equal for a file to be the one that was hashed. */
const KEY_FIELDS = ['size', 'mtimeNs', 'ctimeNs', 'ino', 'dev'] as const;

/** A file's {@link KEY_FIELDS}, as decimal strings (times in nanoseconds). */
export type FileKey = Record<(typeof KEY_FIELDS)[number], string>;

/** What was learnt by reading a file: its sha256 and, for an image, its pixel size. */
export interface FileContentFacts {
  sha256: string;
  /** Images only: the pixel size, or null when it could not be read (see files/image-size.ts). */
  image?: ImageSize | null;
}

interface CacheEntry extends FileKey, FileContentFacts {}

interface HashCacheFile {
  kind: typeof KIND;
  formatVersion: number;
  /** By real path. */
  entries: Record<string, CacheEntry>;
}

export function hashCachePath(dir: string): string {
  return path.join(dir, FILE_NAME);
}

export function fileKeyOf(stats: BigIntStats): FileKey {
  return Object.fromEntries(KEY_FIELDS.map((field) => [field, stats[field].toString()])) as FileKey;
}

function sameKey(a: FileKey, b: FileKey): boolean {
  return KEY_FIELDS.every((field) => a[field] === b[field]);
}

/** The hashes of one run: what the last run left, and what this run hashed. */
export class FileHashCache {
  private readonly trusted: Map<string, CacheEntry>;
  private readonly kept: Map<string, CacheEntry>;
  /** Files of this run taken from the cache unread, and files hashed. */
  readonly counts = { reused: 0, hashed: 0 };

  private constructor(
    private readonly dir: string,
    entries: Map<string, CacheEntry>,
    /** Why the cache file was not used, when it exists but could not be. */
    readonly note?: string,
  ) {
    this.trusted = entries;
    // Entries of files this run does not look at stay for the runs that do.
    this.kept = new Map(entries);
  }

  /** An empty cache that is written at the end (`--refresh`). */
  static empty(dir: string): FileHashCache {
    return new FileHashCache(dir, new Map());
  }

  /** The cache left in `dir` by an earlier run, without its racily clean entries. */
  static load(dir: string): FileHashCache {
    const file = hashCachePath(dir);
    let text: string;
    let writtenNs: bigint;
    try {
      writtenNs = statSync(file, { bigint: true }).mtimeNs;
      text = readFileSync(file, 'utf8');
    } catch {
      return new FileHashCache(dir, new Map());
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return new FileHashCache(dir, new Map(), 'file hash cache unreadable');
    }
    if (!isHashCacheFile(data)) {
      return new FileHashCache(dir, new Map(), 'file hash cache unreadable');
    }
    if (data.formatVersion !== HASH_CACHE_FORMAT_VERSION) {
      return new FileHashCache(dir, new Map(), 'file hash cache of another kili-sync version');
    }
    const entries = new Map<string, CacheEntry>();
    for (const [realPath, entry] of Object.entries(data.entries)) {
      if (BigInt(entry.mtimeNs) + RACY_MARGIN_NS <= writtenNs) entries.set(realPath, entry);
    }
    return new FileHashCache(dir, entries);
  }

  /** What was recorded of the file whose stat is `key`, if it is certainly unchanged. */
  lookup(realPath: string, key: FileKey): FileContentFacts | undefined {
    const entry = this.trusted.get(realPath);
    if (entry === undefined || !sameKey(entry, key)) return undefined;
    this.counts.reused += 1;
    return entry.image === undefined
      ? { sha256: entry.sha256 }
      : { sha256: entry.sha256, image: entry.image };
  }

  /**
   * Records a hash, with the key the file had before it was read, unless the file is racily
   * clean: modified too shortly before `startedMs` (the clock when its hashing started).
   */
  record(realPath: string, key: FileKey, facts: FileContentFacts, startedMs: number): void {
    this.counts.hashed += 1;
    if (BigInt(key.mtimeNs) + RACY_MARGIN_NS > BigInt(Math.floor(startedMs)) * 1_000_000n) {
      this.kept.delete(realPath);
      return;
    }
    this.kept.set(realPath, { ...key, ...facts });
  }

  /** Writes the cache (see {@link writeCacheFile}); returns a note when it cannot be written. */
  save(): string | undefined {
    const content: HashCacheFile = {
      kind: KIND,
      formatVersion: HASH_CACHE_FORMAT_VERSION,
      entries: Object.fromEntries(this.kept),
    };
    const failure = writeCacheFile(this.dir, hashCachePath(this.dir), () =>
      JSON.stringify(content),
    );
    return failure === undefined
      ? undefined
      : `cannot write the file hash cache in ${this.dir} (${failure}); the next plan will hash every file`;
  }
}

const DECIMAL = /^\d+$/;
const SHA256 = /^[0-9a-f]{64}$/;

function isHashCacheFile(data: unknown): data is HashCacheFile {
  if (typeof data !== 'object' || data === null) return false;
  const file = data as Partial<Record<keyof HashCacheFile, unknown>>;
  if (file.kind !== KIND || typeof file.formatVersion !== 'number') return false;
  if (typeof file.entries !== 'object' || file.entries === null) return false;
  return Object.values(file.entries).every(isEntry);
}

function isEntry(entry: unknown): entry is CacheEntry {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as Partial<Record<keyof CacheEntry, unknown>>;
  const decimal = (value: unknown) => typeof value === 'string' && DECIMAL.test(value);
  return (
    KEY_FIELDS.every((field) => decimal(e[field])) &&
    typeof e.sha256 === 'string' &&
    SHA256.test(e.sha256) &&
    (e.image === undefined || e.image === null || isImageSize(e.image))
  );
}

function isImageSize(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { width, height } = value as { width?: unknown; height?: unknown };
  return Number.isInteger(width) && Number.isInteger(height);
}
