import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { HostedFileRecord } from '../plan/hosted-file-facts.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import { removeQuietly, writeCacheFile } from './cache-dir.js';

/**
 * Snapshots of what a read of a project saw, kept between runs so the next plan can read only
 * what changed since (see README, "Incremental plans"). One file per endpoint and project, in
 * V8's structured-clone format (node:v8): for 100,000 assets it is written and read back in half
 * the time JSON takes, and a file that a newer or older Node cannot read is just unreadable.
 * A snapshot that is missing, unreadable, or written for anything else is never an error: the
 * caller reads the whole project instead, and says why in one line.
 *
 * A snapshot is never an authority. Each file is sealed with AES-256-GCM under a key derived
 * from the API key, the endpoint and the project: one that anyone else wrote or edited (a
 * pull request can commit one; a CI cache can be shared) fails its check and is not used, and
 * the file holds nothing readable without the key, signed URLs included, whose signatures
 * would otherwise reach whoever gets the cache folder.
 */

/** Bumped whenever the file's layout or the meaning of a field changes. */
export const SNAPSHOT_FORMAT_VERSION = 3;
const KIND = 'kili-sync-snapshot';
/** The first bytes of a sealed snapshot file: its kind and layout. */
const MAGIC = Buffer.from(`KSS${SNAPSHOT_FORMAT_VERSION}`);
const IV_BYTES = 12;
const TAG_BYTES = 16;

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
  apiKey: string,
): SnapshotLookup {
  let bytes: Buffer;
  try {
    bytes = readFileSync(snapshotPath(dir, endpoint, projectId));
  } catch {
    return { reason: 'no snapshot' };
  }
  if (bytes.length < MAGIC.length + IV_BYTES + TAG_BYTES || !bytes.subarray(0, 4).equals(MAGIC)) {
    return { reason: 'snapshot written by another kili-sync version' };
  }
  const payload = openSealed(bytes, sealingKey(apiKey, endpoint, projectId));
  if (payload === undefined) {
    return {
      reason: 'snapshot not sealed with this API key (another key wrote it, or it was edited)',
    };
  }
  let data: unknown;
  try {
    data = deserialize(payload);
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
 * The bytes of a snapshot file: the format's magic, a random IV, the GCM tag, then `payload`
 * encrypted under the project's key.
 */
export function sealSnapshotBytes(
  payload: Buffer,
  apiKey: string,
  endpoint: string,
  projectId: string,
): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(apiKey, endpoint, projectId), iv);
  cipher.setAAD(MAGIC);
  const encrypted = Buffer.concat([cipher.update(payload), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), encrypted]);
}

/** The payload of a sealed file, or undefined when its tag does not check under `key`. */
function openSealed(bytes: Buffer, key: Buffer): Buffer | undefined {
  const iv = bytes.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = bytes.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(MAGIC);
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(bytes.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
}

/**
 * The key of one project's snapshot (HKDF-SHA256): only a holder of the API key can write a
 * snapshot that passes, and one written for another endpoint or project does not.
 */
function sealingKey(apiKey: string, endpoint: string, projectId: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', apiKey, 'kili-sync snapshot', `${endpoint}\n${projectId}`, 32),
  );
}

/** Writes a snapshot (see {@link writeCacheFile}); returns a note when it cannot be written. */
export function saveSnapshot(
  dir: string,
  snapshot: ProjectSnapshot,
  fieldSet: string,
  apiKey: string,
): string | undefined {
  const { endpoint, projectId } = snapshot;
  const content: SnapshotFile = {
    kind: KIND,
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    fieldSet,
    ...snapshot,
  };
  const failure = writeCacheFile(dir, snapshotPath(dir, endpoint, projectId), () =>
    sealSnapshotBytes(serialize(content), apiKey, endpoint, projectId),
  );
  return failure === undefined
    ? undefined
    : `cannot write the snapshot cache in ${dir} (${failure}); the next plan will read everything`;
}

/** Forgets a project's snapshot (after writes whose effect was not recorded in it). */
export function removeSnapshot(dir: string, endpoint: string, projectId: string): void {
  removeQuietly(snapshotPath(dir, endpoint, projectId));
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
