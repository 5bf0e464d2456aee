import { KiliSyncError } from '../errors.js';
import { capDetailLines } from '../plan/detail-lines.js';
import { FRAMES_RECORD_KEY, framesRecord } from '../plan/frames.js';
import { hashText, serializeJsonContent, UPLOAD_RECORD_KEYS } from '../plan/inline-uploads.js';
import { applyMetadataChange, nextRecordedKeys } from '../plan/metadata-keys.js';
import {
  isPlainObject,
  isSameJson,
  parseRemoteMetadata,
  splitMetadata,
} from '../plan/normalize.js';
import {
  COMMIT_RECORD_KEY,
  MANIFEST_RECORD_KEY,
  METADATA_KEYS_RECORD_KEY,
  OWNER_RECORD_KEY,
  recordedMetadataKeys,
} from '../plan/ownership.js';
import type {
  AddChange,
  Plan,
  PlannedFile,
  PlannedFrames,
  RenameChange,
  UpdateChange,
} from '../plan/types.js';
import { RESERVED_METADATA_KEY } from '../schema/asset-field-roles.js';

/**
 * What apply sends for an asset's `content` and `jsonContent`, decided here once: compile builds
 * the mutations from it, the upload step uploads what it names, and consent judges the
 * mutations compile built. A field is written exactly when the change shows it in `fields`
 * (what a reviewer reads); `file`, `uploads` and `frames` only say how its new value travels, and a saved
 * plan whose `file` or `uploads` do not match its `fields` is refused as a whole.
 */

export type ContentField = 'content' | 'jsonContent';

/** How a field's new value reaches Kili. */
export type ContentSource =
  /** A local file, uploaded through a signed URL; the asset stores the URL. */
  | { kind: 'file'; file: PlannedFile }
  /** Inline text, uploaded through a signed URL; the asset stores the URL. */
  | { kind: 'text'; text: string; sha256: string }
  /** Sent in the mutation as it is. */
  | { kind: 'value'; value: string }
  /**
   * A video's frames (`jsonContent`): local frames, then the SDK's index `{"0": url, …}`, are
   * uploaded; the asset stores the index's URL. Hosted frames carry their URLs.
   */
  | FramesSource;

/** The frames a change sends, the URLs it shows (hosted) or the files it uploads (local). */
export type FramesSource =
  | { kind: 'frames'; urls: string[]; files?: undefined }
  | { kind: 'frames'; urls?: undefined; files: PlannedFile[] };

export type ContentWrites = Partial<Record<ContentField, ContentSource>>;

type WritingChange = AddChange | UpdateChange | RenameChange;

/**
 * The content writes of a change, or what makes them ambiguous: a `file` or `uploads` entry
 * for a field the change does not show, a file whose path or an upload whose sha256 does not
 * match the value shown.
 */
export function describeContentWrites(change: WritingChange): {
  writes: ContentWrites;
  problems: string[];
} {
  const problems: string[] = [];
  const writes: ContentWrites = {};
  const { fields, file, uploads } = change;

  const content = fields.content;
  if (content === undefined) {
    if (file !== undefined) problems.push('carries a file but no content change');
    if (uploads?.content !== undefined) {
      problems.push('carries a content upload but no content change');
    }
  } else if (file !== undefined) {
    if (uploads?.content !== undefined) problems.push('uploads its content twice');
    if (content.after !== `file:${file.path}`) {
      problems.push(`uploads the file ${file.path} but shows its content as another value`);
    }
    writes.content = { kind: 'file', file };
  } else if (uploads?.content !== undefined) {
    const text = typeof content.after === 'string' ? content.after : undefined;
    if (text === undefined || hashText(text) !== uploads.content.sha256) {
      problems.push('uploads content whose sha256 is not that of the text it shows');
    } else {
      writes.content = { kind: 'text', text, sha256: uploads.content.sha256 };
    }
  } else {
    writes.content = { kind: 'value', value: stringOr(content.after, '') };
  }

  const jsonContent = fields.jsonContent;
  if (jsonContent === undefined) {
    if (uploads?.jsonContent !== undefined) {
      problems.push('carries a jsonContent upload but no jsonContent change');
    }
    if (change.frames !== undefined) problems.push('carries frames but no jsonContent change');
  } else if (change.frames !== undefined) {
    if (uploads?.jsonContent !== undefined) problems.push('uploads its jsonContent twice');
    const frames = describeFramesWrite(jsonContent.after, change.frames);
    if (typeof frames === 'string') problems.push(frames);
    else writes.jsonContent = frames;
  } else if (uploads?.jsonContent !== undefined) {
    const text = serializeJsonContent(jsonContent.after);
    if (hashText(text) !== uploads.jsonContent.sha256) {
      problems.push('uploads jsonContent whose sha256 is not that of the value it shows');
    } else {
      writes.jsonContent = { kind: 'text', text, sha256: uploads.jsonContent.sha256 };
    }
  } else {
    writes.jsonContent = { kind: 'value', value: serializeJsonContent(jsonContent.after) };
  }
  return { writes, problems };
}

