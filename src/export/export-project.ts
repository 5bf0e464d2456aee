import { KiliSyncError } from '../errors.js';
import { countAssets, readAllAssets } from '../kili/asset-pages.js';
import type { KiliClient } from '../kili/client.js';
import { readProject } from '../kili/read-project.js';
import { checkManagedInputType } from '../plan/managed-input-types.js';
import { parseRemoteMetadata } from '../plan/normalize.js';
import { ownerMark } from '../plan/ownership.js';
import { compareManagedFirst } from '../plan/remote-duplicates.js';
import type { RemoteAsset, RemoteProject } from '../plan/remote-state.js';
import type { ProgressListener } from '../runtime.js';
import {
  holdsSignedUrl,
  renderManifestAssets,
  renderManifestHeader,
  toManifestAsset,
} from './manifest-asset.js';

const TASK = 'Exporting assets';
/** Duplicate external IDs named in the warning before the rest is counted. */
const MAX_LISTED_DUPLICATES = 20;

export interface ExportOptions {
  /** Receives the manifest text piece by piece; awaited, so a file writer can apply backpressure. */
  write: (text: string) => void | Promise<void>;
  /** Pages in flight at once (default: the client's concurrency). */
  concurrency?: number;
  onProgress?: ProgressListener;
  /** Sees every asset read, e.g. to keep a snapshot for the next plan. */
  observer?: ReadObserver;
}

/** What an export reads, handed on as it is read. */
export interface ReadObserver {
  /** Once the project is counted, before the first asset page is asked for. */
  beforePages(): void;
  /** Each page as read: every copy, assets without an external ID included. */
  page(assets: readonly RemoteAsset[]): void;
}

export interface ExportResult {
  project: RemoteProject;
  /** `countAssets` at the end of the export. */
  count: number;
  /** The count did not move while the project was read: the read saw one state of it. */
  stable: boolean;
  /** Assets written to the manifest. */
  exported: number;
  /** External IDs held by several remote assets, each exported once. */
  duplicateExternalIds: string[];
  warnings: string[];
}

/** The copy chosen so far for one external ID, already rendered as manifest lines. */
interface ChosenCopy {
  copy: Pick<RemoteAsset, 'id' | 'labelCount' | 'createdAt'>;
  text: string;
  /** The owner the copy is marked with, if any. */
  owner?: string;
}

/**
 * Writes a `kili-sync/v1` manifest that reproduces a project's assets. Pages are read several at
 * a time and each asset is rendered at once, so only its manifest lines are kept, never the
 * page objects or one large YAML document. An external ID held by several assets is written
 * once, from the copy plan manages (most labels, then the oldest), and reported. The manifest
 * is written when every copy is known, in Kili's order (oldest first).
 */
export async function exportProject(
  client: KiliClient,
  projectId: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const project = await readProject(client, projectId);
  const unmanaged = checkManagedInputType(project, undefined);
  if (unmanaged !== undefined) {
    throw new KiliSyncError('unmanaged-input-type', unmanaged.message, { hint: unmanaged.hint });
  }
  const where = { project: { id: project.id } };
  const count = await countAssets(client, where);

  const seenIds = new Set<string>();
  const chosen = new Map<string, ChosenCopy>();
  const duplicates = new Set<string>();
  let withoutExternalId = 0;
  const signed = new Set<string>();
  const progress = options.onProgress;
  const takePage = async (assets: RemoteAsset[]) => {
    options.observer?.page(assets);
    for (const asset of assets) {
      if (seenIds.has(asset.id)) continue;
      seenIds.add(asset.id);
      if (asset.externalId === '') {
        withoutExternalId += 1;
        continue;
      }
      const current = chosen.get(asset.externalId);
      if (current) duplicates.add(asset.externalId);
      if (current && compareManagedFirst(current.copy, asset) <= 0) continue;
      if (holdsSignedUrl(asset)) signed.add(asset.externalId);
      else signed.delete(asset.externalId);
      const owner = ownerMark(parseRemoteMetadata(asset.jsonMetadata).reserved);
      chosen.set(asset.externalId, {
        copy: { id: asset.id, labelCount: asset.labelCount, createdAt: asset.createdAt },
        text: renderManifestAssets([toManifestAsset(asset)]),
        ...(owner === undefined ? {} : { owner }),
      });
    }
    progress?.({ kind: 'advance', task: TASK, done: Math.min(seenIds.size, count), total: count });
  };

  progress?.({ kind: 'start', task: TASK, total: count });
  options.observer?.beforePages();
  let recount: number;
  try {
    recount = await readAllAssets(client, where, count, {
      concurrency: options.concurrency ?? client.concurrency,
      onPage: takePage,
    });
  } finally {
    progress?.({ kind: 'stop', task: TASK });
  }
  await options.write(renderManifestHeader(project.id, project.title, commonOwner(chosen)));
  await options.write(chosen.size === 0 ? 'assets: []\n' : 'assets:\n');
  for (const { text } of chosen.values()) await options.write(text);

  const duplicateExternalIds = [...duplicates].sort();
  const warnings: string[] = [];
  if (duplicateExternalIds.length > 0) {
    warnings.push(describeDuplicates(project.id, duplicateExternalIds));
  }
  if (withoutExternalId > 0) {
    warnings.push(
      `${withoutExternalId} ${withoutExternalId === 1 ? 'asset has' : 'assets have'} no external ID ` +
        'and cannot be declared in a manifest; they were left out',
    );
  }
  if (signed.size > 0) {
    // In a TEXT project the hosted file is a text: written inline, `content:` manages it.
    const declare =
      project.inputType === 'TEXT'
        ? 'declare its text as `content:` (or a `file:`) to manage it from the repository'
        : 'declare `file:` to manage it from the repository';
    warnings.push(
      `${signed.size} ${signed.size === 1 ? 'asset holds' : 'assets hold'} Kili-hosted files ` +
        '(signed URLs, which work without a key): their content is left out of the manifest, ' +
        `so it stays as it is; ${declare}`,
    );
  }
  if (recount !== count) {
    warnings.push(
      `project ${project.id} changed during the export (${count} assets at the start, ` +
        `${recount} at the end); export again for an exact copy`,
    );
  }
  return {
    project,
    count: recount,
    stable: recount === count,
    exported: chosen.size,
    duplicateExternalIds,
    warnings,
  };
}

/**
 * The owner every exported asset is marked with, when they all carry the same mark: the export
 * then declares it, so planning it sees the assets as its own and plans no change.
 */
function commonOwner(chosen: ReadonlyMap<string, ChosenCopy>): string | undefined {
  let owner: string | undefined;
  for (const { owner: mark } of chosen.values()) {
    if (mark === undefined || (owner !== undefined && mark !== owner)) return undefined;
    owner = mark;
  }
  return owner;
}

function describeDuplicates(projectId: string, externalIds: string[]): string {
  const listed = externalIds.slice(0, MAX_LISTED_DUPLICATES).join(', ');
  const more = externalIds.length - MAX_LISTED_DUPLICATES;
  return (
    `${externalIds.length} external ${externalIds.length === 1 ? 'ID is' : 'IDs are'} held by ` +
    `several assets in project ${projectId}, each exported once (the copy plan manages): ${listed}` +
    (more > 0 ? ` … and ${more} more` : '') +
    ' (kili-sync apply --dedupe deletes the unlabeled extra copies)'
  );
}
