import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const apiKey = 'ks-test-hash-cache-4d1e';
const IMAGE_PROJECT = 'clq0imageproj000000000001';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface PlannedFile {
  externalId: string;
  file: { sha256: string };
}

describe('the file hash cache through the built CLI', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let folder: string;
  let env: Record<string, string>;

  /** `plan --verbose --format json`: the sha256 of each planned file, and the cache's count. */
  const plan = async (...flags: string[]) => {
    const result = await runCli(['plan', '.', '--verbose', '--format', 'json', ...flags], {
      env,
      cwd: folder,
    });
    expect(result.code, result.stderr).toBe(0);
    const changes = JSON.parse(result.stdout).projects[0].changes as PlannedFile[];
    const hashes = Object.fromEntries(changes.map((c) => [c.externalId, c.file.sha256]));
    const counts = /local files: (\d+) hashed, (\d+) unchanged/.exec(result.stderr);
    return {
      hashes,
      hashed: counts ? Number(counts[1]) : undefined,
      reused: counts ? Number(counts[2]) : undefined,
    };
  };
  const image = (name: string) => join(folder, 'images', name);
  const anHourAgo = () => new Date(Date.now() - 3_600_000);

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-e2e-hashes-'));
    emulator = await startEmulator({
      port: 0,
      db: ':memory:',
      apiKey,
      seed: join(repoRoot, 'examples/emulator-seed.yaml'),
    });
    env = { KILI_API_KEY: apiKey, KILI_API_ENDPOINT: emulator.graphqlUrl };
    await mkdir(join(folder, 'images'));
    await writeFile(
      join(folder, 'manifest.yaml'),
      `apiVersion: kili-sync/v1\nkind: AssetSet\nproject: ${IMAGE_PROJECT}\nsources:\n  - files: "images/*.png"\n    externalId: "new/{stem}"\n`,
    );
    for (const name of ['a', 'b', 'c']) {
      await writeFile(image(`${name}.png`), `picture ${name}`);
      // Long checked out: a file modified just before a plan is hashed again next time.
      await utimes(image(`${name}.png`), anHourAgo(), anHourAgo());
    }
  });

  afterAll(async () => {
    await emulator?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('hashes each file once, then reads none that is unchanged, with the same plan', async () => {
    const first = await plan();
    expect([first.hashed, first.reused]).toEqual([3, 0]);
    expect(first.hashes['new/a']).toBe(sha256('picture a'));
    const second = await plan();
    expect([second.hashed, second.reused]).toEqual([0, 3]);
    expect(second.hashes).toEqual(first.hashes);
  });

  it('sees an edit of the same size whose mtime was put back', async () => {
    const before = await stat(image('b.png'));
    await writeFile(image('b.png'), 'PICTURE B');
    await utimes(image('b.png'), before.atime, before.mtime);
    expect((await stat(image('b.png'))).mtimeMs).toBe(before.mtimeMs);
    const after = await plan();
    expect([after.hashed, after.reused]).toEqual([1, 2]);
    expect(after.hashes['new/b']).toBe(sha256('PICTURE B'));
  });

  it('sees an edit that changes the size, and never trusts a racily clean file', async () => {
    await writeFile(image('c.png'), 'picture c, retouched');
    // Dated after the hashing (as racy as it gets, and independent of how fast the plan runs):
    // not trusted by the next plan either.
    const later = new Date(Date.now() + 3_600_000);
    await utimes(image('c.png'), later, later);
    const first = await plan();
    expect([first.hashed, first.reused]).toEqual([1, 2]);
    expect(first.hashes['new/c']).toBe(sha256('picture c, retouched'));
    const second = await plan();
    expect([second.hashed, second.reused]).toEqual([1, 2]);
    expect(second.hashes).toEqual(first.hashes);
  });

  it('hashes everything with --refresh and uses no cache with --no-cache', async () => {
    const refreshed = await plan('--refresh');
    expect([refreshed.hashed, refreshed.reused]).toEqual([3, 0]);
    const uncached = await plan('--no-cache');
    expect(uncached.hashed).toBeUndefined();
    expect(uncached.hashes).toEqual(refreshed.hashes);
  });
});
