import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureRuntime } from '../helpers/capture-runtime.js';

const COMMANDS = ['validate', 'plan', 'apply', 'export', 'doctor', 'emulator'];

async function help(command: string): Promise<string> {
  const runtime = captureRuntime({ cwd: process.cwd(), env: {} });
  const code = await main([command, '--help'], runtime);
  expect(code).toBe(0);
  // Commander wraps long descriptions: join them back to read each option whole.
  return runtime.out().replace(/\n {10,}/g, ' ');
}

describe('help texts', () => {
  it.each(COMMANDS)(
    '%s shows every default the same way: (default: VALUE), unquoted',
    async (command) => {
      const text = await help(command);
      expect(text).not.toMatch(/default: ["[]/);
      for (const match of text.matchAll(/default: ?([^)]*)\)/g)) {
        expect(match[1], match[0]).toMatch(/^\S/);
      }
    },
  );

  it('names the default of each PATH argument and value option', async () => {
    expect(await help('validate')).toMatch(/paths +manifest files.*\(default: \.\)/);
    expect(await help('plan')).toMatch(/paths +manifest files.*\(default: \.\)/);
    expect(await help('apply')).toMatch(/paths +manifest files.*\(default: \.\)/);
    expect(await help('plan')).toContain('default: text)');
    expect(await help('validate')).toContain('default: text)');
    const emulator = await help('emulator');
    expect(emulator).toContain('interface to listen on (default: 127.0.0.1)');
    expect(emulator).toContain('(default: 4000)');
    expect(emulator).toContain('the API key clients must send (default: dev)');
  });
});