/**
 * The frames a change sends, checked against what it shows: the frame URLs (hosted) or the
 * `file:` paths of its files (local), whose record must be the plan's. A string says what
 * does not match.
 */
function describeFramesWrite(after: unknown, frames: PlannedFrames): FramesSource | string {
  const shown = Array.isArray(after) && after.every((item) => typeof item === 'string');
  if (!shown || after.length !== frames.count) {
    return 'uploads frames that are not the list its jsonContent shows';
  }
  if (frames.files === undefined) {
    const urls = after as string[];
    if (framesRecord({ kind: 'hosted', urls }) !== frames.sha256) {
      return 'uploads frames whose sha256 is not that of the frames it shows';
    }
    return { kind: 'frames', urls };
  }
  const files = frames.files;
  if (files.some((file, index) => after[index] !== `file:${file.path}`)) {
    return 'uploads frame files that are not the ones its jsonContent shows';
  }
  if (framesRecord({ kind: 'local', files }) !== frames.sha256) {
    return 'uploads frames whose sha256 is not that of the frames it shows';
  }
  return { kind: 'frames', files };
}

/** The record of the frames sent: the sequence's identity (see frames.ts). */
function recordOfFrames(source: FramesSource): string {
  return source.files === undefined
    ? framesRecord({ kind: 'hosted', urls: source.urls })
    : framesRecord({ kind: 'local', files: source.files });
}

/**
 * Refuses a saved plan in which a change would send content its `fields` do not show: what a
 * reviewer read must be all that is sent. Runs before any request.
 */
export function checkContentWrites(plan: Plan, file: string): void {
  const problems: string[] = [];
  for (const project of plan.projects) {
    for (const change of project.changes) {
      if (change.action === 'delete') continue;
      for (const problem of describeContentWrites(change).problems) {
        problems.push(`${change.externalId} (${project.projectId}) ${problem}`);
      }
    }
  }
  if (problems.length === 0) return;
  throw new KiliSyncError(
    'plan-tampered',
    `${file}: ${problems.length === 1 ? 'a change sends' : `${problems.length} changes send`} content the plan does not show`,
    {
      details: capDetailLines(problems),
      hint: 'the file was edited after it was made; run kili-sync plan --out again (nothing was sent to Kili)',
    },
  );
}

/**
 * The reserved `kiliSync` value after these writes, from what Kili holds now and what is sent:
 * each field uploaded records the sha256 of the bytes sent, each field sent as a value forgets
 * its record, every other key stays as Kili has it. Never taken from a plan file, which anyone
 * can edit: a forged record would make a later plan call changed content unchanged.
 */
