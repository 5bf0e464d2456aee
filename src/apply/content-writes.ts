import { KiliSyncError } from '../errors.js';
import { hashText, serializeJsonContent, UPLOAD_RECORD_KEYS } from '../plan/inline-uploads.js';
import { isSameJson, parseRemoteMetadata, splitMetadata } from '../plan/normalize.js';
import type { AddChange, Plan, PlannedFile, RenameChange, UpdateChange } from '../plan/types.js';
import { RESERVED_METADATA_KEY } from '../schema/asset-field-roles.js';

/**
 * What apply sends for an asset's `content` and `jsonContent`, decided here once: compile builds
 * the mutations from it, the upload step uploads what it names, and consent judges the
 * mutations compile built. A field is written exactly when the change shows it in `fields`
 * (what a reviewer reads); `file` and `uploads` only say how its new value travels, and a saved
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
  | { kind: 'value'; value: string };

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
    'PLAN_INVALID',
    `${file}: ${problems.length === 1 ? 'a change sends' : `${problems.length} changes send`} content the plan does not show`,
    {
      details: problems
        .slice(0, 20)
        .concat(problems.length > 20 ? [`… and ${problems.length - 20} more`] : []),
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
export function deriveReserved(current: unknown, writes: ContentWrites): unknown {
  const next: Record<string, unknown> = isPlainObject(current) ? { ...current } : {};
  for (const field of ['content', 'jsonContent'] as const) {
    const source = writes[field];
    if (source === undefined) continue;
    const key = UPLOAD_RECORD_KEYS[field];
    if (source.kind === 'file') next[key] = source.file.sha256;
    else if (source.kind === 'text') next[key] = source.sha256;
    else delete next[key];
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

/**
 * The `jsonMetadata` apply writes for a change, or undefined when it writes none: the user keys
 * the plan shows (or, when it shows none, those Kili holds) with the reserved key derived from
 * what is sent. Metadata is written when the plan asks for it, or when a record must change.
 */
export function metadataToSend(
  change: WritingChange,
  writes: ContentWrites,
  currentJsonMetadata: string | undefined,
): Record<string, unknown> | undefined {
  const current =
    currentJsonMetadata === undefined ? undefined : parseRemoteMetadata(currentJsonMetadata);
  const reserved = deriveReserved(current?.reserved, writes);
  const planned = change.metadataToWrite;
  const recordsChange = !isSameJson(reserved ?? null, current?.reserved ?? null);
  if (planned === undefined && !recordsChange) return undefined;
  const user = planned === undefined ? (current?.user ?? {}) : splitMetadata(planned).user;
  return reserved === undefined ? { ...user } : { ...user, [RESERVED_METADATA_KEY]: reserved };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return value === undefined || value === null ? fallback : String(value);
}
