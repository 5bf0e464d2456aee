import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** `kili-sync plan`: not available yet. */
export function registerPlanCommand(program: Command, context: CommandContext): void {
  void program;
  void context;
}
