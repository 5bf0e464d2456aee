import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KiliClient } from '../../src/kili/client.js';
import { CLI_PATH, runCli } from '../helpers/run-cli.js';
import { startTestProxy, type TestProxy } from '../helpers/test-proxy.js';
import { listAllAssets } from '../integration/apply-support.js';

const apiKey = 'exactly-once-Secret-3e8d';

/** The adds an apply's summary line reports: its own, and those another run had made. */
function addsReported(stdout: string): { added: number; alreadyAdded: number } {
  const match = /Apply complete! (\d+) added(?:, (\d+) already added by another run)?,/.exec(
    stdout,
  );
  expect(match, stdout).not.toBeNull();
  return { added: Number(match![1]), alreadyAdded: Number(match![2] ?? 0) };
}

/**
 * Exactly once across processes: two runs at once, and a run killed while the server still
 * processes its appends. A proxy in front of the emulator holds the appends, so that what
 * would be a race is forced to happen, and says (by events) when the moment has come.
 */
describe('apply exactly once across processes', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let folder: string;
  let client: KiliClient;
  const proxies: TestProxy[] = [];

  const startProxy = async () => {
    const proxy = await startTestProxy(emulator.graphqlUrl);
    proxies.push(proxy);
    return proxy;
  };
  const envFor = (endpoint: string) => ({ KILI_API_KEY: apiKey, KILI_API_ENDPOINT: endpoint });

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-once-'));
    emulator = await startEmulator({ port: 0, db: ':memory:', apiKey });
    client = new KiliClient({ endpoint: emulator.graphqlUrl, apiKey });
  });

  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  afterAll(async () => {
    await emulator?.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function createProjectWithManifest(name: string, count: number) {
    const created = await client.request<{ data: { id: string } }>(
      'mutation createProject($data: CreateProjectData!) { data: createProject(data: $data) { id } }',
      { data: { title: name, inputType: 'IMAGE', jsonInterface: '{}' } },
    );
    const projectId = created.data.id;
    const assets = Array.from(
      { length: count },
      (_, i) =>
        `\n  - externalId: ${name}-${i}\n    content: https://cdn.example.com/${i}.jpg` +
        (i % 4 === 0 ? `\n    priority: ${(i % 5) + 1}` : ''),
    ).join('');
    const path = join(folder, `${name}.yaml`);
    await writeFile(
      path,
      `apiVersion: kili-sync/v1\nkind: AssetSet\nproject: ${projectId}\nassets:${assets}\n`,
    );
    return { projectId, path };
  }

  /** Every external ID once, none missing, and a plan without changes. */
  async function expectConverged(projectId: string, path: string, count: number) {
    const assets = await listAllAssets(client, projectId);
    const externalIds = assets.map((asset) => asset.externalId);
    expect(externalIds.length - new Set(externalIds).size).toBe(0);
    expect(assets).toHaveLength(count);
    expect(assets.filter((asset) => asset.priority > 0)).toHaveLength(Math.ceil(count / 4));
    const check = await runCli(['plan', path, '--detailed-exitcode'], {
      env: envFor(emulator.graphqlUrl),
      cwd: folder,
    });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }

  it('two concurrent applies of 2,000 adds create every asset once, and their reports add up', async () => {
    const COUNT = 2000;
    const { projectId, path } = await createProjectWithManifest('concurrent', COUNT);
    const first = await startProxy();
    const second = await startProxy();
    first.hold('appendManyAssets');
    second.hold('appendManyAssets');
    const runs = [first, second].map((proxy) =>
      runCli(['apply', path, '--auto-approve'], { env: envFor(proxy.graphqlUrl), cwd: folder }),
    );
    // Both runs have read the empty project and planned 2,000 adds before either adds one.
    await Promise.all([first.waitForHeld(1), second.waitForHeld(1)]);
    await Promise.all([first.release(), second.release()]);
    const results = await Promise.all(runs);

    const reports = results.map((result) => {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stdout + result.stderr).not.toContain(apiKey);
      return addsReported(result.stdout);
    });
    // Each run accounts for every add it planned, and between them they created each once.
    for (const report of reports) expect(report.added + report.alreadyAdded).toBe(COUNT);
    expect(reports[0]!.added + reports[1]!.added).toBe(COUNT);
    expect(reports[0]!.alreadyAdded + reports[1]!.alreadyAdded).toBe(COUNT);
    await expectConverged(projectId, path, COUNT);
  });

  it('a run killed while the server still processes its appends, then rerun, adds each asset once', async () => {
    const COUNT = 1000;
    const { projectId, path } = await createProjectWithManifest('killed', COUNT);
    const proxy = await startProxy();
    // The server accepts the appends but runs them late: after the rerun has read the project.
    proxy.hold('appendManyAssets');
    const child = spawn(process.execPath, [CLI_PATH, 'apply', path, '--auto-approve'], {
      cwd: folder,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...envFor(proxy.graphqlUrl) },
      stdio: 'ignore',
    });
    const exited = once(child, 'exit');
    // Four appends in flight (the default concurrency), none answered: kill the run.
    await proxy.waitForHeld(4);
    child.kill('SIGKILL');
    await exited;

    const rerun = runCli(['apply', path, '--auto-approve'], {
      env: envFor(proxy.graphqlUrl),
      cwd: folder,
    });
    // The rerun planned all adds and sends its first append: now the killed run's appends run.
    await proxy.waitForHeld(5);
    await proxy.release();
    const result = await rerun;

    expect(result.code, result.stderr).toBe(0);
    // What the killed run created is reported as such; the rerun accounts for every add.
    const report = addsReported(result.stdout);
    expect(report.added + report.alreadyAdded).toBe(COUNT);
    expect(report.alreadyAdded).toBeGreaterThan(0);
    expect(result.stdout + result.stderr).not.toContain(apiKey);
    await expectConverged(projectId, path, COUNT);
  });
});
