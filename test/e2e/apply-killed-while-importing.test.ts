import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KiliClient } from '../../src/kili/client.js';
import { CLI_PATH, runCli } from '../helpers/run-cli.js';
import { listAllAssets } from '../integration/apply-support.js';

const apiKey = 'killed-importing-Secret-71c2';
const VIDEOS = 250;
/** Three imports of 100, 100 and 50 videos. */
const IMPORTS = 3;

interface Stats {
  requests: Record<string, number>;
  imports: { pending: number; succeeded: number; failed: number };
}

/**
 * An apply killed (kill -9) while Kili processes its asynchronous imports, then run again: no
 * asset twice, none missing. The emulator keeps every import PENDING (an hour) until the test
 * ends them through its control route, so each state is reached by events, never by timing.
 */
describe('apply killed while Kili processes its imports', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let folder: string;
  let client: KiliClient;
  const env = () => ({ KILI_API_KEY: apiKey, KILI_API_ENDPOINT: emulator.graphqlUrl });

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-importing-'));
    emulator = await startEmulator({ port: 0, db: ':memory:', apiKey, asyncImportMs: 3_600_000 });
    client = new KiliClient({ endpoint: emulator.graphqlUrl, apiKey });
  });
  afterAll(async () => {
    await emulator?.close();
    await rm(folder, { recursive: true, force: true });
  });

  const stats = async (): Promise<Stats> =>
    (await (
      await fetch(`${emulator.url}/api/label/v2/_emulator/stats`, {
        headers: { authorization: `X-API-Key: ${apiKey}` },
      })
    ).json()) as Stats;
  const finishImports = () =>
    fetch(`${emulator.url}/api/label/v2/_emulator/imports/finish`, {
      method: 'POST',
      headers: { authorization: `X-API-Key: ${apiKey}` },
    });
  /**
   * Waits until the emulator has counted what `reached` looks for. The bound only turns a run
   * that never gets there into a failure instead of a hang; no assertion rests on time.
   */
  async function waitFor(what: string, reached: (current: Stats) => boolean): Promise<Stats> {
    for (let polls = 0; polls < 1000; polls += 1) {
      const current = await stats();
      if (reached(current)) return current;
      await sleep(50);
    }
    throw new Error(`never happened: ${what}`);
  }

  async function createVideoProject(name: string) {
    const created = await client.request<{ data: { id: string } }>(
      'mutation createProject($data: CreateProjectData!) { data: createProject(data: $data) { id } }',
      { data: { title: name, inputType: 'VIDEO', jsonInterface: '{}' } },
    );
    const projectId = created.data.id;
    const videos = Array.from(
      { length: VIDEOS },
      (_, i) =>
        `\n  - externalId: ${name}-${String(i).padStart(3, '0')}\n    content: https://cdn.example.com/${i}.mp4` +
        (i % 10 === 0 ? '\n    priority: 3' : ''),
    ).join('');
    const frames = `\n  - externalId: ${name}-frames\n    frames: [https://cdn.example.com/f/0.jpg, https://cdn.example.com/f/1.jpg]`;
    const path = join(folder, `${name}.yaml`);
    await writeFile(
      path,
      `apiVersion: kili-sync/v1\nkind: AssetSet\nproject: ${projectId}\nassets:${videos}${frames}\n`,
    );
    return { projectId, path };
  }

  /** Starts an apply and kills it (-9) once every import is sent and waited on. */
  async function applyAndKillWhileImporting(path: string): Promise<void> {
    const before = await stats();
    const sent = before.requests.appendManyFramesToDatasetAsynchronously ?? 0;
    const polled = before.requests.notifications ?? 0;
    const child = spawn(process.execPath, [CLI_PATH, 'apply', path, '--auto-approve'], {
      cwd: folder,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env() },
      stdio: 'ignore',
    });
    const exited = once(child, 'exit');
    await waitFor(
      'every import sent and waited on',
      ({ requests }) =>
        (requests.appendManyFramesToDatasetAsynchronously ?? 0) >= sent + IMPORTS &&
        (requests.notifications ?? 0) >= polled + IMPORTS,
    );
    child.kill('SIGKILL');
    await exited;
  }

  /** Every external ID once, none missing, priorities set, and a plan without changes. */
  async function expectConverged(projectId: string, path: string) {
    const assets = await listAllAssets(client, projectId);
    const externalIds = assets.map((asset) => asset.externalId);
    expect(externalIds.length - new Set(externalIds).size).toBe(0);
    expect(assets).toHaveLength(VIDEOS + 1);
    expect(assets.filter((asset) => asset.priority === 3)).toHaveLength(VIDEOS / 10);
    const check = await runCli(['plan', path, '--detailed-exitcode'], { env: env(), cwd: folder });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }

  it('rerun while the imports are still PENDING: it waits for them, then counts every video once', async () => {
    const { projectId, path } = await createVideoProject('pending');
    await applyAndKillWhileImporting(path);
    // Killed mid-wait: the videos are Kili's to create; only the frames (appended) exist.
    expect((await stats()).imports.pending).toBe(IMPORTS);
    expect(await listAllAssets(client, projectId)).toHaveLength(1);

    const sent = (await stats()).requests.appendManyFramesToDatasetAsynchronously ?? 0;
    const rerun = runCli(['apply', path, '--auto-approve'], { env: env(), cwd: folder });
    // The rerun planned every video again and sent its imports: refused, since the killed
    // run's imports hold their ids. It reads the ids back, finds nothing, and waits for them,
    // reading them again now and then: once it has read each batch twice more, it is waiting.
    const refused = await waitFor(
      'the rerun sends its imports',
      ({ requests }) => (requests.appendManyFramesToDatasetAsynchronously ?? 0) >= sent + IMPORTS,
    );
    await waitFor(
      'the rerun waits for the imports that hold its ids',
      ({ requests }) => (requests.assets ?? 0) >= (refused.requests.assets ?? 0) + 2 * IMPORTS,
    );
    const waiting = await stats();
    expect(waiting.imports.pending).toBe(IMPORTS);
    expect(waiting.requests.appendManyFramesToDatasetAsynchronously).toBe(sent + IMPORTS);
    await finishImports();
    const result = await rerun;

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Apply complete! ${VIDEOS} added`);
    expect(result.stdout + result.stderr).not.toContain(apiKey);
    // Nothing was imported twice: the rerun sent no import after the refused ones.
    const after = await stats();
    expect(after.imports).toMatchObject({ pending: 0 });
    expect(after.requests.appendManyFramesToDatasetAsynchronously).toBe(sent + IMPORTS);
    await expectConverged(projectId, path);
  });

  it('rerun once the imports ended: the videos are there, and only what the killed run left is done', async () => {
    const { projectId, path } = await createVideoProject('ended');
    await applyAndKillWhileImporting(path);
    await finishImports();
    expect(await listAllAssets(client, projectId)).toHaveLength(VIDEOS + 1);

    const before = await stats();
    const result = await runCli(['apply', path, '--auto-approve'], { env: env(), cwd: folder });
    expect(result.code, result.stderr).toBe(0);
    // No video is imported again: the killed run was cut before the follow-up updates that set
    // priorities, and the rerun sets exactly those.
    const after = await stats();
    expect(after.requests.appendManyFramesToDatasetAsynchronously).toBe(
      before.requests.appendManyFramesToDatasetAsynchronously,
    );
    expect(result.stdout).toContain(`Apply complete! 0 added, ${VIDEOS / 10} changed`);
    await expectConverged(projectId, path);
  });
});
