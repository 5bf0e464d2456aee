import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../src/manifest/index.js';
import { loadChunkCache, saveChunkCache } from '../../src/manifest/yaml-chunk-cache.js';
import { removeWrittenFiles, writeFiles } from '../fixtures/manifests/write-files.js';

const cacheDirs: string[] = [];
afterAll(() => {
  removeWrittenFiles();
  for (const dir of cacheDirs) rmSync(dir, { recursive: true, force: true });
});

const header = 'apiVersion: kili-sync/v1\nproject: p1\nassets:\n';
const item = (i: number, split = 'train') =>
  `- externalId: id-${i}\n  content: "https://x/${i}.jpg"\n  jsonMetadata:\n    n: ${i}\n    split: ${split}\n`;
const items = (edited?: number) =>
  Array.from({ length: 3000 }, (_, i) => item(i, i === edited ? 'edited' : 'train')).join('');

function newCacheDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kili-sync-chunks-'));
  cacheDirs.push(dir);
  return dir;
}

/** A large manifest of 3,000 items, a cache folder, and a load that splits it into chunks. */
function newManifest() {
  const dir = writeFiles({ 'm.yaml': header + items() });
  const cacheDir = newCacheDir();
  return {
    dir,
    manifestPath: path.join(dir, 'm.yaml'),
    cacheDir,
    load: () => loadDesiredState(['m.yaml'], { cwd: dir, largeFileChars: 1, cacheDir }),
  };
}

describe('the parsed-chunk cache of large manifests', () => {
  it('gives the same desired state as a parse without it, run after run', async () => {
    const { dir, cacheDir, load } = newManifest();
    const whole = await loadDesiredState(['m.yaml'], { cwd: dir });
    expect(await load()).toEqual(whole);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('yaml-chunks-'))).toHaveLength(1);
    expect(await load()).toEqual(whole);
  });

  it('parses again the chunks of an edited manifest, and keeps only current chunks', async () => {
    const { dir, manifestPath, cacheDir, load } = newManifest();
    await load();
    const chunks = loadChunkCache(cacheDir, manifestPath).size;
    expect(chunks).toBeGreaterThan(1);
    writeFileSync(manifestPath, header + items(1500));
    const edited = await load();
    expect(edited.projects[0]!.assets[1500]!.jsonMetadata).toEqual({ n: 1500, split: 'edited' });
    expect(edited).toEqual(await loadDesiredState(['m.yaml'], { cwd: dir }));
    expect(loadChunkCache(cacheDir, manifestPath).size).toBe(chunks);
  });

  it('takes unchanged chunks from the cache instead of parsing them', async () => {
    const { manifestPath, cacheDir, load } = newManifest();
    await load();
    // A cached result that differs from the text proves the text was not parsed again.
    const entries = loadChunkCache(cacheDir, manifestPath);
    const [key, first] = [...entries][0]!;
    const values = [...first.values];
    values[0] = { ...(values[0] as object), externalId: 'from-the-cache' };
    entries.set(key, { ...first, values });
    saveChunkCache(cacheDir, manifestPath, entries);
    expect((await load()).projects[0]!.assets[0]!.externalId).toBe('from-the-cache');
  });

  it('parses as usual when the cache file is corrupt or malformed', async () => {
    const { dir, manifestPath, cacheDir, load } = newManifest();
    await load();
    const whole = await loadDesiredState(['m.yaml'], { cwd: dir });
    const entries = loadChunkCache(cacheDir, manifestPath);
    const [key] = [...entries.keys()];
    const malformed = new Map(entries).set(key!, { values: [{}], positions: new Int32Array(0) });
    saveChunkCache(cacheDir, manifestPath, malformed);
    expect(await load()).toEqual(whole);
    for (const name of readdirSync(cacheDir)) writeFileSync(path.join(cacheDir, name), 'garbage');
    expect(await load()).toEqual(whole);
  });
});
