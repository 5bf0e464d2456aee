import { resolve } from 'node:path';
import { type ExportResult, exportProject } from '../export/export-project.js';
import { openOutputFile } from '../files/output-file.js';
import { createClientForRuntime } from '../kili/create-client.js';
import type { ProgressListener, Runtime } from '../runtime.js';
import type { Connection } from './plan.js';

export interface ExportManifestOptions {
  runtime: Runtime;
  connection: Connection;
  concurrency: number;
  projectId: string;
  /** The manifest file to write (relative to the working directory); stdout when absent. */
  out?: string;
  onProgress?: ProgressListener;
}

/**
 * `export`: write a manifest that reproduces a project, to stdout or to a file that appears only
 * once the export is complete.
 */
export async function exportManifest(options: ExportManifestOptions): Promise<ExportResult> {
  const { runtime } = options;
  const client = createClientForRuntime(options.connection, runtime, {
    concurrency: options.concurrency,
  });
  const target =
    options.out === undefined
      ? undefined
      : await openOutputFile(resolve(runtime.cwd, options.out), 'manifest');
  try {
    const result = await exportProject(client, options.projectId, {
      write: target ? target.write : (text) => runtime.stdout.write(text),
      concurrency: options.concurrency,
      onProgress: options.onProgress,
    });
    await target?.commit();
    return result;
  } catch (error) {
    await target?.discard();
    throw error;
  }
}
