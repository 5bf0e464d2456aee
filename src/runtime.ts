/**
 * The process's outside world, built once by the CLI and passed down, so that core code never
 * reads `process` directly and tests can run it with captured streams.
 */
export interface Output {
  write(text: string): void;
}

export interface Runtime {
  /** Only the requested document (plan, export YAML) goes here. */
  stdout: Output;
  /** Progress, warnings, logs and errors. */
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  isTTY: { stdin: boolean; stdout: boolean; stderr: boolean };
  /** Whether colors may be used on stderr (its TTY, NO_COLOR, FORCE_COLOR). */
  color: boolean;
  /** Whether colors may be used on stdout (its TTY, NO_COLOR, FORCE_COLOR). */
  stdoutColor: boolean;
  /** The width of the terminal stdout shows on; undefined when it is not a terminal. */
  stdoutColumns?: number;
  /** Aborted on Ctrl-C: stop scheduling new work, let in-flight work finish. */
  signal: AbortSignal;
  /**
   * Marks work that must be let finish when interrupted (writes to Kili, a server closing its
   * database), until the returned function is called. Outside such work a first Ctrl-C (or
   * SIGTERM) ends the command at once: there is nothing to wait for.
   */
  holdInterrupts(): () => void;
  verbose: boolean;
  /** Reads one line from stdin (interactive confirmation). Only called when stdin is a TTY. */
  prompt(question: string): Promise<string>;
}

/** Progress reported by long-running core functions; the CLI decides how to show it. */
export type ProgressEvent =
  | { kind: 'start'; task: string; total: number }
  | { kind: 'advance'; task: string; done: number; total: number }
  | { kind: 'stop'; task: string }
  | { kind: 'log'; level: 'info' | 'warn'; message: string };

export type ProgressListener = (event: ProgressEvent) => void;
