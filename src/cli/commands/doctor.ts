import { type Command, Option } from 'commander';
import { EXIT_ERROR } from '../../errors.js';
import { renderDoctorJson, renderDoctorText } from '../../render/render-doctor.js';
import { runDoctor } from '../../workflows/doctor.js';
import type { CommandContext } from '../command-context.js';
import {
  addConnectionOptions,
  type ConnectionFlags,
  connectionFromFlags,
} from '../shared-options.js';

interface DoctorFlags extends ConnectionFlags {
  project?: string;
  writeProbe?: string;
  format: 'text' | 'json';
}

/** `kili-sync doctor`: check what kili-sync assumes of a Kili endpoint, key and project. */
export function registerDoctorCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('doctor')
    .description('check that a Kili endpoint, key and project behave as kili-sync assumes')
    .option('--project <id>', 'also read this project: input type, asset count, one page')
    .option(
      '--write-probe <id>',
      'append, update, rename and delete one probe asset in this empty scratch project',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text', 'text'),
    );
  addConnectionOptions(command).action(async (flags: DoctorFlags) => {
    const { runtime } = context;
    const report = await runDoctor({
      runtime,
      connection: connectionFromFlags(flags, runtime),
      projectId: flags.project,
      writeProbeProjectId: flags.writeProbe,
    });
    runtime.stdout.write(
      flags.format === 'json'
        ? renderDoctorJson(report)
        : renderDoctorText(report, { color: runtime.stdoutColor }),
    );
    if (report.failed.length > 0) context.setExitCode(EXIT_ERROR);
  });
}
