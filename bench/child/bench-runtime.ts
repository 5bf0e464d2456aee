import type { Runtime } from '../../src/runtime.js';

/** A quiet runtime for core calls made by the benchmarks: no output, never interactive. */
export function createBenchRuntime(cwd: string): Runtime {
  const discard = { write: () => undefined };
  return {
    stdout: discard,
    stderr: discard,
    env: {},
    cwd,
    isTTY: { stdin: false, stdout: false, stderr: false },
    color: false,
    stdoutColor: false,
    signal: new AbortController().signal,
    holdInterrupts: () => () => undefined,
    verbose: false,
    prompt: async () => {
      throw new Error('the benchmarks never prompt');
    },
  };
}
