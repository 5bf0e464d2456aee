import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** `kili-sync apply`: not available yet. */
export function registerApplyCommand(program: Command, context: CommandContext): void {
  void program;
  void context;
}
