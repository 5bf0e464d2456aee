import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Killed (SIGKILL) if still running after this long: a bound for tests of hangs. */
  timeoutMs?: number;
}

/** Runs a program to completion and collects its output; never rejects on a non-zero exit. */
export function runCommand(
  program: string,
  args: string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * The environment without what `npm test` adds for its scripts: a nested npm given
 * `npm_config_local_prefix` would treat this repository as the project it works on.
 */
export function environmentOutsideNpmScript(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const addedByNpmRun =
      name === 'INIT_CWD' ||
      name === 'npm_config_local_prefix' ||
      name === 'npm_command' ||
      name.startsWith('npm_package_') ||
      name.startsWith('npm_lifecycle_');
    if (!addedByNpmRun) env[name] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}
