import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KiliSyncError } from '../errors.js';
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
  const listed = spawnSync('git', ['-C', dir, 'ls-files', '-z', '--', '.'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return listed.status === 0 && listed.stdout.length > 0;
}
