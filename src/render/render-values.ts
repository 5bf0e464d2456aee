import { hideCredentials } from '../plan/hide-credentials.js';
import {
  type BlockedReason,
  type Change,
  type DeleteChange,
  type FieldChange,
  MANAGED_FIELDS,
  type ManagedField,
  type PlanSummary,
  type ProjectPlan,
  type ProjectRead,
} from '../plan/types.js';
import { groupDigits } from '../util/group-digits.js';
import { stringifySortedJson as stringify } from '../util/json-number.js';

/**
 * Control characters (ESC, CR, NUL, DEL, C1) and bidirectional overrides, which could recolour
 * or overwrite a reviewer's terminal lines, or make text read in another order than it runs.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the plan (external IDs, titles, paths, values, diff lines) made safe to show:
 * credentials in URLs hidden, control characters escaped (`\x1b`).
 */
export function printable(text: string): string {
  return hideCredentials(text).replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Cuts a one-line text to `max` characters, marking the cut with `…`. */
function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A value on one line: strings quoted (newlines escaped), JSON compact with sorted keys. */
export function formatInline(value: unknown, max: number): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (stringify(value) ?? 'null');
  // JSON escapes C0 controls itself; C1 controls and bidi overrides it leaves as they are.
  return truncate(printable(text), max);
}

/** `1 label`, `3 labels`. */
export function countLabels(count: number): string {
  return count === 1 ? '1 label' : `${count} labels`;
}

/** What a blocked change would cost: `deleting would lose 3 labels`. */
export function describeLoss(reason: BlockedReason, labels: number): string {
  const work = labels > 0 ? countLabels(labels) : 'its labeling work';
  return reason === 'delete-labeled'
    ? `deleting would lose ${work}`
    : `changing the content would invalidate ${work}`;
}

/** Why a change is blocked and how to allow it, in one sentence. */
export function describeBlocked(reason: BlockedReason, labels: number): string {
  return `${describeLoss(reason, labels)} — rerun apply with --allow-label-loss to allow`;
}

/** The blocked reason of a change, if any. */
export function blockedOf(change: Change): BlockedReason | undefined {
  return change.action === 'add' ? undefined : change.blocked;
}

/** Adds up the summaries of several projects; `adopt` and `conflict` only when there are some. */
export function sumSummaries(summaries: readonly PlanSummary[]): PlanSummary {
  const total: PlanSummary = { add: 0, update: 0, rename: 0, delete: 0, unchanged: 0, blocked: 0 };
  for (const summary of summaries) {
    for (const [key, count] of Object.entries(summary) as [keyof PlanSummary, number][]) {
      if (count > 0) total[key] = (total[key] ?? 0) + count;
    }
  }
  return total;
}

/**
 * Terraform's summary line: `Plan: 3 to add, 1 to change, 2 to rename, 0 to delete.`, with the
 * adoptions and ownership conflicts among the changes when there are some.
 */
export function formatSummaryLine(summary: PlanSummary): string {
  const among = [
    ...(summary.adopt ? [`${groupDigits(summary.adopt)} to adopt`] : []),
    ...(summary.conflict ? [`${groupDigits(summary.conflict)} owned by another owner`] : []),
  ];
  const changes = among.length === 0 ? '' : ` (${among.join(', ')})`;
  return `Plan: ${summary.add} to add, ${summary.update} to change${changes}, ${summary.rename} to rename, ${summary.delete} to delete.`;
}

export const NO_CHANGES_LINE = 'No changes. The projects match the manifests.';

/**
 * Why a delete is planned: an extra copy of a managed asset; the owner's asset no manifest
 * declares any more (`prune: owned`); or an asset no manifest declares (`prune: all`), with the
 * owner it was marked with, if any.
 */
export function describeDeleteReason(
  change: Pick<DeleteChange, 'reason' | 'owner'>,
  project: Pick<ProjectPlan, 'prune' | 'owner'>,
): string {
  if (change.reason === 'duplicate') return 'extra copy of a managed asset';
  if (project.prune === 'owned') {
    return `owned by ${printable(change.owner ?? project.owner ?? '')}, no longer declared`;
  }
  const owned = change.owner === undefined ? '' : `, owned by ${printable(change.owner)}`;
  return project.owner === undefined
    ? `not declared in any manifest${owned}`
    : `not declared; prune: all${owned}`;
}

/**
 * What a change does to an asset's ownership, when it does: `adopt (mark: cats-repo)`, or the
 * conflict with the owner that marked it, true to the flags apply was given (`takeOwnership`).
 */
export function describeOwnerChange(
  change: Change,
  takeOwnership?: boolean,
): { text: string; conflict: boolean } | undefined {
  if (change.action === 'add' || change.action === 'delete' || change.owner === undefined) {
    return undefined;
  }
  const { before, after } = change.owner;
  if (before === null)
    return { text: `adopt: mark as owned by ${printable(after)}`, conflict: false };
  const owned = `owned by ${printable(before)}, not ${printable(after)}`;
  return {
    text: takeOwnership
      ? `! ${owned} — taken over, as --take-ownership allows`
      : `! conflict: ${owned}`,
    conflict: true,
  };
}

