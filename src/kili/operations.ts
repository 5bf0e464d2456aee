/**
 * The mapping of the reads' answers to the planner's shapes. The documents themselves, typed from
 * the schema at build time, are imported from src/graphql/generated.ts wherever they are sent.
 */
import { createHash } from 'node:crypto';
import { AssetsDocument, type AssetsQuery, type ProjectsQuery } from '../graphql/generated.js';
import type { RemoteAsset, RemoteProject } from '../plan/remote-state.js';

/** Kili's `PageSize` maximum: no page may hold more rows. */
export const PAGE_SIZE = 100;

/** An asset as the `assets` query returns it. */
export type RawAsset = AssetsQuery['data'][number];
/** A project as the `projects` query returns it. */
export type RawProject = ProjectsQuery['data'][number];

/**
 * The client is typed with the Kili API contract, where these fields are never null; Kili itself
 * has sent nulls for some of them, so the mapping reads each one as possibly absent.
 */
type Lenient<T extends { id: string }> = { id: string } & { [K in keyof T]?: T[K] | null };

/** Maps an API asset to the reader's shape: labels become a count, assignees their emails. */
export function toRemoteAsset(raw: Lenient<RawAsset>): RemoteAsset {
  const jsonMetadata = raw.jsonMetadata;
  return {
    id: raw.id,
    externalId: raw.externalId ?? '',
    content: raw.content ?? '',
    jsonContent: raw.jsonContent ?? '',
    jsonMetadata: typeof jsonMetadata === 'string' ? jsonMetadata : '',
    priority: raw.priority ?? 0,
    isHoneypot: raw.isHoneypot ?? false,
    honeypotMark: raw.honeypotMark ?? null,
    consensusMark: raw.consensusMark ?? null,
    isUsedForConsensus: raw.isUsedForConsensus ?? false,
    toBeLabeledBy: (raw.toBeLabeledBy ?? [])
      .map((projectUser) => projectUser?.user?.email)
      .filter((email): email is string => typeof email === 'string'),
    status: raw.status ?? 'TODO',
    labelCount: (raw.labels ?? []).filter((label) => label !== null).length,
    createdAt: raw.createdAt ?? '',
    updatedAt: raw.updatedAt ?? '',
  };
}

export function toRemoteProject(raw: Lenient<RawProject>): RemoteProject {
  return { id: raw.id, title: raw.title ?? '', inputType: raw.inputType ?? 'NA' };
}

/**
 * Names the asset fields kili-sync reads (the `assets` document itself): a snapshot written by a
 * kili-sync that read other fields is not reused.
 */
export const SNAPSHOT_FIELD_SET = createHash('sha256')
  .update(String(AssetsDocument))
  .digest('hex')
  .slice(0, 16);
