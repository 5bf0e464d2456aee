import type { DesiredAsset } from './desired-state.js';
import { hashText, isHttpUrl } from './inline-uploads.js';
import type { LocalFileFacts, LocalFileFactsByPath } from './local-file-facts.js';
import { isPlainObject } from './normalize.js';
import type { PlannedFile } from './types.js';

/**
 * A video made of frames, the way the official SDK imports it (`video.py`, `FrameBatchImporter`):
 * the list of frame URLs becomes the index `{"0": url, "1": url, …}`
 * (`map_frame_urls_to_index`), uploaded as the asset's `jsonContent` file; local frames are
 * uploaded first, one object each. A manifest declares frames with `frames`, or, as the SDK's
 * `json_content_array` does, as a `jsonContent` list in a VIDEO project.
 */

/** Input types whose assets may be videos made of frames. */
const VIDEO_INPUT_TYPES: ReadonlySet<string> = new Set(['VIDEO', 'VIDEO_LEGACY']);

export function isVideoProject(inputType: string): boolean {
  return VIDEO_INPUT_TYPES.has(inputType);
}

/** The `kiliSync` key recording which frame sequence an asset's `jsonContent` holds. */
export const FRAMES_RECORD_KEY = 'framesSha256';

/** Declared frames, in order: hosted URLs, or local files with their facts. */
export type DeclaredFrames =
  | { kind: 'hosted'; urls: string[] }
  | { kind: 'local'; files: { path: string; absolutePath: string }[] };

/**
 * The frames an asset declares: `frames`, or in a VIDEO project a `jsonContent` that is a list
 * of strings (the SDK's form). Undefined when it declares none.
 */
export function declaredFrames(asset: DesiredAsset, inputType: string): DeclaredFrames | undefined {
  const { frames } = asset;
  if (frames !== undefined) {
    return 'urls' in frames
      ? { kind: 'hosted', urls: frames.urls }
      : {
          kind: 'local',
          files: frames.files.map((file) => ({
            path: file.displayPath,
            absolutePath: file.absolutePath,
          })),
        };
  }
  if (isVideoProject(inputType) && isFrameList(asset.jsonContent)) {
    return { kind: 'hosted', urls: asset.jsonContent };
  }
  return undefined;
}

/** A non-empty list of strings: frames, in a VIDEO project's `jsonContent`. */
function isFrameList(value: unknown): value is string[] {
  return (
    Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')
  );
}

/** How the declared frames are shown and sent as the `jsonContent` field's `after` value. */
export function describeFrames(frames: DeclaredFrames): string[] {
  return frames.kind === 'hosted' ? frames.urls : frames.files.map((file) => `file:${file.path}`);
}

/** The local frame files of the plan, in order, or undefined when one of them is unknown. */
export function planFrameFiles(
  frames: DeclaredFrames,
  localFiles: LocalFileFactsByPath,
): PlannedFile[] | undefined {
  if (frames.kind === 'hosted') return undefined;
  const planned: PlannedFile[] = [];
  for (const file of frames.files) {
    const facts: LocalFileFacts | undefined = localFiles.get(file.absolutePath);
    if (facts === undefined) return undefined;
    planned.push({ path: file.path, sha256: facts.sha256, mimeType: facts.mimeType });
  }
  return planned;
}

/**
 * The record of a frame sequence: the sha256 of the JSON list of its frame URLs (hosted), or of
 * its files' sha256 (local). Equal records mean the same frames in the same order.
 */
export function framesRecord(
  frames: { kind: 'hosted'; urls: string[] } | { kind: 'local'; files: PlannedFile[] },
): string {
  const identity =
    frames.kind === 'hosted'
      ? JSON.stringify(['hosted', frames.urls])
      : JSON.stringify(['local', frames.files.map((file) => file.sha256)]);
  return hashText(identity);
}

/** The SDK's frame index: `{"0": url, "1": url, …}` as the JSON text that is uploaded. */
export function frameIndexText(urls: readonly string[]): string {
  return JSON.stringify(Object.fromEntries(urls.map((url, position) => [String(position), url])));
}

/**
 * The frame URLs a stored `jsonContent` holds, when it holds frames: the SDK's index object, or
 * a plain list (as kili-sync stored frames before it stored them the SDK's way), as JSON text.
 * Undefined for anything else (a URL, other JSON, nothing).
 */
export function readFrameUrls(text: string): string[] | undefined {
  if (text === '' || isHttpUrl(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (isFrameList(parsed)) return parsed;
  if (!isPlainObject(parsed)) return undefined;
  const entries = Object.entries(parsed);
  if (entries.length === 0) return undefined;
  const urls: string[] = [];
  for (const [key, value] of entries) {
    const position = Number(key);
    if (!/^(0|[1-9]\d*)$/.test(key) || position >= entries.length || typeof value !== 'string') {
      return undefined;
    }
    urls[position] = value;
  }
  return urls.length === entries.length ? urls : undefined;
}
