import { lstatSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KiliSyncError } from '../errors.js';
import { git } from './git-facts.js';
import { findLocalRoot } from './local-root.js';

/** The folder kili-sync keeps its own files in, at the manifest root. */
export const PRIVATE_FOLDER = '.kili-sync';

/** Where snapshots and file hashes are kept, relative to the manifest root. */
export const CACHE_FOLDER = path.join(PRIVATE_FOLDER, 'cache');

/** The cache folder of a run, or why none is used. */
export type CacheDirLookup = { dir: string } | { unusable: string };

/**
 * The cache folder for a run: `--cache-dir` when given (relative to `cwd`); otherwise
 * `.kili-sync/cache` in the manifest root of the first PATH (the git work tree around it, the
 * PATH itself, or `--root`), so that every run over the same manifests finds the same cache
 * whatever folder it starts in.
 *
 * The cache is never an authority: a default folder that is a symbolic link is refused (a
 * commit could point it anywhere), and a folder holding files git tracks (a snapshot committed
 * in a pull request) is not used at all.
 */
export function openCacheDir(
  options: { cacheDir?: string; paths: string[]; root?: string },
  cwd: string,
): CacheDirLookup {
  let dir: string;
  if (options.cacheDir !== undefined) {
    dir = path.resolve(cwd, options.cacheDir);
  } else {
    const first = path.resolve(cwd, options.paths[0] ?? '.');
    const info = statSync(first, { throwIfNoEntry: false });
    // A file's folder; a glob or missing path falls back to the working directory.
    const start = info?.isDirectory() ? first : info?.isFile() ? path.dirname(first) : cwd;
    const root = findLocalRoot(start, options.root, cwd).realPath;
    refuseLinks(root, [PRIVATE_FOLDER, CACHE_FOLDER]);
    dir = path.join(root, CACHE_FOLDER);
  }
  if (isTrackedByGit(dir)) {
    return {
      unusable:
        `the cache folder ${dir} holds files git tracks: they are not used, and nothing is written there ` +
        `(remove them from git: git rm -r --cached ${path.relative(cwd, dir) || '.'})`,
    };
  }
  return { dir };
}

/**
 * Creates a folder for kili-sync's own files (caches, the emulator's database). The first folder
 * it creates gets a `.gitignore` of `*`, so that what kili-sync keeps there never lands in a
 * commit by accident.
 */
export function ensurePrivateFolder(dir: string): void {
  const created = mkdirSync(dir, { recursive: true });
  if (created === undefined) return;
  try {
    writeFileSync(path.join(created, '.gitignore'), '# kili-sync keeps its caches here\n*\n', {
      flag: 'wx',
    });
  } catch {
    // Someone wrote one first: theirs stays.
  }
}

/**
 * Writes a cache file through a temporary file renamed into place, so a reader (another run, a CI
 * cache step) never sees half of one. Returns the error's code instead of failing: a cache that
 * cannot be written only makes the next run slower.
 */
export function writeCacheFile(
  dir: string,
  file: string,
  content: () => string | Uint8Array,
): string | undefined {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    ensurePrivateFolder(dir);
    writeFileSync(temporary, content());
    renameSync(temporary, file);
    return undefined;
  } catch (error) {
    removeQuietly(temporary);
    return (error as NodeJS.ErrnoException).code ?? 'error';
  }
}

/** A cache file that cannot be removed (no folder, no permission) is left to the next run. */
export function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Nothing to do: a cache file that stays behind is verified before it is used.
  }
}

function refuseLinks(root: string, folders: string[]): void {
  for (const folder of folders) {
    if (!lstatSync(path.join(root, folder), { throwIfNoEntry: false })?.isSymbolicLink()) continue;
    throw new KiliSyncError('cache-dir-link', `${path.join(root, folder)} is a symbolic link`, {
      hint: `kili-sync keeps its caches only in a real folder inside the root: remove the link, or pass --cache-dir DIR or --no-cache`,
    });
  }
}

/** Whether git tracks any file in `dir` (false outside a work tree, or without git). */
function isTrackedByGit(dir: string): boolean {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return false;
  // `-z` ends each name with a NUL, which trimming keeps: any tracked file prints something.
  return git(dir, ['ls-files', '-z', '--', '.']) !== undefined;
}
