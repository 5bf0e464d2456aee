import { statSync } from 'node:fs';
import path from 'node:path';
import { findLocalRoot } from './local-root.js';

/** Where snapshots and file hashes are kept, relative to the manifest root. */
export const CACHE_FOLDER = path.join('.kili-sync', 'cache');

/**
 * The cache folder for a run: `--cache-dir` when given (relative to `cwd`); otherwise
 * `.kili-sync/cache` in the manifest root of the first PATH (the git work tree around it, the
 * PATH itself, or `--root`), so that every run over the same manifests finds the same cache
 * whatever folder it starts in.
 */
export function resolveCacheDir(
  options: { cacheDir?: string; paths: string[]; root?: string },
  cwd: string,
): string {
  if (options.cacheDir !== undefined) return path.resolve(cwd, options.cacheDir);
  const first = path.resolve(cwd, options.paths[0] ?? '.');
  const info = statSync(first, { throwIfNoEntry: false });
  // A file's folder; a glob or missing path falls back to the working directory.
  const start = info?.isDirectory() ? first : info?.isFile() ? path.dirname(first) : cwd;
  return path.join(findLocalRoot(start, options.root, cwd).realPath, CACHE_FOLDER);
}
