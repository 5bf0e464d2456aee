import type { Runtime } from '../runtime.js';

/** What every command receives: the runtime, the global flags, and a way to set the exit code. */
export interface CommandContext {
  runtime: Runtime;
  /** `--verbose`/`-v`, wherever it was given. */
  isVerbose(): boolean;
  setExitCode(code: number): void;
}
