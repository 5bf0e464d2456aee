import type { SourceLocation } from '../errors.js';
import type { DesiredAsset, DesiredFrames, LocalFileRef } from '../plan/desired-state.js';
import { describeContentUrlProblem } from './check-content-url.js';
import {
  ASSET_FIELDS,
  type RawAsset,
  type RawSharedFields,
  SHARED_FIELDS,
} from './manifest-document.js';
import type { ResolveFramesOptions, resolveFrames } from './resolve-frames.js';
import { resolveLocalFile } from './resolve-local-file.js';

/** Fields copied as they are; `externalId`, `content`, `file` and `frames` are resolved apart. */
const COPIED_FIELDS = ASSET_FIELDS.filter(
  (field) =>
    field !== 'externalId' && field !== 'content' && field !== 'file' && field !== 'frames',
);

/** Only the asset fields of a `defaults` or source entry (not `files`, `jsonl`, templates…). */
export function pickSharedFields(entry: RawSharedFields | undefined): RawSharedFields | undefined {
  if (!entry) return undefined;
  const set = SHARED_FIELDS.filter((field) => entry[field] !== undefined);
  // None: no layer at all, so the assets under it need no merge (see mergeAssetLayers).
  if (set.length === 0) return undefined;
  return Object.fromEntries(set.map((field) => [field, entry[field]])) as RawSharedFields;
}

/**
 * Merges asset fields from the lowest layer (`defaults`) to the highest (the asset itself, or
 * `top` when given apart, which spares a copy of the layer list per asset): later layers win,
 * except `jsonMetadata`, which is merged key by key.
 */
export function mergeAssetLayers(
  layers: readonly (Partial<RawAsset> | undefined)[],
  top?: Partial<RawAsset>,
): RawAsset {
  // Nothing to merge under the asset (a JSONL or CSV source without `defaults` or shared
  // fields): its own fields are the result, without a copy of it and of its metadata per asset.
  // Nothing writes to the result; DesiredAsset takes its fields from it.
  if (top !== undefined && layers.every((layer) => layer === undefined)) return top as RawAsset;
  const merged: Record<string, unknown> = {};
  for (const layer of layers) mergeLayer(merged, layer);
  mergeLayer(merged, top);
  return merged as unknown as RawAsset;
}

function mergeLayer(merged: Record<string, unknown>, layer: Partial<RawAsset> | undefined): void {
  if (!layer) return;
  const fields = layer as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined) continue;
    merged[key] =
      key === 'jsonMetadata'
        ? { ...(merged.jsonMetadata as object | undefined), ...(value as object) }
        : value;
  }
}

/** Builds the DesiredAsset of merged fields; `file` replaces any `content`. */
export function toDesiredAsset(
  merged: RawAsset,
  source: SourceLocation,
  file?: LocalFileRef,
  frames?: DesiredFrames,
): DesiredAsset {
  const asset: DesiredAsset = { externalId: merged.externalId, source };
  if (file) asset.file = file;
  if (frames) asset.frames = frames;
  else if (merged.content !== undefined) asset.content = merged.content;
  const target = asset as unknown as Record<string, unknown>;
  for (const field of COPIED_FIELDS) {
    if (merged[field] !== undefined) target[field] = merged[field];
  }
  return asset;
}

/** Where an asset's `file` and `frames` are relative to, and where their problems are reported. */
export interface AssetReferenceOptions extends ResolveFramesOptions {
  /** The hint for a `file` that does not exist: what it is relative to. */
  fileHint: string;
  /** Given when the asset may have frames: the glob library is loaded for frames only. */
  resolveFrames: typeof resolveFrames | undefined;
  report(field: 'file' | 'content' | 'frames', problem: { message: string; hint: string }): void;
}

/**
 * Builds the DesiredAsset of merged fields once its `file` and `frames` are resolved and its
 * `content` URL checked, each problem reported at its field.
 */
export function resolveDesiredAsset(
  merged: RawAsset,
  source: SourceLocation,
  options: AssetReferenceOptions,
): DesiredAsset {
  let file: LocalFileRef | undefined;
  if (merged.file !== undefined) {
    const fileOptions = { ...options, what: 'file', relativeHint: options.fileHint };
    const resolved = resolveLocalFile(merged.file, fileOptions);
    if (resolved.problem) options.report('file', resolved.problem);
    file = resolved.ref;
  }
  const urlProblem =
    typeof merged.content === 'string' ? describeContentUrlProblem(merged.content) : undefined;
  if (urlProblem !== undefined) options.report('content', urlProblem);
  let frames: DesiredFrames | undefined;
  if (merged.frames !== undefined && options.resolveFrames !== undefined) {
    const resolved = options.resolveFrames(merged.frames, options);
    for (const problem of resolved.problems) options.report('frames', problem);
    frames = resolved.frames;
  }
  return toDesiredAsset(merged, source, file, frames);
}
