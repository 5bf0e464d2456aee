import type { Provenance } from '../../plan/ownership.js';

/**
 * What the HTML report shows of a file or remote content, made by the I/O layer at plan time
 * (thumbnails need the file system and an image decoder; the renderer stays pure) and looked up
 * by the renderer.
 */
export type Preview =
  /** A small JPEG thumbnail as a data URI, embedded in the report. */
  | { kind: 'thumbnail'; dataUri: string }
  /** The first lines of a text. */
  | { kind: 'text'; text: string }
  /** The file could not be read or decoded: the report says why instead of a broken image. */
  | { kind: 'unreadable'; reason: string }
  /** Left out on purpose (the report's thumbnail limit): the report says why. */
  | { kind: 'omitted'; reason: string };

/** The current content of an asset in Kili, for the "before" side and for deletes. */
export interface RemoteContent {
  /** A public URL the browser may load (never one that carries a credential). */
  publicUrl?: string;
  /** A thumbnail or text made at plan time. */
  preview?: Preview;
  /**
   * The whole text a TEXT asset holds now, when Kili hosts it (uploaded texts reach the plan
   * only as a hash): the "before" side of the line diff of a changed text.
   */
  text?: string;
}

export interface ReportPreviews {
  /** By local path as the plan holds it (`file.path`). */
  files: ReadonlyMap<string, Preview>;
  /** By URL: remote images fetched and embedded (`--report-images embed`). */
  urls: ReadonlyMap<string, Preview>;
  /** By asset ID: what Kili holds now. */
  assets: ReadonlyMap<string, RemoteContent>;
  /**
   * By asset ID: where kili-sync's last write of an asset the plan updates or deletes came from,
   * as its `kiliSync` record says (projects with an owner record it).
   */
  provenance?: ReadonlyMap<string, Provenance>;
}

export const NO_PREVIEWS: ReportPreviews = { files: new Map(), urls: new Map(), assets: new Map() };

/**
 * How the report shows remote images: `link` references public URLs (the browser loads them
 * lazily, as the page scrolls to them); `embed` shows thumbnails made at plan time, so the file
 * is complete offline (archives); `none` loads nothing and names the URL instead.
 */
export type RemoteImages = 'link' | 'embed' | 'none';
export const REMOTE_IMAGE_MODES: readonly RemoteImages[] = ['link', 'embed', 'none'];

/** Text previews keep this many lines. */
const TEXT_PREVIEW_LINES = 8;
/** …and at most this many characters. */
export const TEXT_PREVIEW_CHARS = 600;

/** The first lines of a text, as a preview shows them. */
export function firstLines(text: string): string {
  const lines = text.slice(0, TEXT_PREVIEW_CHARS).split(/\r?\n/).slice(0, TEXT_PREVIEW_LINES);
  const cut = lines.join('\n');
  return cut.length < text.length ? `${cut}…` : cut;
}
