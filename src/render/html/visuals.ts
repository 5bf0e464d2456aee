import { HIDDEN, hasCredentials } from '../../plan/hide-credentials.js';
import { isHttpUrl } from '../../plan/inline-uploads.js';
import type { Change, PlannedFile } from '../../plan/types.js';
import { printable } from '../render-values.js';
import { firstLines, type Preview, type RemoteImages, type ReportPreviews } from './previews.js';

/**
 * One side of a change as the report draws it. `i` indexes the report's table of embedded
 * thumbnails (a file used by many assets is embedded once); `u` is a public URL the browser
 * loads lazily.
 */
export type Visual =
  | { k: 'img'; i: number }
  | { k: 'url'; u: string }
  | { k: 'text'; t: string }
  | { k: 'doc'; n: string; pdf?: 1 }
  /** A video: its name, its frame count when made of frames, its first frame when it can be shown. */
  | { k: 'video'; n: string; c?: number; first?: Visual }
  | { k: 'note'; t: string };

/** Embedded thumbnails, each data URI stored once. */
export class ThumbnailTable {
  readonly dataUris: string[] = [];
  private readonly index = new Map<string, number>();

  add(dataUri: string): number {
    let at = this.index.get(dataUri);
    if (at === undefined) {
      at = this.dataUris.length;
      this.dataUris.push(dataUri);
      this.index.set(dataUri, at);
    }
    return at;
  }
}

export interface VisualContext {
  inputType: string | undefined;
  previews: ReportPreviews;
  remoteImages: RemoteImages;
  thumbnails: ThumbnailTable;
}

type Kind = 'image' | 'text' | 'pdf' | 'video' | 'other';

/** Each kind, by a file's MIME type, or by the project's input type for remote content. */
const KINDS: [Kind, (mimeType: string) => boolean, string[]][] = [
  ['video', (mimeType) => mimeType.startsWith('video/'), ['VIDEO', 'VIDEO_LEGACY']],
  ['image', (mimeType) => mimeType.startsWith('image/'), ['IMAGE']],
  ['pdf', (mimeType) => mimeType === 'application/pdf', ['PDF']],
  ['text', (mimeType) => mimeType.startsWith('text/'), ['TEXT']],
];

function kindOf(inputType: string | undefined, mimeType?: string): Kind {
  const found = KINDS.find(([, byMimeType, inputTypes]) =>
    mimeType === undefined ? inputTypes.includes(inputType ?? '') : byMimeType(mimeType),
  );
  return found?.[0] ?? 'other';
}

/** Several lines made printable one by one, so the line breaks stay breaks. */
function printableLines(text: string): string {
  return text.split(/\r?\n/).map(printable).join('\n');
}

