import { countAssets, readUntilShortPage, walkAssetPages } from '../kili/asset-pages.js';
import type { KiliClient } from '../kili/client.js';
import { PAGE_SIZE } from '../kili/operations.js';
import { readProject } from '../kili/read-project.js';
import type { RemoteAsset, RemoteProject } from '../kili/types.js';
import type { ProgressListener } from '../runtime.js';
import { renderManifestAssets, renderManifestHeader, toManifestAsset } from './manifest-asset.js';

const TASK = 'Exporting assets';
/** Duplicate external IDs named in the warning before the rest is counted. */
const MAX_LISTED_DUPLICATES = 20;

export interface ExportOptions {
  /** Receives the manifest text piece by piece; awaited, so a file writer can apply backpressure. */
  write: (text: string) => void | Promise<void>;
  /** Pages in flight at once (default: the client's concurrency). */
  concurrency?: number;
  onProgress?: ProgressListener;
}

export interface ExportResult {
  project: RemoteProject;
  /** `countAssets` at the end of the export. */
  count: number;
  /** Assets written to the manifest. */
  exported: number;
  /** External IDs held by several remote assets, each exported once. */
  duplicateExternalIds: string[];
  warnings: string[];
}

interface WrittenCopy {
  id: string;
  labelCount: number;
}

/**
 * Writes a `kili-sync/v1` manifest that reproduces a project's assets, page by page as they
 * arrive (in Kili's order, oldest first). An external ID held by several assets is written
 * once, from its oldest copy, and reported; when a newer copy holds more labels (the copy plan
 * manages) the warning says so, since streamed output cannot be rewritten.
 */
export async function exportProject(
  client: KiliClient,
  projectId: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const project = await readProject(client, projectId);
  const where = { project: { id: project.id } };
  const count = await countAssets(client, where);
  await options.write(renderManifestHeader(project.id, project.title));

  const seenIds = new Set<string>();
  const written = new Map<string, WrittenCopy>();
  const duplicates = new Set<string>();
  const unmanaged = new Set<string>();
  let withoutExternalId = 0;
  const progress = options.onProgress;
  const writePage = async (assets: RemoteAsset[]) => {
    const entries = [];
    for (const asset of assets) {
      if (seenIds.has(asset.id)) continue;
      seenIds.add(asset.id);
      if (asset.externalId === '') {
        withoutExternalId += 1;
        continue;
      }
      const copy = written.get(asset.externalId);
      if (copy) {
        duplicates.add(asset.externalId);
        if (asset.labelCount > copy.labelCount) unmanaged.add(asset.externalId);
        continue;
      }
      if (written.size === 0) await options.write('assets:\n');
      written.set(asset.externalId, { id: asset.id, labelCount: asset.labelCount });
      entries.push(toManifestAsset(asset));
    }
    await options.write(renderManifestAssets(entries));
    progress?.({ kind: 'advance', task: TASK, done: Math.min(seenIds.size, count), total: count });
  };

  progress?.({ kind: 'start', task: TASK, total: count });
  let recount: number;
  try {
    const lastLength = await walkAssetPages(client, where, {
      pageCount: Math.ceil(count / PAGE_SIZE),
      concurrency: options.concurrency ?? client.concurrency,
      onPage: writePage,
    });
    recount = await countAssets(client, where);
    if (recount > count && (count === 0 || lastLength === PAGE_SIZE)) {
      await readUntilShortPage(client, where, writePage, Math.ceil(count / PAGE_SIZE) * PAGE_SIZE);
    }
  } finally {
    progress?.({ kind: 'stop', task: TASK });
  }
  if (written.size === 0) await options.write('assets: []\n');

  const duplicateExternalIds = [...duplicates].sort();
  const warnings: string[] = [];
  if (duplicateExternalIds.length > 0) {
    warnings.push(describeDuplicates(project.id, duplicateExternalIds));
  }
  for (const externalId of [...unmanaged].sort()) {
    warnings.push(
      `${externalId}: a newer copy has more labels than the exported (oldest) one; ` +
        'plan will compare the manifest with that copy',
    );
  }
  if (withoutExternalId > 0) {
    warnings.push(
      `${withoutExternalId} ${withoutExternalId === 1 ? 'asset has' : 'assets have'} no external ID ` +
        'and cannot be declared in a manifest; they were left out',
    );
  }
  if (recount !== count) {
    warnings.push(
      `project ${project.id} changed during the export (${count} assets at the start, ` +
        `${recount} at the end); export again for an exact copy`,
    );
  }
  return { project, count: recount, exported: written.size, duplicateExternalIds, warnings };
}

function describeDuplicates(projectId: string, externalIds: string[]): string {
  const listed = externalIds.slice(0, MAX_LISTED_DUPLICATES).join(', ');
  const more = externalIds.length - MAX_LISTED_DUPLICATES;
  return (
    `${externalIds.length} external ${externalIds.length === 1 ? 'ID is' : 'IDs are'} held by ` +
    `several assets in project ${projectId}, each exported once: ${listed}` +
    (more > 0 ? ` … and ${more} more` : '') +
    ' (kili-sync apply --dedupe deletes the unlabeled extra copies)'
  );
}
