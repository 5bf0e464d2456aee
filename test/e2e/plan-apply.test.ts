import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// A distinctive key: the tests check it appears in no output and no plan file.
const apiKey = 'ks-test-Secret-7f3a9c1e';

interface Stats {
  requests: Record<string, number>;
}

describe('plan and apply through the built CLI', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let folder: string;
  let env: Record<string, string>;

  const stats = async (): Promise<Stats> =>
    (
      await fetch(`${emulator.url}/api/label/v2/_emulator/stats`, {
        headers: { authorization: `X-API-Key: ${apiKey}` },
      })
    ).json() as Promise<Stats>;
  const totalRequests = async () =>
    Object.values((await stats()).requests).reduce((sum, count) => sum + count, 0);
  const expectNoSecret = (...texts: string[]) => {
    for (const text of texts) expect(text).not.toContain(apiKey);
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-e2e-'));
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
    await rm(folder, { recursive: true, force: true });
  });

  it('refuses an invalid manifest before any request, without a stack trace', async () => {
    const before = await totalRequests();
    const manifest = join(folder, 'bad.yaml');
    await writeFile(
      manifest,
      'apiVersion: kili-sync/v1\nkind: AssetSet\nproject: p1\nassets:\n  - externalId: a\n    contnet: x\n',
    );
    const result = await runCli(['plan', manifest], {
      env: { ...env, GITHUB_ACTIONS: 'true' },
      cwd: folder,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.yaml:6:5');
    expect(result.stderr).toMatch(
      /^::error file=bad\.yaml,line=6,col=5,title=KS0201::unknown field 'contnet'/m,
    );
    expect(result.stderr).toContain("did you mean 'content'");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
    expect(await totalRequests()).toBe(before);
  });

  it('plans the examples as JSON on stdout only, and saves the same plan with --out', async () => {
    const out = join(folder, 'plan.json');
    const result = await runCli(
      ['plan', 'examples/manifests', '--format', 'json', '--out', out, '--detailed-exitcode'],
      { env, cwd: repoRoot },
    );
    expect(result.code).toBe(2);
    const plan = JSON.parse(result.stdout);
    expect(plan.formatVersion).toBe(1);
    expect(plan.projects.length).toBeGreaterThanOrEqual(3);
    for (const project of plan.projects) {
      expect(project.summary.add).toBeGreaterThan(0);
      expect(project.summary.delete).toBe(0);
    }
    // The next step goes to stderr, like Terraform's note after `plan -out`.
    expect(result.stderr).toContain(`Saved the plan to ${out}. Apply exactly this plan with:`);
    expect(result.stderr).toContain(`kili-sync apply --plan ${out}`);
    const saved = await readFile(out, 'utf8');
    expect(JSON.parse(saved).planHash).toBe(plan.planHash);
    expectNoSecret(result.stdout, result.stderr, saved);
  });

  it('refuses to apply without a TTY and without --auto-approve, mutating nothing', async () => {
    const before = await stats();
    const result = await runCli(['apply', 'examples/manifests'], { env, cwd: repoRoot });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--auto-approve');
    const after = await stats();
    expect(after.requests.appendManyAssets ?? 0).toBe(before.requests.appendManyAssets ?? 0);
    expectNoSecret(result.stdout, result.stderr);
  });

  it('applies the examples, then a second plan has no changes', async () => {
    const apply = await runCli(['apply', 'examples/manifests', '--auto-approve'], {
      env,
      cwd: repoRoot,
    });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete! \d+ added, 0 changed, 1 renamed, 0 deleted\./);

    const plan = await runCli(['plan', 'examples/manifests', '--detailed-exitcode'], {
      env,
      cwd: repoRoot,
    });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    expectNoSecret(apply.stdout, apply.stderr, plan.stdout, plan.stderr);
  });

  it('reports a refused key as one clear line without echoing it', async () => {
    const wrongKey = 'ks-wrong-Secret-0000';
    const result = await runCli(['plan', 'examples/manifests'], {
      env: { ...env, KILI_API_KEY: wrongKey },
      cwd: repoRoot,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error\[KS0302\]: .*API key/);
    expect(result.stderr).not.toContain(wrongKey);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
