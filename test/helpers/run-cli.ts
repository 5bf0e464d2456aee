import { fileURLToPath } from 'node:url';
import { type CommandResult, runCommand } from './run-command.js';

/** The built CLI; the tests' global setup builds it from the current source first. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

export type CliResult = CommandResult;

export interface RunCliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

/** Runs the built CLI as a child process, with a clean environment plus `env`. */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  return runCommand(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env },
    input: options.input,
    timeoutMs: options.timeoutMs,
  });
}
