import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { commandNameIn } from '../command-name.js';

type Register = (program: Command, context: CommandContext) => void;

/**
 * Every command, in the order `--help` lists them, each loaded on demand: a command's module
 * pulls in its whole workflow (schemas, the GraphQL client, renderers), so a run loads only
 * the one it needs and `--version` none.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import('./validate.js')).registerValidateCommand,
  plan: async () => (await import('./plan.js')).registerPlanCommand,
  apply: async () => (await import('./apply.js')).registerApplyCommand,
  export: async () => (await import('./export.js')).registerExportCommand,
  doctor: async () => (await import('./doctor.js')).registerDoctorCommand,
  emulator: async () => (await import('./emulator.js')).registerEmulatorCommand,
};

const VERSION_FLAGS = new Set(['-V', '--version']);

/** Registers the commands `argv` can reach: the one it names, none for `--version`, else all. */
export async function registerCommands(
  program: Command,
  context: CommandContext,
  argv: string[],
): Promise<void> {
  const named = commandNameIn(argv);
  let names = Object.keys(COMMANDS);
  if (named !== undefined && Object.hasOwn(COMMANDS, named)) names = [named];
  else if (named === undefined && argv.some((arg) => VERSION_FLAGS.has(arg))) names = [];
  const registers = await Promise.all(names.map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program, context);
}
