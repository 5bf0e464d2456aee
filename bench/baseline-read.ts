import { AssetsDocument, CountAssetsDocument, ProjectsDocument } from '../src/graphql/generated.js';
import {
  PAGE_SIZE,
  type RawAsset,
  type RawProject,
  toRemoteAsset,
  toRemoteProject,
} from '../src/kili/operations.js';
import type { RemoteAsset, RemoteProjectState } from '../src/plan/remote-state.js';
import type { BaselineClient } from './baseline-client.js';

/** The SDK resolves external IDs in chunks of this many (`externalIdStrictlyIn`). */
const EXTERNAL_ID_CHUNK = 1_000;

/**
 * Reads a project the way the official SDK's `kili.assets()` does: the project with `first: 1`,
 * then `countAssets`, then one page of 100 at a time. `id` is among the fields, so the SDK's
 * "unicity" mode applies: it distrusts the count, pages until a short page and drops seen ids.
 * With `externalIds`, it reads them in chunks of 1,000, each counted and paged the same way.
 */
export async function readProjectSequentially(
  client: BaselineClient,
  projectId: string,
  externalIds?: readonly string[],
): Promise<RemoteProjectState> {
  const projects = await client.request<{ data: RawProject[] }>(ProjectsDocument, {
    where: { id: projectId },
    first: 1,
    skip: 0,
  });
  const rawProject = projects.data[0];
  if (rawProject === undefined) throw new Error(`project ${projectId} not found`);

  const seen = new Set<string>();
  const assets: RemoteAsset[] = [];
  const wheres: Record<string, unknown>[] = [];
  if (externalIds === undefined) {
    wheres.push({ project: { id: projectId } });
  } else {
    for (let start = 0; start < externalIds.length; start += EXTERNAL_ID_CHUNK) {
      const chunk = externalIds.slice(start, start + EXTERNAL_ID_CHUNK);
      wheres.push({ project: { id: projectId }, externalIdStrictlyIn: chunk });
    }
  }
  let count = 0;
  for (const where of wheres) {
    count += await readPages(client, where, seen, assets);
  }
  return {
    project: toRemoteProject(rawProject),
    count,
    assets,
    partial: externalIds !== undefined,
    warnings: [],
  };
}

async function readPages(
  client: BaselineClient,
  where: Record<string, unknown>,
  seen: Set<string>,
  assets: RemoteAsset[],
): Promise<number> {
  const counted = await client.request<{ data: number }>(CountAssetsDocument, { where });
  if (counted.data === 0) return 0;
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const page = await client.request<{ data: RawAsset[] }>(AssetsDocument, {
      where,
      first: PAGE_SIZE,
      skip,
    });
    for (const raw of page.data) {
      if (seen.has(raw.id)) continue;
      seen.add(raw.id);
      assets.push(toRemoteAsset(raw));
    }
    if (page.data.length < PAGE_SIZE) break;
  }
  return counted.data;
}
