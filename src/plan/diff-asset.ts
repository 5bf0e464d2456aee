import type { DesiredAsset } from '../manifest/types.js';
import { RESERVED_METADATA_KEY } from '../schema/asset-field-roles.js';
import { describeRemoteContent, hideCredentialsDeep } from './hide-credentials.js';
import type { LocalFileFacts } from './local-file-facts.js';
import {
  displayRemoteJsonContent,
  isSameJson,
  isSameJsonContent,
  isSameSet,
  normalizeLabelers,
  parseRemoteJsonContent,
  parseRemoteMetadata,
  splitMetadata,
} from './normalize.js';
import type { RemoteAsset } from './remote-state.js';
import type { FieldChanges, ManagedField, MetadataToWrite, PlannedFile } from './types.js';

/** The writes one asset needs: changed fields, the file to upload, the metadata to send. */
export interface AssetDiff {
  fields: FieldChanges;
  file?: PlannedFile;
  metadataToWrite?: MetadataToWrite;
}

const SCALAR_FIELDS = [
  'priority',
  'isHoneypot',
  'honeypotMark',
  'consensusMark',
  'isUsedForConsensus',
] as const satisfies readonly ManagedField[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function planFile(asset: DesiredAsset, facts: LocalFileFacts | undefined): PlannedFile | undefined {
  if (asset.file === undefined || facts === undefined) return undefined;
  return { path: asset.file.displayPath, sha256: facts.sha256, mimeType: facts.mimeType };
}

function buildMetadata(user: Record<string, unknown>, reserved: unknown): MetadataToWrite {
  return reserved === undefined ? { ...user } : { ...user, [RESERVED_METADATA_KEY]: reserved };
}

/**
 * The fields of a new asset: every field the manifest sets (`before: null`), the file to upload,
 * and the complete metadata to send (always present for an add).
 */
export function describeNewAsset(
  asset: DesiredAsset,
  facts: LocalFileFacts | undefined,
): AssetDiff {
  const fields: FieldChanges = {};
  const file = planFile(asset, facts);
  if (file !== undefined) fields.content = { before: null, after: `file:${file.path}` };
  else if (asset.content !== undefined) fields.content = { before: null, after: asset.content };
  if (asset.jsonContent !== undefined)
    fields.jsonContent = { before: null, after: asset.jsonContent };
  const user = asset.jsonMetadata === undefined ? {} : splitMetadata(asset.jsonMetadata).user;
  if (asset.jsonMetadata !== undefined) fields.jsonMetadata = { before: null, after: user };
  for (const name of SCALAR_FIELDS) {
    const value = asset[name];
    if (value !== undefined) fields[name] = { before: null, after: value };
  }
  if (asset.toBeLabeledBy !== undefined) {
    fields.toBeLabeledBy = { before: null, after: normalizeLabelers(asset.toBeLabeledBy) };
  }
  const reserved = file === undefined ? undefined : { sha256: file.sha256 };
  const diff: AssetDiff = { fields, metadataToWrite: buildMetadata(user, reserved) };
  if (file !== undefined) diff.file = file;
  return diff;
}

/**
 * Compares the fields the manifest owns with the remote asset. Fields the manifest leaves out are
 * never compared, so they are never reset.
 */
export function diffAsset(
  asset: DesiredAsset,
  remote: RemoteAsset,
  facts: LocalFileFacts | undefined,
): AssetDiff {
  const fields: FieldChanges = {};
  const metadata = parseRemoteMetadata(remote.jsonMetadata);
  let file: PlannedFile | undefined;

  if (asset.file !== undefined) {
    const uploaded = isPlainObject(metadata.reserved) ? metadata.reserved.sha256 : undefined;
    if (facts !== undefined && uploaded !== facts.sha256) {
      file = planFile(asset, facts);
      fields.content = {
        before: shownContent(remote, metadata),
        after: `file:${asset.file.displayPath}`,
      };
    }
  } else if (asset.content !== undefined && asset.content !== remote.content) {
    fields.content = { before: shownContent(remote, metadata), after: asset.content };
  }

  if (asset.jsonContent !== undefined) {
    const content = parseRemoteJsonContent(remote.jsonContent);
    if (!isSameJsonContent(asset.jsonContent, content)) {
      fields.jsonContent = {
        before: hideCredentialsDeep(displayRemoteJsonContent(content)),
        after: asset.jsonContent,
      };
    }
  }

  const desiredUser =
    asset.jsonMetadata === undefined ? undefined : splitMetadata(asset.jsonMetadata).user;
  if (desiredUser !== undefined && !isSameJson(desiredUser, metadata.user)) {
    fields.jsonMetadata = { before: metadata.user, after: desiredUser };
  }

  diffScalars(asset, remote, fields);

  if (asset.toBeLabeledBy !== undefined && !isSameSet(asset.toBeLabeledBy, remote.toBeLabeledBy)) {
    fields.toBeLabeledBy = {
      before: normalizeLabelers(remote.toBeLabeledBy),
      after: normalizeLabelers(asset.toBeLabeledBy),
    };
  }

  // Content that stops being an upload must forget the upload's hash, or switching back to the
  // same file later would look unchanged.
  const forgetUpload =
    asset.file === undefined &&
    fields.content !== undefined &&
    isPlainObject(metadata.reserved) &&
    metadata.reserved.sha256 !== undefined;

  const diff: AssetDiff = { fields };
  if (file !== undefined) diff.file = file;
  if (fields.jsonMetadata !== undefined || file !== undefined || forgetUpload) {
    diff.metadataToWrite = buildMetadata(
      desiredUser ?? metadata.user,
      reservedToWrite(metadata.reserved, file, forgetUpload),
    );
  }
  return diff;
}

/**
 * The scalar fields, one by one: a loop over their names would make every read a lookup by
 * name, which a hundred thousand unchanged assets pay for ten times each.
 */
function diffScalars(asset: DesiredAsset, remote: RemoteAsset, fields: FieldChanges): void {
  const { priority, isHoneypot, honeypotMark, consensusMark, isUsedForConsensus } = asset;
  if (priority !== undefined && priority !== remote.priority) {
    fields.priority = { before: remote.priority, after: priority };
  }
  if (isHoneypot !== undefined && isHoneypot !== remote.isHoneypot) {
    fields.isHoneypot = { before: remote.isHoneypot, after: isHoneypot };
  }
  if (honeypotMark !== undefined && honeypotMark !== remote.honeypotMark) {
    fields.honeypotMark = { before: remote.honeypotMark, after: honeypotMark };
  }
  if (consensusMark !== undefined && consensusMark !== remote.consensusMark) {
    fields.consensusMark = { before: remote.consensusMark, after: consensusMark };
  }
  if (isUsedForConsensus !== undefined && isUsedForConsensus !== remote.isUsedForConsensus) {
    fields.isUsedForConsensus = { before: remote.isUsedForConsensus, after: isUsedForConsensus };
  }
}

/** The reserved `kiliSync` value to write: kept, with the new upload's hash, or without a hash. */
function reservedToWrite(
  reserved: unknown,
  file: PlannedFile | undefined,
  forgetUpload: boolean,
): unknown {
  if (file !== undefined) {
    return { ...(isPlainObject(reserved) ? reserved : {}), sha256: file.sha256 };
  }
  if (!forgetUpload || !isPlainObject(reserved)) return reserved;
  const { sha256: _forgotten, ...rest } = reserved;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/**
 * Remote content as the plan document shows it: never a signed URL, which would let anyone who
 * reads the plan fetch the file. Apply never sends a `before` value, so nothing is lost.
 */
function shownContent(remote: RemoteAsset, metadata: ReturnType<typeof parseRemoteMetadata>) {
  const reserved = isPlainObject(metadata.reserved) ? metadata.reserved.sha256 : undefined;
  return describeRemoteContent(remote.content, reserved);
}

/** Whether the diff changes anything. */
export function hasChanges(diff: AssetDiff): boolean {
  for (const _ in diff.fields) return true;
  return false;
}
