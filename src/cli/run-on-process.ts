import { EXIT_INTERRUPTED } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { main } from './main.js';

/** Colors follow the conventions: FORCE_COLOR wins, then NO_COLOR, then whether it is a TTY. */
function colorEnabled(env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') {
    return true;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

/**
 * Runs the CLI on the real process: its streams, environment, TTYs and signals (a first Ctrl-C
 * or SIGTERM interrupts cleanly while work that must finish is under way, see
 * `Runtime.holdInterrupts`, and otherwise calls `exitNow`, which ends the process at once, as a
 * second one always does). Returns the exit code.
 */
export async function runOnProcess(
  args: string[],
  exitNow: (code: number) => never,
): Promise<number> {
  const interrupt = new AbortController();
  let interruptCount = 0;
  let holds = 0;
  const onInterrupt = () => {
    interruptCount += 1;
    if (holds === 0) {
      // Nothing that must finish is under way (reading, parsing, planning): stop now.
      process.stderr.write('\ninterrupted\n');
      exitNow(EXIT_INTERRUPTED);
    }
    if (interruptCount > 1) {
      // A second Ctrl-C means "stop now", even with requests in flight.
      process.stderr.write('\ninterrupted again: exiting immediately\n');
      exitNow(EXIT_INTERRUPTED);
    }
    interrupt.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  const runtime: Runtime = {
    stdout: { write: (text) => process.stdout.write(text) },
    stderr: { write: (text) => process.stderr.write(text) },
    env: process.env,
    cwd: process.cwd(),
    isTTY: {
      // Read when asked: touching process.stdin sets up a stream, which most commands never need.
      get stdin() {
        return process.stdin.isTTY === true;
      },
      stdout: process.stdout.isTTY === true,
      stderr: process.stderr.isTTY === true,
    },
    color: colorEnabled(process.env, process.stderr),
    stdoutColor: colorEnabled(process.env, process.stdout),
    stdoutColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
    signal: interrupt.signal,
    holdInterrupts: () => {
      holds += 1;
      let released = false;
      return () => {
        if (!released) holds -= 1;
        released = true;
      };
    },
    verbose: process.argv.includes('--verbose') || process.argv.includes('-v'),
    prompt: async (question) => {
      const { createInterface } = await import('node:readline/promises');
      const reader = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await reader.question(question);
      } catch (error) {
        // Ctrl-C at the prompt aborts the question: an interruption, not a bug.
        if (error instanceof Error && error.name === 'AbortError') {
          // Loaded here: the Kili client's error module brings graphql-request, which --version
          // and validate never need at startup.
          const { createInterruptedError } = await import('../kili/client-errors.js');
          throw createInterruptedError();
        }
        throw error;
      } finally {
        reader.close();
      }
    },
  };

  const exitCode = await main(args, runtime);
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onInterrupt);
  return exitCode;
}
