import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** Registers every command that works. */
export function registerCommands(program: Command, context: CommandContext): void {
  void program;
  void context;
}
