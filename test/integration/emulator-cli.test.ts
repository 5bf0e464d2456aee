import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureRuntime } from '../helpers/capture-runtime.js';

/** Runs `kili-sync emulator …` in process until its URL is printed, then stops it like Ctrl-C. */
async function runEmulatorCommand(args: string[], cwd: string) {
  const interrupt = new AbortController();
  let onLine = () => {};
  const printed = new Promise<void>((resolve) => {
    onLine = resolve;
  });
  const runtime = captureRuntime({ signal: interrupt.signal, cwd }, (text) => {
    if (text.includes('\n')) onLine();
  });
  const exit = main(['emulator', ...args], runtime);
  await Promise.race([printed, exit]);
  return {
    runtime,
    stop: async () => {
      interrupt.abort();
      return exit;
    },
  };
}

describe('kili-sync emulator command', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-emulator-cli-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('prints only its GraphQL URL on stdout, serves, and stops on abort with exit 0', async () => {
    const { runtime, stop } = await runEmulatorCommand(
      ['--port', '0', '--db', ':memory:', '--api-key', 'cli-Secret-42', '--fail-rate', '0'],
      folder,
    );
    const url = runtime.out().trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/label\/v2\/graphql$/);
    expect(runtime.out().split('\n')).toHaveLength(2);
    expect(runtime.err()).toContain('Kili emulator listening on http://127.0.0.1:');

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'X-API-Key: cli-Secret-42' },
      body: JSON.stringify({ query: '{ viewer { id email } }' }),
    });
    expect(response.status).toBe(200);

    expect(await stop()).toBe(0);
    expect(runtime.err()).toContain('stopped');
    expect(runtime.out() + runtime.err()).not.toContain('cli-Secret-42');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('warns on stderr when asked to listen beyond loopback', async () => {
    const { runtime, stop } = await runEmulatorCommand(
      ['--host', '0.0.0.0', '--port', '0', '--db', ':memory:'],
      folder,
    );
    expect(runtime.err()).toMatch(/^warning: .*0\.0\.0\.0.*--host 127\.0\.0\.1/m);
    expect(await stop()).toBe(0);
    const local = await runEmulatorCommand(['--port', '0', '--db', ':memory:'], folder);
    expect(local.runtime.err()).not.toContain('warning:');
    expect(await local.stop()).toBe(0);
  });

  it('never prints a key, the default one included, and creates the default database under .kili-sync/', async () => {
    const { runtime, stop } = await runEmulatorCommand(['--port', '0'], folder);
    expect(runtime.err()).toContain(
      '(API key: the default --api-key, see kili-sync emulator --help)',
    );
    expect(runtime.out() + runtime.err()).not.toMatch(/\bdev\b/);
    expect(existsSync(join(folder, '.kili-sync', 'emulator.sqlite'))).toBe(true);
    expect(await stop()).toBe(0);
  });

  it.each([
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--fail-rate', '1.5'], '--fail-rate'],
    [['--drop-rate=-0.1'], '--drop-rate'],
    [['--rate-limit=-5'], '--rate-limit'],
    [['--latency-ms', 'soon'], '--latency-ms'],
  ])('refuses %j with a usage error naming %s', async (args, flag) => {
    const runtime = captureRuntime({ cwd: folder });
    const code = await main(['emulator', '--db', ':memory:', ...args], runtime);
    expect(code).toBe(1);
    expect(runtime.err()).toContain(`invalid value for ${flag}`);
    expect(runtime.err()).toContain('hint:');
    expect(runtime.err()).not.toMatch(/^\s+at /m);
    expect(runtime.out()).toBe('');
  });

  it('reports a bad seed file as a usage error', async () => {
    const runtime = captureRuntime({ cwd: folder });
    const code = await main(
      ['emulator', '--port', '0', '--db', ':memory:', '--seed', 'nope.yaml'],
      runtime,
    );
    expect(code).toBe(1);
    expect(runtime.err()).toContain('seed file');
    expect(runtime.out()).toBe('');
  });
});
