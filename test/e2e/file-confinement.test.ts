import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePlanHash } from '../../src/plan/hash.js';
import type { Plan } from '../../src/plan/types.js';
import { runCli } from '../helpers/run-cli.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const apiKey = 'ks-test-Confined-5b2e8d';
const textProject = 'clq0textproj0000000000001';

/**
 * A manifest must not be able to read files outside the repository: the CLI refuses before
 * any request, in `plan`, `apply` and `apply --plan` (a saved plan is a file anyone can edit).
 */
describe('local file confinement through the built CLI', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let repo: string;
  let env: Record<string, string>;

  const totalRequests = async () => {
    const response = await fetch(`${emulator.url}/api/label/v2/_emulator/stats`, {
      headers: { Authorization: `X-API-Key: ${apiKey}` },
    });
    const stats = (await response.json()) as { requests: Record<string, number> };
    return Object.values(stats.requests).reduce((sum, count) => sum + count, 0);
  };

  beforeAll(async () => {
    const outer = await mkdtemp(join(tmpdir(), 'kili-sync-confine-'));
    repo = join(outer, 'repo');
    await mkdir(join(repo, '.git'), { recursive: true });
    await writeFile(join(outer, 'outside.txt'), 'not for upload');
    await writeFile(join(repo, 'inside.txt'), 'a review');
    await symlink('/proc/self/environ', join(repo, 'env.txt'));
    await symlink(join(outer, 'outside.txt'), join(repo, 'outside-link.txt'));
    emulator = await startEmulator({
      port: 0,
      db: ':memory:',
      apiKey,
      seed: join(repoRoot, 'examples/emulator-seed.yaml'),
    });
    env = { KILI_API_KEY: apiKey, KILI_API_ENDPOINT: emulator.graphqlUrl };
  });

  afterAll(async () => {
    await emulator?.close();
    if (repo) await rm(join(repo, '..'), { recursive: true, force: true });
  });

  const writeManifest = (file: string) =>
    writeFile(
      join(repo, 'm.yaml'),
      `apiVersion: kili-sync/v1\nproject: ${textProject}\nassets:\n  - externalId: r1\n    file: ${file}\n`,
    );

  it('plan and apply refuse a file linked to /proc/self/environ with no request sent', async () => {
    await writeManifest('env.txt');
    for (const args of [['plan'], ['apply', '--auto-approve']]) {
      const before = await totalRequests();
      const result = await runCli([...args, 'm.yaml'], { env, cwd: repo });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("m.yaml:5:11: error: file 'env.txt' lies outside");
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(`${result.stdout}${result.stderr}`).not.toContain(apiKey);
      expect(await totalRequests()).toBe(before);
    }
  });

  it('apply --plan refuses a saved plan edited to point outside the root, before any request', async () => {
    await writeManifest('inside.txt');
    const planned = await runCli(['plan', 'm.yaml', '--out', 'plan.json'], { env, cwd: repo });
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(await readFile(join(repo, 'plan.json'), 'utf8')) as Plan;
    const change = plan.projects[0]!.changes[0]!;
    if (change.action === 'delete' || !change.file) throw new Error('expected a planned file');
    change.file.path = 'outside-link.txt';
    // Shown as the change's content too: a plan that uploads what it does not show is refused
    // earlier, for that.
    change.fields.content = {
      before: change.fields.content?.before ?? null,
      after: 'file:outside-link.txt',
    };
    // Whoever edits the plan can recompute its hash: the hash is no defence here.
    plan.planHash = computePlanHash(plan);
    await writeFile(join(repo, 'plan.json'), JSON.stringify(plan));

    const before = await totalRequests();
    const result = await runCli(['apply', '--plan', 'plan.json'], { env, cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the saved plan names local files that cannot be read');
    expect(result.stderr).toContain("file 'outside-link.txt' lies outside the manifest root");
    expect(await totalRequests()).toBe(before);
  });

  it('apply --plan from another folder says its files are not found there, not that it is stale', async () => {
    await writeManifest('inside.txt');
    const planned = await runCli(['plan', 'm.yaml', '--out', 'moved-plan.json'], {
      env,
      cwd: repo,
    });
    expect(planned.code, planned.stderr).toBe(0);
    const before = await totalRequests();
    const result = await runCli(['apply', '--plan', 'repo/moved-plan.json'], {
      env,
      cwd: join(repo, '..'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('1 local file of the saved plan cannot be found from');
    expect(result.stderr).toContain('r1 (');
    expect(result.stderr).toContain('run apply --plan from there');
    expect(result.stderr).not.toContain('stale');
    expect(await totalRequests()).toBe(before);
  });
});
