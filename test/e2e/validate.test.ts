import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'kili-sync-validate-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('kili-sync validate (built CLI)', () => {
  it('accepts the example manifests', async () => {
    const result = await runCli(['validate', 'examples/manifests'], { cwd: repoRoot });
    // Valid, and what only a plan can check is said.
    expect(result.stderr).toBe(
      "note: 6 inline texts (TEXT projects only) and 5 local files (whose type must fit the project) not checked against each project's input type, which validate does not read: plan checks them\n",
    );
    expect(result.stdout).toBe('4 manifests, 21 assets in 4 projects: valid\n');
    expect(result.code).toBe(0);
  });

  it('reports bad input with locations, GitHub annotations and exit code 1', async () => {
    writeFileSync(
      path.join(scratch, 'bad.yaml'),
      'apiVersion: kili-sync/v1\nproject: p1\nassets:\n  - externalId: a\n    contnet: x\n',
    );
    const result = await runCli(['validate', 'bad.yaml'], {
      cwd: scratch,
      env: { GITHUB_ACTIONS: 'true', KILI_API_KEY: 'secret-key-never-shown' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "bad.yaml:5:5: error: unknown field 'contnet' — did you mean 'content'?",
    );
    expect(result.stderr).toMatch(
      /^::error file=bad\.yaml,line=5,col=5,title=KS0201::unknown field 'contnet'/m,
    );
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout + result.stderr).not.toContain('secret-key-never-shown');
  });
});