function deriveReserved(current: unknown, writes: ContentWrites): unknown {
  const next: Record<string, unknown> = isPlainObject(current) ? { ...current } : {};
  for (const field of ['content', 'jsonContent'] as const) {
    const source = writes[field];
    if (source === undefined) continue;
    const key = UPLOAD_RECORD_KEYS[field];
    if (source.kind === 'file') next[key] = source.file.sha256;
    else if (source.kind === 'text') next[key] = source.sha256;
    else delete next[key];
    // Frames are recorded apart: whatever else `jsonContent` becomes forgets them.
    if (field !== 'jsonContent') continue;
    if (source.kind === 'frames') next[FRAMES_RECORD_KEY] = recordOfFrames(source);
    else delete next[FRAMES_RECORD_KEY];
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

/** What apply records of its run on the assets of a project with an owner. */
export interface OwnershipRecord {
  /** The project's owner (the plan's `owner`: the manifests' for `apply PATH`). */
  owner: string;
  /** The commit of the manifests, when they are in git (read by this run). */
  commit?: string;
}

/**
 * The `jsonMetadata` apply writes for a change, or undefined when it writes none. The user keys
 * are Kili's current ones (`currentJsonMetadata`, read by this run) with the change's
 * `jsonMetadata` field applied: the keys it shows removed are removed, the keys it sets are set,
 * every other writer's key stays, even one written since the plan read the asset. An add has no
 * current metadata: it sends the plan's keys. The reserved key is derived from what Kili holds
 * and what is sent, and in a project with an owner from `ownership` too (the mark, the keys
 * kili-sync wrote, the commit and manifest). Metadata is written when the change shows a
 * `jsonMetadata` change or asks for metadata, or when a record must change.
 */
export function metadataToSend(
  change: WritingChange,
  writes: ContentWrites,
  currentJsonMetadata: string | undefined,
  ownership?: OwnershipRecord,
): Record<string, unknown> | undefined {
  const current =
    currentJsonMetadata === undefined ? undefined : parseRemoteMetadata(currentJsonMetadata);
  const metadataChange = change.fields.jsonMetadata;
  let user: Record<string, unknown>;
  if (change.action === 'add') user = splitMetadata(change.metadataToWrite).user;
  else if (metadataChange === undefined) user = current?.user ?? {};
  else user = applyMetadataChange(current?.user ?? {}, metadataChange);
  let reserved = deriveReserved(current?.reserved, writes);
  if (ownership !== undefined) {
    reserved = recordOwnership(reserved, ownership, change, current?.reserved, user);
  }
  const recordsChange = !isSameJson(reserved ?? null, current?.reserved ?? null);
  const asked = change.metadataToWrite !== undefined || metadataChange !== undefined;
  if (change.action !== 'add' && !asked && !recordsChange) return undefined;
  return reserved === undefined ? { ...user } : { ...user, [RESERVED_METADATA_KEY]: reserved };
}

/**
 * The reserved value with this run's ownership records: the owner's mark, the metadata keys
 * kili-sync has written (see nextRecordedKeys), and where the write comes from: the commit when
 * known, the manifest that declares the asset.
 */
function recordOwnership(
  reserved: unknown,
  ownership: OwnershipRecord,
  change: WritingChange,
  currentReserved: unknown,
  written: Record<string, unknown>,
): Record<string, unknown> {
  const next: Record<string, unknown> = isPlainObject(reserved) ? { ...reserved } : {};
  next[OWNER_RECORD_KEY] = ownership.owner;
  const keys = nextRecordedKeys(
    recordedMetadataKeys(currentReserved),
    change.fields.jsonMetadata,
    written,
  );
  if (keys.length > 0) next[METADATA_KEYS_RECORD_KEY] = keys;
  else delete next[METADATA_KEYS_RECORD_KEY];
  if (ownership.commit !== undefined) next[COMMIT_RECORD_KEY] = ownership.commit;
  else delete next[COMMIT_RECORD_KEY];
  if (change.source !== undefined) next[MANIFEST_RECORD_KEY] = change.source.file;
  else delete next[MANIFEST_RECORD_KEY];
  return next;
}

function stringOr(value: unknown, fallback: string): string {
  return value === undefined || value === null ? fallback : String(value);
}
