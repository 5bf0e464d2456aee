import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, runCli } from '../helpers/run-cli.js';

/**
 * A large manifest (parsed in chunks on worker threads) with one `jsonMetadata` nested 2,000
 * deep: a reply that deep could not cross from the worker, and the command waited forever.
 * Every way a worker fails now ends in the ordinary parse and a located error.
 */
describe('a deep value in a large manifest', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kili-sync-deep-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** `count` plain assets, then one whose metadata nests 2,000 levels, in block or flow style. */
  function write(name: string, count: number, style: 'block' | 'flow'): string {
    const lines = ['apiVersion: kili-sync/v1', 'project: clproject000000000000000', 'assets:'];
    for (let i = 0; i < count; i += 1) {
      lines.push(`  - externalId: plain-${i}`, `    content: https://cdn.example.com/${i}.jpg`);
    }
    lines.push('  - externalId: deep', '    jsonMetadata:');
    if (style === 'flow') {
      lines.push(`      ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}`);
    } else {
      for (let depth = 0; depth < 2000; depth += 1) {
        lines.push(`${' '.repeat(6 + 2 * depth)}a:${depth === 1999 ? ' 1' : ''}`);
      }
    }
    const path = join(folder, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }

  // The reported input (28,000 plain assets), then about 4 MB and 9 MB. The block-style nest's
  // indentation alone is 4 MB.
  const cases = [
    ['block', 28_000, ['validate', 'plan']],
    ['flow', 28_000, ['validate']],
    ['flow', 53_000, ['validate']],
    ['block', 66_000, ['validate']],
  ] as const;

  it.each(cases)(
    '%s style after %i assets: %j end with the located error',
    async (style, count, commands) => {
      const path = write(`deep-${style}-${count}.yaml`, count, style);
      for (const command of commands) {
        const result = await runCli([command, path], {
          cwd: folder,
          // Nothing may be sent: the endpoint refuses connections.
          env: { KILI_API_KEY: 'k', KILI_API_ENDPOINT: 'http://127.0.0.1:9/api/label/v2/graphql' },
          // The bound that tells a hang (the reply that never came) from a slow parse.
          timeoutMs: 150_000,
        });
        expect(result.signal, 'killed: the command did not finish').toBeNull();
        expect(result.stderr).not.toMatch(/^\s+at /m);
        expect(result.code, result.stderr).toBe(1);
        // Located inside the deep asset, wherever the parse finds the limit crossed.
        const located = new RegExp(
          `deep-${style}-${count}\\.yaml:(\\d+):\\d+: error: .*nests? deeper than 64 levels`,
        ).exec(result.stderr);
        expect(located, result.stderr).not.toBeNull();
        expect(Number(located?.[1])).toBeGreaterThanOrEqual(4 + 2 * count);
      }
    },
    300_000,
  );
});

/**
 * One SIGTERM ends a command that has nothing in flight that must finish: here a plan waiting
 * for a picture its HTML report embeds, from a server that never answers.
 */
describe('SIGTERM while nothing must finish', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let silent: Server;
  let requested: Promise<void>;
  const held: IncomingMessage[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'kili-sync-sigterm-'));

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, db: ':memory:', apiKey: 'sigterm-key' });
    let onRequest = () => {};
    requested = new Promise((resolve) => {
      onRequest = resolve;
    });
    silent = createServer((request) => {
      held.push(request);
      onRequest();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const request of held) request.socket.destroy();
    silent.close();
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('exits 130 at once', async () => {
    const created = await fetch(emulator.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'X-API-Key: sigterm-key' },
      body: JSON.stringify({
        query:
          'mutation createProject($data: CreateProjectData!) { data: createProject(data: $data) { id } }',
        variables: { data: { title: 'sigterm', inputType: 'IMAGE', jsonInterface: '{}' } },
      }),
    });
    const projectId = ((await created.json()) as { data: { data: { id: string } } }).data.data.id;
    const address = silent.address() as { port: number };
    writeFileSync(
      join(folder, 'm.yaml'),
      `apiVersion: kili-sync/v1\nproject: ${projectId}\nassets:\n  - externalId: a\n    content: http://127.0.0.1:${address.port}/a.jpg\n`,
    );
    const child = spawn(
      process.execPath,
      [CLI_PATH, 'plan', 'm.yaml', '--html', 'r.html', '--report-images', 'embed'],
      {
        cwd: folder,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          KILI_API_KEY: 'sigterm-key',
          KILI_API_ENDPOINT: emulator.graphqlUrl,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await requested;
    child.kill('SIGTERM');
    // Before the fix the first SIGTERM was only noted, and the plan waited for the picture
    // (20 s) before finishing with its usual exit code.
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
