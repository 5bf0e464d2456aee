/**
 * A usage problem the emulator reports to whoever starts it (a bad option, an unreadable seed or
 * database, a busy port). Shaped like kili-sync's own errors (a code and a hint) so the CLI can
 * render it the same way; the emulator package depends on nothing of the CLI.
 */
export class KiliSyncError extends Error {
  readonly code: 'USAGE';
  readonly hint?: string;

  constructor(code: 'USAGE', message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EmulatorUsageError';
    this.code = code;
    this.hint = options.hint;
  }
}
