import type { Runtime } from '../../src/runtime.js';

export interface CapturedRuntime extends Runtime {
  out(): string;
  err(): string;
}

/**
 * A runtime whose stdout/stderr are captured strings, for running `main()` in process.
 * `onStdout` is told of each write, for tests that wait for a line.
 */
export function captureRuntime(
  overrides: Partial<Runtime> = {},
  onStdout?: (text: string) => void,
): CapturedRuntime {
  let stdout = '';
  let stderr = '';
  return {
    stdout: {
      write: (text) => {
        stdout += text;
        onStdout?.(text);
      },
    },
    stderr: {
      write: (text) => {
        stderr += text;
      },
    },
    env: {},
    cwd: process.cwd(),
    isTTY: { stdin: false, stdout: false, stderr: false },
    color: false,
    stdoutColor: false,
    signal: new AbortController().signal,
    holdInterrupts: () => () => undefined,
    verbose: false,
    prompt: async () => {
      throw new Error('prompt called without a TTY');
    },
    ...overrides,
    out: () => stdout,
    err: () => stderr,
  };
}
