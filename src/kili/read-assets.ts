import PQueue from 'p-queue';
import { FilterExistingAssetsDocument } from '../graphql/generated.js';
import type { RemoteAsset, RemoteProject, RemoteProjectState } from '../plan/remote-state.js';
import type { ProgressListener } from '../runtime.js';
import { chunk } from '../util/chunk.js';
import {
  type AssetWhere,
  countAssets,
  fetchAssetPage,
  readAllAssets,
  readUntilShortPage,
} from './asset-pages.js';
import type { KiliClient } from './client.js';
import { PAGE_SIZE } from './operations.js';

const TASK = 'Reading assets';

/**
 * External IDs per `externalIdStrictlyIn` call. One less than a page, so a chunk whose IDs each
 * exist once fits in a single short page; only remote duplicates cost a second page.
 */
export const DECLARED_CHUNK_SIZE = PAGE_SIZE - 1;
/** External IDs per `filterExistingAssets` call, as the SDK sends them. */
export const FILTER_EXISTING_CHUNK_SIZE = 1000;

export interface ReadProjectStateOptions {
  /**
   * Every external ID the manifests declare for the project, the old IDs of renames included.
   * Used to read only those assets when `prune` is off and they are few.
   */
  declaredExternalIds?: string[];
  prune: boolean;
  /** Pages in flight at once (default: the client's concurrency). */
  concurrency?: number;
  onProgress?: ProgressListener;
}

/**
 * Reads a project's current assets: `countAssets`, then pages of 100 fetched several at a time,
 * deduplicated by asset id, then a second count to notice changes made during the read.
 * With `prune` off and few declared external IDs it reads only those (`externalIdStrictlyIn`),
 * and only when that takes fewer requests than a full read; the result is then `partial`.
 * A full read of N assets costs ceil(N/100) + 2 requests.
 */
export async function readProjectState(
  client: KiliClient,
  project: RemoteProject,
  options: ReadProjectStateOptions,
): Promise<RemoteProjectState> {
  const where: AssetWhere = { project: { id: project.id } };
  const concurrency = options.concurrency ?? client.concurrency;
  const count = await countAssets(client, where);
  const declared = [...new Set(options.declaredExternalIds ?? [])];
  const partial =
    !options.prune &&
    options.declaredExternalIds !== undefined &&
    declared.length * 2 < count &&
    Math.ceil(declared.length / DECLARED_CHUNK_SIZE) < Math.ceil(count / PAGE_SIZE);

  const byId = new Map<string, RemoteAsset>();
  const keep = (assets: RemoteAsset[]) => {
    for (const asset of assets) byId.set(asset.id, asset);
  };
  const progress = options.onProgress;
  const total = partial ? declared.length : count;
  progress?.({ kind: 'start', task: TASK, total });
  try {
    if (partial) {
      await readDeclared(client, where, declared, concurrency, (assets, done) => {
        keep(assets);
        progress?.({ kind: 'advance', task: TASK, done, total });
      });
    } else {
      const recount = await readAllAssets(client, where, count, {
        concurrency,
        onPage: (assets) => {
          keep(assets);
          progress?.({ kind: 'advance', task: TASK, done: Math.min(byId.size, total), total });
        },
        onLatePage: keep,
      });
      return finish(project, byId, recount, count, false);
    }
  } finally {
    progress?.({ kind: 'stop', task: TASK });
  }
  const recount = await countAssets(client, where);
  return finish(project, byId, recount, count, true);
}

function finish(
  project: RemoteProject,
  byId: Map<string, RemoteAsset>,
  recount: number,
  count: number,
  partial: boolean,
): RemoteProjectState {
  const warnings: string[] = [];
  if (recount !== count) {
    warnings.push(
      `project ${project.id} changed while it was read (${count} assets at the start, ` +
        `${recount} at the end); run plan again for an exact picture`,
    );
  }
  const assets = [...byId.values()];
  if (partial) assets.sort(compareByCreation);
  return { project, count: recount, assets, partial, warnings };
}

async function readDeclared(
  client: KiliClient,
  where: AssetWhere,
  externalIds: string[],
  concurrency: number,
  onChunk: (assets: RemoteAsset[], done: number) => void,
): Promise<void> {
  const queue = new PQueue({ concurrency });
  let done = 0;
  await Promise.all(
    chunk(externalIds, DECLARED_CHUNK_SIZE).map((ids) =>
      queue.add(async () => {
        const found: RemoteAsset[] = [];
        await readUntilShortPage(client, { ...where, externalIdStrictlyIn: ids }, (assets) => {
          found.push(...assets);
        });
        done += ids.length;
        onChunk(found, done);
      }),
    ),
  );
}

/**
 * Reads assets by id (`idIn`, 100 per call), e.g. to check that a plan is still current or
 * whether an append whose answer was lost went through. Missing ids are simply absent.
 */
export async function readAssetsByIds(
  client: KiliClient,
  projectId: string,
  ids: string[],
): Promise<RemoteAsset[]> {
  const unique = [...new Set(ids)];
  const pages = await Promise.all(
    chunk(unique, PAGE_SIZE).map((idIn) =>
      fetchAssetPage(client, { project: { id: projectId }, idIn }),
    ),
  );
  return [...new Map(pages.flat().map((asset) => [asset.id, asset])).values()];
}

/**
 * The subset of `externalIds` that already exist in the project (`filterExistingAssets`, 1000
 * per call). Each existing ID is listed once.
 */
export async function findExistingExternalIds(
  client: KiliClient,
  projectId: string,
  externalIds: string[],
): Promise<string[]> {
  const unique = [...new Set(externalIds)];
  const results = await Promise.all(
    chunk(unique, FILTER_EXISTING_CHUNK_SIZE).map((ids) =>
      client.request(FilterExistingAssetsDocument, {
        projectID: projectId,
        externalIDs: ids,
      }),
    ),
  );
  const existing = results.flatMap((result) => result.external_ids ?? []);
  return [...new Set(existing.filter((id) => typeof id === 'string'))];
}

function compareByCreation(a: RemoteAsset, b: RemoteAsset): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
