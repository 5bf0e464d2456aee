import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/run-command.js';

/**
 * `npm run build` (and so `npm run demo` right after `npm ci`) builds only what changed: the
 * tests' global setup has just built everything, so building again runs nothing.
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
});
