import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { HostedFileRecord } from '../plan/hosted-file-facts.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import { ensurePrivateFolder } from './cache-dir.js';

/**
 * Snapshots of what a read of a project saw, kept between runs so the next plan can read only
 * what changed since (see README, "Incremental plans"). One file per endpoint and project, in
 * V8's structured-clone format (node:v8): for 100,000 assets it is written and read back in half
 * the time JSON takes, and a file that a newer or older Node cannot read is just unreadable.
 * A snapshot that is missing, unreadable, or written for anything else is never an error: the
 * caller reads the whole project instead, and says why in one line.
 */

/** Bumped whenever the file's layout or the meaning of a field changes. */
export const SNAPSHOT_FORMAT_VERSION = 2;
const KIND = 'kili-sync-snapshot';

export interface ProjectSnapshot {
  endpoint: string;
  projectId: string;
  /**
   * ISO timestamp of the server's clock: every write to the project's assets stamped before it
   * is reflected in `assets` (deletions aside, which are verified by counting).
   */
  cutoff: string;
  /** Every asset of the project, in Kili's order (by `createdAt`). */
  assets: RemoteAsset[];
  /** What earlier plans found behind hosted contents (absent in older snapshots). */
  hostedFiles?: HostedFileRecord[];
}

interface SnapshotFile extends ProjectSnapshot {
  kind: typeof KIND;
  formatVersion: number;
  /** Which asset fields the reader asks for; a kili-sync that reads others cannot reuse it. */
  fieldSet: string;
}

export type SnapshotLookup = { snapshot: ProjectSnapshot } | { reason: string };

/** The file of a project's snapshot: named by a hash, so endpoints never leak into file names. */
export function snapshotPath(dir: string, endpoint: string, projectId: string): string {
  const key = createHash('sha256').update(`${endpoint}\n${projectId}`).digest('hex');
  return path.join(dir, `snapshot-${key.slice(0, 32)}.bin`);
}

/** Reads a project's snapshot, or says in a few words why there is none to use. */
export function loadSnapshot(
  dir: string,
  endpoint: string,
  projectId: string,
  fieldSet: string,
): SnapshotLookup {
  let bytes: Buffer;
  try {
    bytes = readFileSync(snapshotPath(dir, endpoint, projectId));
  } catch {
    return { reason: 'no snapshot' };
  }
  let data: unknown;
  try {
    data = deserialize(bytes);
  } catch {
    return { reason: 'snapshot unreadable' };
  }
  if (!isSnapshotFile(data)) return { reason: 'snapshot unreadable' };
  if (data.formatVersion !== SNAPSHOT_FORMAT_VERSION || data.fieldSet !== fieldSet) {
    return { reason: 'snapshot written by another kili-sync version' };
  }
  if (data.endpoint !== endpoint || data.projectId !== projectId) {
    return { reason: 'snapshot of another endpoint or project' };
  }
  const { cutoff, assets, hostedFiles } = data;
  return { snapshot: { endpoint, projectId, cutoff, assets, hostedFiles: hostedFiles ?? [] } };
}

/**
 * Writes a snapshot through a temporary file renamed into place, so a reader (another run, a CI
 * cache step) never sees half of one. Returns a note instead of failing: a cache that cannot be
 * written only makes the next plan slower.
 */
export function saveSnapshot(
  dir: string,
  snapshot: ProjectSnapshot,
  fieldSet: string,
): string | undefined {
  const file = snapshotPath(dir, snapshot.endpoint, snapshot.projectId);
  const temporary = `${file}.${process.pid}.tmp`;
  const content: SnapshotFile = {
    kind: KIND,
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    fieldSet,
    ...snapshot,
  };
  try {
    ensurePrivateFolder(dir);
    writeFileSync(temporary, serialize(content));
    renameSync(temporary, file);
    return undefined;
  } catch (error) {
    removeQuietly(temporary);
    return `cannot write the snapshot cache in ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); the next plan will read everything`;
  }
}

/** Forgets a project's snapshot (after writes whose effect was not recorded in it). */
export function removeSnapshot(dir: string, endpoint: string, projectId: string): void {
  removeQuietly(snapshotPath(dir, endpoint, projectId));
}

/** A cache file that cannot be removed (no folder, no permission) is left to the next run. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Nothing to do: a snapshot that stays behind is verified before it is used.
  }
}

function isSnapshotFile(data: unknown): data is SnapshotFile {
  if (typeof data !== 'object' || data === null) return false;
  const file = data as Partial<Record<keyof SnapshotFile, unknown>>;
  return (
    file.kind === KIND &&
    typeof file.formatVersion === 'number' &&
    typeof file.fieldSet === 'string' &&
    typeof file.endpoint === 'string' &&
    typeof file.projectId === 'string' &&
    typeof file.cutoff === 'string' &&
    !Number.isNaN(Date.parse(file.cutoff)) &&
    Array.isArray(file.assets) &&
    file.assets.every(isAssetShaped) &&
    (file.hostedFiles === undefined ||
      (Array.isArray(file.hostedFiles) && file.hostedFiles.every(isHostedFileShaped)))
  );
}

function isHostedFileShaped(record: unknown): record is HostedFileRecord {
  if (typeof record !== 'object' || record === null) return false;
  const r = record as Partial<Record<keyof HostedFileRecord, unknown>>;
  return (
    typeof r.assetId === 'string' &&
    (r.field === 'content' || r.field === 'jsonContent') &&
    typeof r.updatedAt === 'string' &&
    typeof r.sha256 === 'string' &&
    (r.text === undefined || typeof r.text === 'string')
  );
}

function isAssetShaped(asset: unknown): asset is RemoteAsset {
  if (typeof asset !== 'object' || asset === null) return false;
  const a = asset as Partial<Record<keyof RemoteAsset, unknown>>;
  return (
    typeof a.id === 'string' &&
    typeof a.externalId === 'string' &&
    typeof a.createdAt === 'string' &&
    typeof a.updatedAt === 'string' &&
    typeof a.labelCount === 'number' &&
    typeof a.status === 'string' &&
    Array.isArray(a.toBeLabeledBy)
  );
}
