import { RESERVED_METADATA_KEY } from '../schema/asset-field-roles.js';
import { chooseImport } from './choose-import.js';
import type { DesiredAsset, MetadataMode } from './desired-state.js';
import {
  type ContentContext,
  type ContentFieldDiff,
  diffInlineContent,
  diffJsonContent,
  NO_CONTENT_CHANGE,
  recordedSha256,
} from './diff-content.js';
import { diffFrames } from './diff-frames.js';
import { declaredFrames, FRAMES_RECORD_KEY } from './frames.js';
import { describeRemoteContent } from './hide-credentials.js';
import {
  hashText,
  serializeJsonContent,
  UPLOAD_RECORD_KEYS,
  uploadsContent,
  uploadsJsonContent,
} from './inline-uploads.js';
import type { LocalFileFacts } from './local-file-facts.js';
import { applyMetadataChange, diffMetadataKeys } from './metadata-keys.js';
import {
  isPlainObject,
  isSameJson,
  isSameSet,
  normalizeLabelers,
  parseRemoteMetadata,
  splitMetadata,
  userMetadata,
} from './normalize.js';
import { ownerMark, recordedMetadataKeys } from './ownership.js';
import type { RemoteAsset } from './remote-state.js';
import type {
  AddImport,
  FieldChanges,
  ManagedField,
  MetadataToWrite,
  OwnerChange,
  PlannedFile,
  PlannedFrames,
  PlannedUploads,
} from './types.js';
import { comparableRemoteMetadata, metadataWithParameters } from './video-metadata.js';

export type { ContentContext } from './diff-content.js';

/** What planning an asset needs besides its content: how the project's metadata is managed. */
export interface AssetContext extends ContentContext {
  /** `keys`: only the declared keys (and those kili-sync wrote) are compared; default `replace`. */
  metadataMode?: MetadataMode;
  /** The project's owner: an asset not marked with it is adopted, or taken over (a conflict). */
  owner?: string;
}

/**
 * The writes one asset needs: changed fields, the file and inline texts to upload, the metadata
 * to send.
 */
export interface AssetDiff {
  fields: FieldChanges;
  file?: PlannedFile;
  uploads?: PlannedUploads;
  frames?: PlannedFrames;
  metadataToWrite?: MetadataToWrite;
  /** Adds only: the asynchronous import, when the SDK imports the asset that way. */
  import?: AddImport;
  /** With an owner: the asset's mark when it is not the owner (see OwnerChange). */
  owner?: OwnerChange;
}

const SCALAR_FIELDS = [
  'priority',
  'isHoneypot',
  'honeypotMark',
  'consensusMark',
  'isUsedForConsensus',
] as const satisfies readonly ManagedField[];

function planFile(asset: DesiredAsset, facts: LocalFileFacts | undefined): PlannedFile | undefined {
  if (asset.file === undefined || facts === undefined) return undefined;
  return { path: asset.file.displayPath, sha256: facts.sha256, mimeType: facts.mimeType };
}

function buildMetadata(user: Record<string, unknown>, reserved: unknown): MetadataToWrite {
  return reserved === undefined ? { ...user } : { ...user, [RESERVED_METADATA_KEY]: reserved };
}

/**
 * The fields of a new asset: every field the manifest sets (`before: null`), the file and frames
 * to upload, the complete metadata to send (always present for an add) and how it is imported.
 */
