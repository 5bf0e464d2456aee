import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const apiKey = 'ks-select-Secret-0c41';
const TEXT = 'clq0textproj0000000000001';
const IMAGE = 'clq0imageproj000000000001';

interface PlanJson {
  projects: { projectId: string; summary: { add: number } }[];
}

describe('--project selects projects of the manifests (built CLI)', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let folder: string;
  let env: Record<string, string>;

  const totalRequests = async () => {
    const response = await fetch(`${emulator.url}/api/label/v2/_emulator/stats`, {
      headers: { Authorization: `X-API-Key: ${apiKey}` },
    });
    const stats = (await response.json()) as { requests: Record<string, number> };
    return Object.values(stats.requests).reduce((sum, count) => sum + count, 0);
  };
  const planProjects = async (args: string[]): Promise<PlanJson['projects']> => {
    const result = await runCli(['plan', 'examples/manifests', '--format', 'json', ...args], {
      env,
      cwd: repoRoot,
    });
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as PlanJson).projects;
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-select-'));
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

  it('plans only the named projects', async () => {
    const projects = await planProjects(['--project', TEXT, '--project', IMAGE]);
    expect(projects.map((project) => project.projectId).sort()).toEqual([IMAGE, TEXT]);
  });

  it('refuses a project no manifest targets, before any request', async () => {
    const before = await totalRequests();
    const result = await runCli(['plan', 'examples/manifests', '--project', 'clq0typo'], {
      env,
      cwd: repoRoot,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--project 'clq0typo': no manifest targets this project");
    expect(result.stderr).toContain(TEXT);
    expect(result.stdout).toBe('');
    expect(await totalRequests()).toBe(before);
  });

  it('applies only the named project; the others keep their changes for later', async () => {
    const applied = await runCli(
      ['apply', 'examples/manifests', '--project', TEXT, '--auto-approve'],
      { env, cwd: repoRoot },
    );
    expect(applied.code, applied.stderr).toBe(0);
    const after = await planProjects([]);
    const adds = Object.fromEntries(
      after.map((project) => [project.projectId, project.summary.add]),
    );
    expect(adds[TEXT]).toBe(0);
    expect(adds[IMAGE]).toBeGreaterThan(0);
  });

  it('is refused with a saved plan, which already names its projects', async () => {
    const out = join(folder, 'plan.json');
    const planned = await runCli(['plan', 'examples/manifests', '--out', out], {
      env,
      cwd: repoRoot,
    });
    expect(planned.code, planned.stderr).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toHaveProperty('projects');
    const result = await runCli(['apply', '--plan', out, '--project', TEXT], {
      env,
      cwd: repoRoot,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('apply --plan takes no paths, --project or --dedupe');
  });
});
