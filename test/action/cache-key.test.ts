import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/run-command.js';

/** The key under which the action caches its install and build. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const copy = mkdtempSync(join(tmpdir(), 'kili-sync-cache-key-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) {
  cpSync(join(repoRoot, file), join(copy, file));
}
mkdirSync(join(copy, 'scripts/action'), { recursive: true });
cpSync(join(repoRoot, 'scripts/action/cache-key.mjs'), join(copy, 'scripts/action/cache-key.mjs'));
mkdirSync(join(copy, 'src/cli'), { recursive: true });
writeFileSync(join(copy, 'src/cli/bin.ts'), 'export {};\n');

async function cacheKey(): Promise<string> {
  const output = join(copy, 'github-output');
  writeFileSync(output, '');
  const run = await runCommand(process.execPath, [join(copy, 'scripts/action/cache-key.mjs')], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: output },
  });
  expect(run.code, run.stderr).toBe(0);
  const written = readFileSync(output, 'utf8');
  expect(written).toMatch(/^key=[^\n]+\n$/);
  return written.slice('key='.length, -1);
}

describe('the cache key of the action install', () => {
  it('names the platform and Node.js ABI, and stays the same for the same files', async () => {
    const key = await cacheKey();
    expect(key).toMatch(
      new RegExp(
        `^kili-sync-${process.platform}-${process.arch}-node${process.versions.modules}-[0-9a-f]{32}$`,
      ),
    );
    expect(await cacheKey()).toBe(key);
  });

  it('changes when a source file or the lock file changes', async () => {
    const before = await cacheKey();
    writeFileSync(join(copy, 'src/cli/bin.ts'), 'export const changed = 1;\n');
    const afterSource = await cacheKey();
    expect(afterSource).not.toBe(before);
    writeFileSync(join(copy, 'package-lock.json'), '{}\n');
    expect(await cacheKey()).not.toBe(afterSource);
  });
});
