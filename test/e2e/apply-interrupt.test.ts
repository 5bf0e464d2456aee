import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KiliClient } from '../../src/kili/client.js';
import { CLI_PATH, runCli } from '../helpers/run-cli.js';

const apiKey = 'interrupt-test-Secret-91c2';
const COUNT = 3000;

interface Stats {
  requests: Record<string, number>;
  projects: Record<string, { assets: number; labeled: number }>;
}

describe('Ctrl-C during apply', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let folder: string;
  let env: Record<string, string>;
  /** Resolved when the emulator has answered its first append (it logs every call it serves). */
  let firstAppendServed: Promise<void>;

  const stats = async (): Promise<Stats> =>
    (
      await fetch(`${emulator.url}/api/label/v2/_emulator/stats`, {
        headers: { authorization: `X-API-Key: ${apiKey}` },
      })
    ).json() as Promise<Stats>;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-interrupt-'));
    let onFirstAppend = () => {};
    firstAppendServed = new Promise((resolve) => {
      onFirstAppend = resolve;
    });
    // Latency keeps the apply running long enough to be interrupted in the middle.
    emulator = await startEmulator({
      port: 0,
      db: ':memory:',
      apiKey,
      faults: { latencyMs: 100 },
      log: (line) => {
        if (line.includes('appendManyAssets')) onFirstAppend();
      },
    });
    env = { KILI_API_KEY: apiKey, KILI_API_ENDPOINT: emulator.graphqlUrl };
  });

  afterAll(async () => {
    await emulator?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('stops scheduling, exits 130, and a rerun converges without duplicates', async () => {
    const client = new KiliClient({ endpoint: emulator.graphqlUrl, apiKey });
    const created = await client.request<{ data: { id: string } }>(
      'mutation createProject($data: CreateProjectData!) { data: createProject(data: $data) { id } }',
      { data: { title: 'interrupt', inputType: 'IMAGE', jsonInterface: '{}' } },
    );
    const projectId = created.data.id;
    const assets = Array.from(
      { length: COUNT },
      (_, i) => `\n  - externalId: big-${i}\n    content: https://cdn.example.com/${i}.jpg`,
    ).join('');
    const manifestPath = join(folder, 'big.yaml');
    await writeFile(
      manifestPath,
      `apiVersion: kili-sync/v1\nkind: AssetSet\nproject: ${projectId}\nassets:${assets}\n`,
    );

    const child = spawn(process.execPath, [CLI_PATH, 'apply', manifestPath, '--auto-approve'], {
      cwd: folder,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    // Interrupt once the first append has been served (or the run ended early, a failure below).
    await Promise.race([firstAppendServed, exited]);
    child.kill('SIGINT');
    const code = await exited;

    expect(stderr).not.toMatch(/^\s+at /m);
    expect(code).toBe(130);
    expect(stdout).toContain('Apply interrupted:');
    expect(stderr).toContain('rerun kili-sync apply');
    const partial = (await stats()).projects[projectId]?.assets ?? 0;
    expect(partial).toBeLessThan(COUNT);

    const rerun = await runCli(['apply', manifestPath, '--auto-approve'], { env, cwd: folder });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`Apply complete! ${COUNT - partial} added`);
    expect((await stats()).projects[projectId]?.assets).toBe(COUNT);

    const check = await runCli(['plan', manifestPath, '--detailed-exitcode'], { env, cwd: folder });
    expect(check.code).toBe(0);
    for (const text of [stdout, stderr, rerun.stdout, rerun.stderr]) {
      expect(text).not.toContain(apiKey);
    }
  });
});
