import { Command, CommanderError } from 'commander';
import { ERROR_CATALOGUE } from '../error-catalogue.js';
import { EXIT_ERROR, EXIT_OK, isKiliSyncError, KiliSyncError } from '../errors.js';
import { diagnosticsOf, renderError, renderGithubAnnotation } from '../render/render-error.js';
import type { Runtime } from '../runtime.js';
import { VERSION } from '../version.js';
import type { CommandContext } from './command-context.js';
import { registerCommands } from './commands/index.js';

/**
 * Runs the CLI with the given arguments (without `node` and the script) and returns the exit
 * code. Never throws: every error is rendered here, once.
 */
export async function main(argv: string[], runtime: Runtime): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('kili-sync')
    .description('Declare the assets of Kili labeling projects in git; plan and apply them safely.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces of internal errors')
    .option('-v, --verbose', 'say more on stderr (skipped files, retries)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput(outputTo(runtime));

  const context: CommandContext = {
    runtime,
    isVerbose: () => runtime.verbose || program.opts<{ verbose?: boolean }>().verbose === true,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  await registerCommands(program, context, argv);
  for (const command of program.commands) {
    command.exitOverride().configureOutput(outputTo(runtime));
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, runtime, program.opts<{ debug?: boolean }>().debug === true);
  }
}

/** Commander's own output; its errors (unknown option, missing argument) carry their code. */
function outputTo(runtime: Runtime) {
  const usage = `error[${ERROR_CATALOGUE.usage.code}]:`;
  return {
    writeOut: (text: string) => runtime.stdout.write(text),
    writeErr: (text: string) => runtime.stderr.write(text),
    outputError: (text: string, write: (text: string) => void) =>
      write(text.replace(/^error:/, usage)),
  };
}

function reportError(error: unknown, runtime: Runtime, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (and help, when asked for). Its exit code is
    // 0 for --help/--version and 1 otherwise, e.g. for a bare `kili-sync` with no command.
    return error.exitCode === EXIT_OK ? EXIT_OK : EXIT_ERROR;
  }
  if (isKiliSyncError(error)) {
    if (runtime.env.GITHUB_ACTIONS === 'true') {
      for (const diagnostic of diagnosticsOf(error)) {
        runtime.stderr.write(`${renderGithubAnnotation(diagnostic)}\n`);
      }
    }
    runtime.stderr.write(renderError(error, runtime.color));
    if (debug && error.cause instanceof Error && error.cause.stack) {
      runtime.stderr.write(`${error.cause.stack}\n`);
    }
    return error.exitCode;
  }
  const firstLine = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0];
  const stack = debug && error instanceof Error ? error.stack : undefined;
  // With the stack printed, the catalogue's hint (rerun with --debug) has nothing left to say.
  const internal = new KiliSyncError('internal', `internal error: ${firstLine}`, {
    ...(stack ? { hint: '' } : {}),
  });
  runtime.stderr.write(renderError(internal, runtime.color));
  if (stack) runtime.stderr.write(`${stack}\n`);
  return internal.exitCode;
}
