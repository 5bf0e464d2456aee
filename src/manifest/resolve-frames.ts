import path from 'node:path';
import { isInsideRoot, type LocalRoot } from '../files/local-root.js';
import { globBase, matchFilesSync } from '../files/match-files.js';
import type { DesiredFrames, LocalFileRef } from '../plan/desired-state.js';
import { isHttpUrl } from '../plan/inline-uploads.js';
import { toDisplayPath } from './discover-manifest-files.js';
import type { RawAsset } from './manifest-document.js';
import { resolveLocalFile } from './resolve-local-file.js';

export interface ResolveFramesOptions {
  /** The folder frame paths and patterns are relative to. */
  baseDir: string;
  cwd: string;
  root: LocalRoot;
  /** What relative paths are relative to, for hints ("the manifest's folder"…). */
  relativeTo: string;
}

export interface ResolvedFrames {
  frames?: DesiredFrames;
  /** Why the frames cannot be used, each a validation error at the asset's `frames`. */
  problems: { message: string; hint: string }[];
}

/**
 * Resolves the `frames` of an asset as written: a list of frame URLs (hosted frames), a list of
 * local files, or `{files: <glob>}`. Local frames must be regular files inside the manifest root,
 * as any `file`; a glob's files are sorted by {@link compareFramePaths}.
 */
export function resolveFrames(
  raw: NonNullable<RawAsset['frames']>,
  options: ResolveFramesOptions,
): ResolvedFrames {
  if (!Array.isArray(raw)) return resolveFrameGlob(raw.files, options);
  const urls = raw.filter(isHttpUrl);
  if (urls.length === raw.length) return { frames: { urls }, problems: [] };
  if (urls.length > 0) {
    return refuse(
      `'frames' mixes ${urls.length} URLs and ${raw.length - urls.length} local files`,
      'the frames of one video are all hosted (URLs) or all local files, as the SDK imports them',
    );
  }
  return resolveFrameFiles(raw, options);
}

function refuse(message: string, hint: string): ResolvedFrames {
  return { problems: [{ message, hint }] };
}

function resolveFrameFiles(references: string[], options: ResolveFramesOptions): ResolvedFrames {
  const files: LocalFileRef[] = [];
  const problems: ResolvedFrames['problems'] = [];
  for (const reference of references) {
    const resolved = resolveLocalFile(reference, {
      baseDir: options.baseDir,
      cwd: options.cwd,
      root: options.root,
      what: 'frame',
      relativeHint: `a frame file is relative to ${options.relativeTo}`,
    });
    if (resolved.problem) problems.push(resolved.problem);
    else files.push(resolved.ref);
  }
  return problems.length > 0 ? { problems } : { frames: { files }, problems };
}

function resolveFrameGlob(pattern: string, options: ResolveFramesOptions): ResolvedFrames {
  const cleaned = pattern.replace(/^\.\//, '');
  const base = globBase(cleaned);
  const rootShown = toDisplayPath(options.root.realPath, options.cwd);
  // Refused before walking, as a `files` source is: the pattern must not scan the machine.
  if (!isInsideRoot(path.resolve(options.baseDir, base), options.root)) {
    return refuse(
      `'${pattern}' reaches outside the manifest root '${rootShown}'`,
      `a frames pattern is relative to ${options.relativeTo} and must stay inside the repository (or --root)`,
    );
  }
  const matches = matchFilesSync(cleaned, options.baseDir);
  if (matches.length === 0) {
    return refuse(
      `'${pattern}' matches no frame file`,
      `the pattern is relative to ${options.relativeTo} (${toDisplayPath(options.baseDir, options.cwd)})`,
    );
  }
  return resolveFrameFiles(matches.sort(compareFramePaths), options);
}

/**
 * Frame order: paths compared piece by piece, runs of digits as numbers (`frame-2` before
 * `frame-10`, as people number frames), everything else by code unit, so the order is the same on
 * every machine. Equal numbers with different zero padding fall back to the text.
 */
export function compareFramePaths(a: string, b: string): number {
  const left = a.match(/\d+|\D+/g) ?? [];
  const right = b.match(/\d+|\D+/g) ?? [];
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const x = left[index]!;
    const y = right[index]!;
    if (x === y) continue;
    const bothDigits = /^\d/.test(x) && /^\d/.test(y);
    if (bothDigits) {
      const difference = compareDigits(x, y);
      if (difference !== 0) return difference;
    }
    return x < y ? -1 : 1;
  }
  return left.length - right.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Compares two runs of digits as whole numbers, however long. */
function compareDigits(x: string, y: string): number {
  const a = x.replace(/^0+(?=\d)/, '');
  const b = y.replace(/^0+(?=\d)/, '');
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
