import { dirname } from 'node:path';
import type { Command } from 'commander';
import { exportManifest } from '../../workflows/export.js';
import type { CommandContext } from '../command-context.js';
import { kiliFromFlags } from '../kili-from-flags.js';
import { createProgressReporter } from '../progress.js';
import {
  addConnectionOptions,
  type CacheFlags,
  type ConnectionFlags,
  cacheFromFlags,
} from '../shared-options.js';

interface ExportFlags extends ConnectionFlags, Omit<CacheFlags, 'refresh'> {
  project: string;
  out?: string;
}

/** `kili-sync export`: write a manifest that reproduces a project, to stdout or `--out`. */
export function registerExportCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('export')
    .description('write a manifest that reproduces a project')
    .requiredOption('--project <id>', 'Kili project ID')
    .option('--out <file>', 'write the manifest to this file instead of stdout')
    .option(
      '--cache-dir <dir>',
      "where the snapshot of what was read is kept for the next plan (default: .kili-sync/cache in the root of --out's folder)",
    )
    .option('--no-cache', 'write no snapshot');
  addConnectionOptions(command).action(async (flags: ExportFlags) => {
    const { runtime } = context;
    const { connection, client } = kiliFromFlags(flags, runtime);
    const progress = createProgressReporter(runtime);
    const result = await exportManifest({
      runtime,
      client,
      connection,
      projectId: flags.project,
      out: flags.out,
      // The folder --out writes to exists; the file itself may not yet.
      cache: cacheFromFlags(flags, [flags.out ? dirname(flags.out) : '.'], runtime),
      onProgress: progress,
    }).finally(() => progress.stop());
    for (const warning of result.warnings) runtime.stderr.write(`warning: ${warning}\n`);
    const where = flags.out ? ` to ${flags.out}` : '';
    runtime.stderr.write(
      `exported ${result.exported} ${result.exported === 1 ? 'asset' : 'assets'} of project ${result.project.id}${where}\n`,
    );
  });
}
