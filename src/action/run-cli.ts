import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI of this checkout of the action, built next to this module. */
const CLI_PATH = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

export interface CliRun {
  code: number;
  /** All of stdout when `keepStdout`, else its last few KiB. */
  stdout: string;
  /** The last few KiB of stderr, for a failure report. */
  stderrTail: string;
}

const TAIL_CHARS = 16 * 1024;

/**
 * Runs `kili-sync args…`, passing its output through to the log as it comes while keeping
 * what the action needs. Ctrl-C and cancellation are passed on, so apply stops cleanly.
 */
export function runKiliSync(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; keepStdout: boolean },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      process.stdout.write(chunk);
      stdout = options.keepStdout ? stdout + chunk : tail(stdout + chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      process.stderr.write(chunk);
      stderrTail = tail(stderrTail + chunk);
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code: code ?? (signal ? 130 : 1), stdout, stderrTail });
    });
  });
}

function tail(text: string): string {
  return text.length > TAIL_CHARS ? text.slice(-TAIL_CHARS) : text;
}
