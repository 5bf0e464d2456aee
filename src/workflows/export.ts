import { resolve } from 'node:path';
import { type ExportResult, exportProject, type ReadObserver } from '../export/export-project.js';
import { openOutputFile } from '../files/output-file.js';
import { loadSnapshot } from '../files/snapshot-store.js';
import type { KiliClient } from '../kili/client.js';
import { SNAPSHOT_FIELD_SET } from '../kili/operations.js';
import { takeCutoff } from '../kili/read-incremental.js';
import type { HostedFileRecord } from '../plan/hosted-file-facts.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import type { ProgressListener, Runtime } from '../runtime.js';
import type { Connection } from './plan.js';
import { keepSnapshot, type SnapshotCache } from './read-remote.js';

export interface ExportManifestOptions {
  runtime: Runtime;
  /** Every call to Kili goes through it (the CLI builds it from the key and endpoint). */
  client: KiliClient;
  /** The endpoint and key the client was made with: the snapshot's place and its seal. */
  connection: Connection;
  projectId: string;
  /** The manifest file to write (relative to the working directory); stdout when absent. */
  out?: string;
  /** Where the snapshot of what the export read is kept for the next plan (none with `--no-cache`). */
  cache?: SnapshotCache;
  onProgress?: ProgressListener;
}

/**
 * `export`: write a manifest that reproduces a project, to stdout or to a file that appears only
 * once the export is complete. An export reads the whole project, as a full plan would, so it
 * also leaves the snapshot that makes the next plan of the exported manifest incremental.
 */
export async function exportManifest(options: ExportManifestOptions): Promise<ExportResult> {
  const { runtime, client } = options;
  const target =
    options.out === undefined
      ? undefined
      : await openOutputFile(resolve(runtime.cwd, options.out), 'manifest');
  const { cache } = options;
  const snapshot = cache && collectSnapshot(client, cache);
  try {
    const result = await exportProject(client, options.projectId, {
      write: target ? target.write : (text) => runtime.stdout.write(text),
      concurrency: client.concurrency,
      onProgress: options.onProgress,
      observer: snapshot?.observer,
    });
    await target?.commit();
    if (cache && snapshot) {
      const note = keepSnapshot(cache, options.connection, {
        state: {
          project: result.project,
          count: result.count,
          assets: [...snapshot.assets.values()],
          partial: false,
          // A project that moved during the read leaves no snapshot (and forgets an older one).
          warnings: result.stable ? [] : ['changed during the export'],
        },
        cutoff: snapshot.cutoff(),
        // What plans remembered of hosted contents stays true of the assets not written since.
        hostedFiles: previousHostedFiles(cache, options),
      });
      if (note !== undefined) result.warnings.push(note);
    }
    return result;
  } catch (error) {
    await target?.discard();
    throw error;
  }
}

function previousHostedFiles(
  cache: SnapshotCache,
  options: ExportManifestOptions,
): HostedFileRecord[] | undefined {
  const { endpoint, apiKey } = options.connection;
  const lookup = loadSnapshot(cache.dir, endpoint, options.projectId, SNAPSHOT_FIELD_SET, apiKey);
  return 'snapshot' in lookup ? lookup.snapshot.hostedFiles : undefined;
}

/** Keeps every asset the export reads, by id, and the cut-off taken before the first page. */
function collectSnapshot(client: KiliClient, cache: SnapshotCache) {
  const assets = new Map<string, RemoteAsset>();
  let cutoff: string | undefined;
  const observer: ReadObserver = {
    beforePages: () => {
      cutoff = takeCutoff(client, cache.marginMs);
    },
    page: (page) => {
      for (const asset of page) assets.set(asset.id, asset);
    },
  };
  return { observer, assets, cutoff: () => cutoff };
}
