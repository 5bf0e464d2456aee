import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { environmentOutsideNpmScript, runCommand } from '../helpers/run-command.js';

/**
 * `npm run build` (and so `npm run demo` right after `npm ci`) builds only what changed: the
 * tests' global setup has just built everything, so building again runs nothing. The emulator
 * package owns its build step, and packing it (prepack) runs that same incremental step, so a
 * pack beside a build never rewrites files the build is checking.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run build', () => {
  it('runs no step when no input changed, and leaves the built files as they are', async () => {
    const bin = join(repoRoot, 'dist', 'cli', 'bin.js');
    const before = statSync(bin).mtimeMs;
    const result = await runCommand('npm', ['run', 'build'], { cwd: repoRoot });
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/Ran 0 scripts and skipped 4/);
    expect(statSync(bin).mtimeMs).toBe(before);
  });

  it('is the build packing the emulator runs, so a pack beside a build rebuilds nothing', async () => {
    const bundle = join(repoRoot, 'packages', 'emulator', 'dist', 'index.js');
    const before = statSync(bundle).mtimeMs;
    const packed = await runCommand(
      'npm',
      ['pack', '--dry-run', '--json', '--workspace', '@kili-sync/emulator'],
      { cwd: repoRoot, env: environmentOutsideNpmScript() },
    );
    expect(packed.code, packed.stderr).toBe(0);
    // prepack's progress goes to stderr: stdout is npm's document alone.
    expect(JSON.parse(packed.stdout)).toHaveLength(1);
    expect(packed.stderr).toMatch(/Ran 0 scripts and skipped 1/);
    expect(statSync(bundle).mtimeMs).toBe(before);
  });
});
