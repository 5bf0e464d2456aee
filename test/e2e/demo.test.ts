import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The command `npm run demo` runs after its build step (`npm test` has built already), read
 * from package.json so that the test follows the script wherever it lives.
 */
function demoCommand(): string {
  const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts;
  const steps = String(scripts.demo).split('&&');
  return steps.at(-1)!.trim();
}

function runDemo(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(demoCommand(), {
      cwd: repoRoot,
      shell: true,
      env: {
        PATH: [join(repoRoot, 'node_modules/.bin'), process.env.PATH].join(delimiter),
        HOME: process.env.HOME,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run demo', () => {
  it('plans, applies and converges on the examples without a single warning', async () => {
    const { code, output } = await runDemo({});
    expect(code, output).toBe(0);
    expect(output).toContain('Plan: 20 to add, 0 to change, 1 to rename, 0 to delete.');
    expect(output).toContain('Apply complete! 20 added, 0 changed, 1 renamed, 0 deleted.');
    expect(output).toContain('No changes. The projects match the manifests.');
    expect(output).not.toMatch(/warn/i);
    // Piped output is plain text: no bold headings, no colours.
    expect(output).not.toContain('\x1b[');
  });

  it('makes its headings bold only when colours are asked for', async () => {
    const { code, output } = await runDemo({ FORCE_COLOR: '1' });
    expect(code, output).toBe(0);
    expect(output).toContain('\x1b[1m# What would change?\x1b[0m');
  });
});