/**
 * What a plan says of a project besides its name: its input type, its size, and how it is
 * managed: `prune on`/`prune off` for a project kili-sync manages alone; `owner cats-repo,
 * prune: owned` (or `prune: all`, `prune off`) for one with an owner.
 */
export function describeProjectFacts(project: ProjectPlan): string {
  const prune =
    project.prune === 'owned' ? 'prune: owned' : project.prune ? 'prune: all' : 'prune off';
  const management =
    project.owner === undefined
      ? [`prune ${project.prune ? 'on' : 'off'}`]
      : [`owner ${printable(project.owner)}`, prune];
  return [
    ...(project.inputType === undefined ? [] : [project.inputType]),
    `${project.remote.count} ${project.remote.count === 1 ? 'asset' : 'assets'} in Kili`,
    ...management,
  ].join(', ');
}

/** The fields a change sets, in the order every output lists them (the external ID is its title). */
export function listChangedFields(change: Change): [ManagedField, FieldChange][] {
  if (change.action === 'delete') return [];
  return MANAGED_FIELDS.flatMap((name): [ManagedField, FieldChange][] => {
    const field = change.fields[name];
    return field === undefined || name === 'externalId' ? [] : [[name, field]];
  });
}

/** Text made safe inside HTML elements. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text made safe anywhere in HTML, double-quoted attributes included. */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/**
 * How a project was read, in one line: "incremental: 3 calls since 2026-11-30T10:02:05Z,
 * deletions verified by count" or "full read (no snapshot): 1003 calls".
 */
export function describeRead(read: ProjectRead): string {
  const fetched = read.hostedFetches
    ? ` (${read.hostedFetches} of them hosted contents fetched to compare)`
    : '';
  const calls = `${read.calls === 1 ? '1 call' : `${read.calls} calls`}${fetched}`;
  switch (read.method) {
    case 'incremental': {
      const since = read.since === undefined ? '' : ` since ${read.since.replace(/\.\d+Z$/, 'Z')}`;
      const deletions =
        read.deletions === 'located'
          ? ', deleted assets located by counting ranges'
          : ', deletions verified by count';
      return `incremental: ${calls}${since}${deletions}`;
    }
    case 'declared':
      return `declared external IDs only${read.reason === undefined ? '' : ` (${read.reason})`}: ${calls}`;
    default:
      return `full read${read.reason === undefined ? '' : ` (${read.reason})`}: ${calls}`;
  }
}

/** Why an image is imported asynchronously, in words (the plan's `import.why`). */
const WHY_PROCESSED: Record<string, string> = {
  'processed-type': 'its type needs processing',
  'large-file': '30 MiB or more',
  'large-image': 'a side of 10,000 px or more',
  'unreadable-image': "the SDK's image library cannot open it",
};

/**
 * What a change's media is and how it travels, when it is not a plain `appendManyAssets` of a
 * URL or a file: `video, imported asynchronously`, `video of 30 frames`… Undefined otherwise.
 */
export function describeMedia(change: Change): string | undefined {
  if (change.action === 'delete') return undefined;
  const frames = change.frames;
  if (frames !== undefined) {
    const count = `${frames.count} ${frames.count === 1 ? 'frame' : 'frames'}`;
    return `video of ${count}${frames.files ? ' (uploaded)' : ''}`;
  }
  if (change.action !== 'add' || change.import === undefined) return undefined;
  const { uploadType, why } = change.import;
  if (uploadType === 'NATIVE_VIDEO') return 'video, imported asynchronously';
  if (uploadType === 'FRAME_VIDEO') return 'video Kili cuts into frames, imported asynchronously';
  const type = change.file?.mimeType;
  const reason =
    why === 'processed-type' && type !== undefined
      ? `${type} needs processing`
      : (WHY_PROCESSED[why] ?? why);
  return `image, imported asynchronously (${reason})`;
}

/**
 * "2 assets in Kili are not declared in any manifest; kept (prune is off)", or with
 * `prune: owned`, "…; kept (not owned by cats-repo)".
 */
export function describeUndeclared(project: ProjectPlan): string | undefined {
  const count = project.undeclared?.count;
  if (count === undefined || count === 0) return undefined;
  const assets = count === 1 ? '1 asset in Kili is' : `${groupDigits(count)} assets in Kili are`;
  const why =
    project.prune === 'owned' ? `not owned by ${printable(project.owner ?? '')}` : 'prune is off';
  return `${assets} not declared in any manifest; kept (${why})`;
}

/** The symbol of each action, as every plan shows it. */
export const CHANGE_SYMBOLS: Record<Change['action'], string> = {
  add: '+',
  update: '~',
  rename: '->',
  delete: '-',
};
