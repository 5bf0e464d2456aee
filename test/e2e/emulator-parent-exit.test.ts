import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_PATH } from '../helpers/run-cli.js';

/**
 * A wrapper that starts the emulator (`npx`, a shell) may end on SIGTERM without passing it on.
 * The emulator then stops by itself instead of holding its port.
 */
describe('kili-sync emulator started by a wrapper', () => {
  it('stops listening once the wrapper has ended', async () => {
    // `; true` keeps the shell as the emulator's parent instead of replacing itself with it.
    const wrapper = spawn(
      'sh',
      ['-c', `"${process.execPath}" "${CLI_PATH}" emulator --port 0 --db :memory:; true`],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } },
    );
    const graphqlUrl = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      wrapper.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!.trim());
      });
      wrapper.on('exit', () => reject(new Error('the wrapper ended before the emulator listened')));
    });
    const version = graphqlUrl.replace(/\/graphql$/, '/version');
    expect((await fetch(version)).status).toBe(200);

    wrapper.kill('SIGKILL');
    // Bounded by the test's timeout: before the fix it listened for good.
    for (;;) {
      const answered = await fetch(version).then(
        () => true,
        () => false,
      );
      if (!answered) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await expect(fetch(version)).rejects.toThrow();
  });
});