/** The last part of a path or URL, for an icon's caption. */
function nameOf(pathOrUrl: string): string {
  const path = pathOrUrl.replace(/[?#].*$/, '');
  return printable(decodeSafely(path.slice(path.lastIndexOf('/') + 1)) || pathOrUrl);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function fromPreview(preview: Preview, context: VisualContext): Visual {
  switch (preview.kind) {
    case 'thumbnail':
      return { k: 'img', i: context.thumbnails.add(preview.dataUri) };
    case 'text':
      return { k: 'text', t: printableLines(firstLines(preview.text)) };
    case 'omitted':
      return { k: 'note', t: printable(preview.reason) };
    default:
      return { k: 'note', t: `cannot show this image: ${printable(preview.reason)}` };
  }
}

/** A local file to upload: its thumbnail, first lines, or icon. */
function localFileVisual(file: PlannedFile, context: VisualContext): Visual {
  const kind = kindOf(context.inputType, file.mimeType);
  if (kind === 'video') return { k: 'video', n: nameOf(file.path) };
  if (kind === 'pdf' || kind === 'other') {
    return { k: 'doc', n: nameOf(file.path), ...(kind === 'pdf' ? { pdf: 1 as const } : {}) };
  }
  const preview = context.previews.files.get(file.path);
  if (preview !== undefined) return fromPreview(preview, context);
  return { k: 'note', t: `no preview of ${printable(file.path)}` };
}

/** A URL or an inline text, as the manifest or Kili holds it. */
function contentVisual(content: string, context: VisualContext): Visual {
  const kind = kindOf(context.inputType);
  if (!isHttpUrl(content)) {
    if (kind === 'text') return { k: 'text', t: printableLines(firstLines(content)) };
    return { k: 'note', t: printable(firstLines(content)) };
  }
  if (kind === 'video') return { k: 'video', n: nameOf(content) };
  return imageUrlVisual(content, context, kind);
}

/** A remote picture: embedded, linked when public, or named. */
function imageUrlVisual(content: string, context: VisualContext, kind: Kind = 'image'): Visual {
  if (kind !== 'image') {
    return { k: 'doc', n: nameOf(content), ...(kind === 'pdf' ? { pdf: 1 as const } : {}) };
  }
  const embedded = context.previews.urls.get(content);
  if (embedded !== undefined) return fromPreview(embedded, context);
  // A URL whose credential the plan hid cannot load: say so rather than show a broken image.
  const linkable = !hasCredentials(content) && !content.includes(HIDDEN);
  if (context.remoteImages === 'link' && linkable) return { k: 'url', u: content };
  return { k: 'note', t: `remote image, not loaded: ${printable(nameOf(content))}` };
}

/** What Kili holds now for an existing asset, from what plan time read, else from the plan. */
function currentVisual(change: Change, shown: unknown, context: VisualContext): Visual {
  const assetId = change.action === 'add' ? undefined : change.assetId;
  const remote = assetId === undefined ? undefined : context.previews.assets.get(assetId);
  if (remote?.preview !== undefined) return fromPreview(remote.preview, context);
  if (remote?.publicUrl !== undefined) return contentVisual(remote.publicUrl, context);
  if (typeof shown === 'string' && !shown.startsWith('uploaded file ')) {
    return contentVisual(shown, context);
  }
  return { k: 'note', t: 'stored in Kili (not shown)' };
}

/**
 * A video made of frames: an icon (or its first frame, when it is a local picture or a public
 * URL the report may show), its name and its frame count.
 */
function framesVisual(
  change: Exclude<Change, { action: 'delete' }>,
  context: VisualContext,
): Visual {
  const frames = change.frames!;
  const files = frames.files;
  const after = change.fields.jsonContent?.after;
  const firstUrl = Array.isArray(after) && typeof after[0] === 'string' ? after[0] : undefined;
  let first: Visual | undefined;
  if (files !== undefined) {
    const preview = context.previews.files.get(files[0]!.path);
    if (preview?.kind === 'thumbnail') first = fromPreview(preview, context);
  } else if (firstUrl !== undefined && isHttpUrl(firstUrl)) {
    const shown = imageUrlVisual(firstUrl, context);
    if (shown.k !== 'note') first = shown;
  }
  return { k: 'video', n: printable(change.externalId), c: frames.count, ...(first && { first }) };
}

/**
 * The pictures of a change: `[after]` for an add, `[before]` for a delete, `[before, after]`
 * for a content change, `[current]` when the content stays as it is.
 */
export function changeVisuals(change: Change, context: VisualContext): Visual[] {
  if (change.action === 'delete') return [currentVisual(change, undefined, context)];
  if (change.frames !== undefined) {
    const after = framesVisual(change, context);
    if (change.action === 'add') return [after];
    return [currentVisual(change, change.fields.jsonContent?.before, context), after];
  }
  const content = change.fields.content;
  if (content === undefined) return [currentVisual(change, undefined, context)];
  const after =
    change.file !== undefined
      ? localFileVisual(change.file, context)
      : contentVisual(String(content.after), context);
  if (change.action === 'add') return [after];
  return [currentVisual(change, content.before, context), after];
}
