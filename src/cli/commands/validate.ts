import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** `kili-sync validate`: not available yet. */
export function registerValidateCommand(program: Command, context: CommandContext): void {
  void program;
  void context;
}
