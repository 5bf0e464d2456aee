import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** `kili-sync emulator`: not available yet. */
export function registerEmulatorCommand(program: Command, context: CommandContext): void {
  void program;
  void context;
}
