import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { registerApplyCommand } from './apply.js';
import { registerDoctorCommand } from './doctor.js';
import { registerEmulatorCommand } from './emulator.js';
import { registerExportCommand } from './export.js';
import { registerPlanCommand } from './plan.js';
import { registerValidateCommand } from './validate.js';

/** Registers every command, in the order `--help` lists them. */
export function registerCommands(program: Command, context: CommandContext): void {
  registerValidateCommand(program, context);
  registerPlanCommand(program, context);
  registerApplyCommand(program, context);
  registerExportCommand(program, context);
  registerDoctorCommand(program, context);
  registerEmulatorCommand(program, context);
}
