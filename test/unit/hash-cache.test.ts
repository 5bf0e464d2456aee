import { createHash } from 'node:crypto';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileHashCache, hashCachePath } from '../../src/files/hash-cache.js';
import { inspectLocalFiles } from '../../src/files/local-files.js';
import { loadDesiredState } from '../../src/manifest/index.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** An hour ago: far from racily clean. */
const past = () => new Date(Date.now() - 3_600_000);

describe('file hash cache', () => {
  let folder: string;
  let cacheDir: string;

  const file = (name: string) => join(folder, 'images', name);
  /** Writes a file and dates its modification an hour back, as a file long checked out. */
  const writeOld = (name: string, text: string, when = past()) => {
    writeFileSync(file(name), text);
    utimesSync(file(name), when, when);
  };
  /** One plan's hashing with the cache, as `plan` does it: load, hash, save. */
  const hashAll = async (options: { refresh?: boolean } = {}) => {
    const desired = await loadDesiredState([join(folder, 'manifest.yaml')], { cwd: folder });
    const cache = options.refresh ? FileHashCache.empty(cacheDir) : FileHashCache.load(cacheDir);
    const facts = await inspectLocalFiles(desired, { hashCache: cache });
    expect(cache.save()).toBeUndefined();
    const byName = new Map([...facts].map(([path, fact]) => [path.split('/').pop(), fact.sha256]));
    return { counts: { ...cache.counts }, byName, note: cache.note };
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'kili-sync-hash-cache-'));
    cacheDir = join(folder, '.kili-sync', 'cache');
    mkdirSync(join(folder, 'images'));
    writeFileSync(
      join(folder, 'manifest.yaml'),
      'apiVersion: kili-sync/v1\nkind: AssetSet\nproject: p1\nsources:\n  - files: "images/*.png"\n    externalId: "{stem}"\n',
    );
    writeOld('a.png', 'alpha');
    writeOld('b.png', 'bravo');
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('does not read again a file whose key is unchanged', async () => {
    const first = await hashAll();
    expect(first.counts).toEqual({ hashed: 2, reused: 0 });
    expect(first.byName.get('a.png')).toBe(sha256('alpha'));
    const second = await hashAll();
    expect(second.counts).toEqual({ hashed: 0, reused: 2 });
    expect(second.byName).toEqual(first.byName);
  });

  /**
   * Waits, by touching a scratch file, until the file system's clock has passed `ns`: an edit
   * in the same clock tick as the hashing leaves every timestamp as it was (see hash-cache.ts).
   */
  const clockPast = (ns: bigint) => {
    const scratch = join(folder, 'scratch');
    do appendFileSync(scratch, '.');
    while (statSync(scratch, { bigint: true }).ctimeNs <= ns);
  };

  it('hashes again a file edited in place to the same size with its mtime restored (ctime moved)', async () => {
    await hashAll();
    const before = statSync(file('a.png'));
    clockPast(statSync(file('a.png'), { bigint: true }).ctimeNs);
    writeFileSync(file('a.png'), 'ALPHA');
    utimesSync(file('a.png'), before.atime, before.mtime);
    const after = statSync(file('a.png'));
    expect([after.size, after.mtimeMs, after.ino]).toEqual([
      before.size,
      before.mtimeMs,
      before.ino,
    ]);
    const second = await hashAll();
    expect(second.counts).toEqual({ hashed: 1, reused: 1 });
    expect(second.byName.get('a.png')).toBe(sha256('ALPHA'));
  });

  it('hashes again a file replaced by another of the same size and mtime (inode moved)', async () => {
    await hashAll();
    const before = statSync(file('b.png'));
    writeFileSync(join(folder, 'b.new'), 'BRAVO');
    utimesSync(join(folder, 'b.new'), before.atime, before.mtime);
    renameSync(join(folder, 'b.new'), file('b.png'));
    const second = await hashAll();
    expect(second.counts).toEqual({ hashed: 1, reused: 1 });
    expect(second.byName.get('b.png')).toBe(sha256('BRAVO'));
  });

  it('sees any edit that changes the size or the mtime', async () => {
    await hashAll();
    writeOld('a.png', 'alpha, longer');
    writeOld('b.png', 'BRAVO', new Date(Date.now() - 7_200_000));
    const second = await hashAll();
    expect(second.counts).toEqual({ hashed: 2, reused: 0 });
    expect(second.byName.get('a.png')).toBe(sha256('alpha, longer'));
    expect(second.byName.get('b.png')).toBe(sha256('BRAVO'));
  });

  it('never trusts a racily clean file: one modified within the margin of its hashing', async () => {
    // A modification time in the future is as racy as it gets: it never becomes trusted.
    const future = new Date(Date.now() + 3_600_000);
    writeOld('a.png', 'alpha', future);
    await hashAll();
    const second = await hashAll();
    expect(second.counts).toEqual({ hashed: 1, reused: 1 });
    expect(Object.keys(JSON.parse(readFileSync(hashCachePath(cacheDir), 'utf8')).entries)).toEqual([
      file('b.png'),
    ]);
  });

  it('hashes everything after --refresh, and with a corrupt or foreign cache, with a note', async () => {
    await hashAll();
    expect((await hashAll({ refresh: true })).counts).toEqual({ hashed: 2, reused: 0 });

    writeFileSync(hashCachePath(cacheDir), '{"kind": "kili-sync-file-hashes", "entr');
    const corrupt = await hashAll();
    expect(corrupt.counts).toEqual({ hashed: 2, reused: 0 });
    expect(corrupt.note).toBe('file hash cache unreadable');

    const saved = JSON.parse(readFileSync(hashCachePath(cacheDir), 'utf8'));
    writeFileSync(hashCachePath(cacheDir), JSON.stringify({ ...saved, formatVersion: 999 }));
    const foreign = await hashAll();
    expect(foreign.counts).toEqual({ hashed: 2, reused: 0 });
    expect(foreign.note).toBe('file hash cache of another kili-sync version');

    const entry = Object.values(saved.entries)[0] as Record<string, string>;
    entry.sha256 = 'not a hash';
    writeFileSync(hashCachePath(cacheDir), JSON.stringify(saved));
    expect((await hashAll()).note).toBe('file hash cache unreadable');
  });

  it('writes atomically: no temporary file is left beside the cache', async () => {
    await hashAll();
    expect(readdirSync(cacheDir)).toEqual(['file-hashes.json']);
  });
});
