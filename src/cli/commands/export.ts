import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { KiliSyncError } from '../../errors.js';
import { exportProject } from '../../export/export-project.js';
import { createClientForRuntime } from '../../kili/create-client.js';
import type { CommandContext } from '../command-context.js';
import { createProgressReporter } from '../progress.js';
import {
  addConnectionOptions,
  type ConnectionFlags,
  connectionFromFlags,
} from '../shared-options.js';

interface ExportFlags extends ConnectionFlags {
  project: string;
  out?: string;
}

/** `kili-sync export`: write a manifest that reproduces a project, to stdout or `--out`. */
export function registerExportCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('export')
    .description('write a manifest that reproduces a project')
    .requiredOption('--project <id>', 'Kili project ID')
    .option('--out <file>', 'write the manifest to this file instead of stdout');
  addConnectionOptions(command).action(async (flags: ExportFlags) => {
    const { runtime } = context;
    const connection = connectionFromFlags(flags, runtime);
    const client = createClientForRuntime(connection, runtime, { concurrency: flags.concurrency });
    const target = flags.out ? await openOutputFile(resolve(runtime.cwd, flags.out)) : undefined;
    const progress = createProgressReporter(runtime);
    let result: Awaited<ReturnType<typeof exportProject>>;
    try {
      result = await exportProject(client, flags.project, {
        write: target ? target.write : (text) => runtime.stdout.write(text),
        concurrency: flags.concurrency,
        onProgress: progress,
      }).finally(() => progress.stop());
      await target?.commit();
    } catch (error) {
      await target?.discard();
      throw error;
    }
    for (const warning of result.warnings) runtime.stderr.write(`warning: ${warning}\n`);
    const where = flags.out ? ` to ${flags.out}` : '';
    runtime.stderr.write(
      `exported ${result.exported} ${result.exported === 1 ? 'asset' : 'assets'} of project ${result.project.id}${where}\n`,
    );
  });
}

interface OutputFile {
  write(text: string): Promise<void>;
  /** Moves the finished file into place, so a failed export never leaves half a manifest. */
  commit(): Promise<void>;
  discard(): Promise<void>;
}

async function openOutputFile(path: string): Promise<OutputFile> {
  const temporary = `${path}.${process.pid}.tmp`;
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'w');
  } catch (error) {
    throw new KiliSyncError('USAGE', `cannot write the manifest to ${path}`, {
      hint: 'check that the folder exists and is writable',
      cause: error,
    });
  }
  let closed = false;
  const close = async () => {
    if (!closed) await handle.close();
    closed = true;
  };
  return {
    write: async (text) => {
      await handle.write(text);
    },
    commit: async () => {
      await close();
      await rename(temporary, path);
    },
    discard: async () => {
      await close();
      await rm(temporary, { force: true });
    },
  };
}