export function describeNewAsset(
  asset: DesiredAsset,
  facts: LocalFileFacts | undefined,
  context: ContentContext,
): AssetDiff {
  const { inputType } = context;
  const fields: FieldChanges = {};
  const file = planFile(asset, facts);
  if (file !== undefined) fields.content = { before: null, after: `file:${file.path}` };
  else if (asset.content !== undefined) fields.content = { before: null, after: asset.content };
  const frames = declaredFrames(asset, inputType);
  const framesDiff =
    frames === undefined ? undefined : diffFrames(frames, undefined, undefined, context);
  if (framesDiff?.change !== undefined) fields.jsonContent = framesDiff.change;
  else if (asset.jsonContent !== undefined) {
    fields.jsonContent = { before: null, after: asset.jsonContent };
  }
  const user = asset.jsonMetadata === undefined ? {} : splitMetadata(asset.jsonMetadata).user;
  if (asset.jsonMetadata !== undefined) fields.jsonMetadata = { before: null, after: user };
  for (const name of SCALAR_FIELDS) {
    const value = asset[name];
    if (value !== undefined) fields[name] = { before: null, after: value };
  }
  if (asset.toBeLabeledBy !== undefined) {
    fields.toBeLabeledBy = { before: null, after: normalizeLabelers(asset.toBeLabeledBy) };
  }
  const uploads: PlannedUploads = {};
  if (file === undefined && uploadsContent(inputType, asset.content)) {
    uploads.content = { sha256: hashText(asset.content ?? '') };
  }
  if (frames === undefined && uploadsJsonContent(inputType, asset.jsonContent)) {
    uploads.jsonContent = { sha256: hashText(serializeJsonContent(asset.jsonContent)) };
  }
  const records: Record<string, string> = {};
  const contentSha256 = file?.sha256 ?? uploads.content?.sha256;
  if (contentSha256 !== undefined) records[UPLOAD_RECORD_KEYS.content] = contentSha256;
  if (uploads.jsonContent !== undefined) {
    records[UPLOAD_RECORD_KEYS.jsonContent] = uploads.jsonContent.sha256;
  }
  if (framesDiff?.frames !== undefined) records[FRAMES_RECORD_KEY] = framesDiff.frames.sha256;
  const reserved = Object.keys(records).length > 0 ? records : undefined;
  const metadataToWrite = buildMetadata(
    metadataWithParameters(user, undefined, inputType),
    reserved,
  );
  const diff: AssetDiff = { fields, metadataToWrite };
  if (file !== undefined) diff.file = file;
  if (uploads.content !== undefined || uploads.jsonContent !== undefined) diff.uploads = uploads;
  if (framesDiff?.frames !== undefined) diff.frames = framesDiff.frames;
  const chosen = chooseImport({
    inputType,
    file: file === undefined ? undefined : facts,
    hasContent: asset.content !== undefined && asset.content !== '',
    hasFrames: frames !== undefined,
    metadata: metadataToWrite,
  });
  if (chosen !== undefined) diff.import = chosen;
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
  context: AssetContext,
): AssetDiff {
  const fields: FieldChanges = {};
  const metadata = parseRemoteMetadata(remote.jsonMetadata);
  const { reserved } = metadata;
  let file: PlannedFile | undefined;
  let content: ContentFieldDiff = NO_CONTENT_CHANGE;
  // Each declared field is read once: this runs for every declared asset.
  const { content: inlineContent, jsonMetadata: declaredMetadata } = asset;

  if (asset.file !== undefined) {
    const uploaded = recordedSha256(reserved, UPLOAD_RECORD_KEYS.content);
    if (facts !== undefined && uploaded !== facts.sha256) {
      file = planFile(asset, facts);
      fields.content = {
        before: describeRemoteContent(remote.content, uploaded),
        after: `file:${asset.file.displayPath}`,
      };
    }
  } else if (inlineContent !== undefined) {
    content = diffInlineContent(inlineContent, remote, reserved, context);
    if (content.change !== undefined) fields.content = content.change;
  }

  const frames = declaredFrames(asset, context.inputType);
  const framesDiff =
    frames === undefined ? undefined : diffFrames(frames, remote, reserved, context);
  const jsonContent =
    asset.jsonContent === undefined || frames !== undefined
      ? NO_CONTENT_CHANGE
      : diffJsonContent(asset.jsonContent, remote, reserved, context);
  if (jsonContent.change !== undefined) fields.jsonContent = jsonContent.change;
  if (framesDiff?.change !== undefined) fields.jsonContent = framesDiff.change;

  const desiredUser = declaredMetadata === undefined ? undefined : userMetadata(declaredMetadata);
  if (context.metadataMode === 'keys') {
    // Only the declared keys, and the ones kili-sync wrote and no longer declares, are compared.
    const recorded = recordedMetadataKeys(reserved);
    if (desiredUser !== undefined || recorded.length > 0) {
      const change = diffMetadataKeys(desiredUser ?? {}, metadata.user, recorded);
      if (change !== undefined) fields.jsonMetadata = change;
    }
  } else if (desiredUser !== undefined) {
    const compared = comparableRemoteMetadata(metadata.user, desiredUser, context.inputType);
    if (!isSameJson(desiredUser, compared)) {
      fields.jsonMetadata = { before: compared, after: desiredUser };
    }
  }

  diffScalars(asset, remote, fields);

  if (asset.toBeLabeledBy !== undefined && !isSameSet(asset.toBeLabeledBy, remote.toBeLabeledBy)) {
    fields.toBeLabeledBy = {
      before: normalizeLabelers(remote.toBeLabeledBy),
      after: normalizeLabelers(asset.toBeLabeledBy),
    };
  }

  // Each upload records its sha256; content that stops being an upload forgets it, or switching
  // back to the same text or file later would look unchanged.
  // Built only when a record changes: most assets have none.
  let records: Record<string, string | undefined> | undefined;
  const contentSha256 = file?.sha256 ?? content.upload?.sha256;
  if (contentSha256 !== undefined || content.forgetRecord) {
    records = { [UPLOAD_RECORD_KEYS.content]: contentSha256 };
  }
  if (jsonContent.upload !== undefined || jsonContent.forgetRecord) {
    records ??= {};
    records[UPLOAD_RECORD_KEYS.jsonContent] = jsonContent.upload?.sha256;
  }
  // Whatever replaces `jsonContent` replaces the other kind's record with it.
  if (framesDiff?.change !== undefined) {
    records ??= {};
    records[FRAMES_RECORD_KEY] = framesDiff.frames?.sha256;
    records[UPLOAD_RECORD_KEYS.jsonContent] = undefined;
  } else if (jsonContent.change !== undefined && recordedSha256(reserved, FRAMES_RECORD_KEY)) {
    records ??= {};
    records[FRAMES_RECORD_KEY] = undefined;
  }

  const diff: AssetDiff = { fields };
  if (context.owner !== undefined) {
    const mark = ownerMark(reserved);
    if (mark !== context.owner) diff.owner = { before: mark ?? null, after: context.owner };
  }
  if (file !== undefined) diff.file = file;
  if (content.upload !== undefined || jsonContent.upload !== undefined) {
    diff.uploads = {};
    if (content.upload !== undefined) diff.uploads.content = content.upload;
    if (jsonContent.upload !== undefined) diff.uploads.jsonContent = jsonContent.upload;
  }
  if (framesDiff?.frames !== undefined) diff.frames = framesDiff.frames;
  if (fields.jsonMetadata !== undefined || records !== undefined) {
    // What apply will write if Kili still holds what was read: the change applied to it.
    diff.metadataToWrite = buildMetadata(
      fields.jsonMetadata === undefined
        ? metadata.user
        : applyMetadataChange(metadata.user, fields.jsonMetadata),
      records === undefined ? reserved : updateRecords(reserved, records),
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

/**
 * The reserved `kiliSync` value to write: the remote one with each upload record set to its new
 * sha256, or removed (`undefined`); nothing at all once it is empty.
 */
function updateRecords(reserved: unknown, records: Record<string, string | undefined>): unknown {
  if (Object.keys(records).length === 0) return reserved;
  const updated: Record<string, unknown> = isPlainObject(reserved) ? { ...reserved } : {};
  for (const [key, value] of Object.entries(records)) {
    if (value === undefined) delete updated[key];
    else updated[key] = value;
  }
  return Object.keys(updated).length > 0 ? updated : undefined;
}

/** Whether the diff changes anything. */
export function hasChanges(diff: AssetDiff): boolean {
  for (const _ in diff.fields) return true;
  return false;
}
