import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** `kili-sync export`: not available yet. */
export function registerExportCommand(program: Command, context: CommandContext): void {
  void program;
  void context;
}
