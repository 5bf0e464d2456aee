import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { KiliSyncError } from '../errors.js';

/**
 * The folder every local file a manifest reads must lie in, after symbolic links are resolved.
 * A reviewed manifest must not be able to read (and upload) anything else on the machine that
 * applies it: `file: env.txt` linking to `/proc/self/environ` would upload the API key.
 */
export interface LocalRoot {
  /** Real path (symbolic links resolved) of the root folder. */
  realPath: string;
  /** Why this folder: the enclosing git work tree, the PATH itself, or `--root`. */
  origin: 'git' | 'path' | 'option';
}

/** Kernel pseudo-filesystems: never data, often secrets (`/proc/self/environ`). */
const SPECIAL_TREES = ['/proc', '/sys', '/dev'];

export type LocalFileProblem = 'missing' | 'not-a-file' | 'special' | 'outside-root';

/**
 * The root for a PATH argument: `--root` when given; otherwise the git work tree that
 * encloses the PATH; otherwise the PATH itself (its folder when it is a file or a glob).
 * `start` is an existing folder (the PATH, or the static part of a glob); `rootOption` is
 * relative to `cwd`.
 */
export function findLocalRoot(start: string, rootOption?: string, cwd = process.cwd()): LocalRoot {
  if (rootOption !== undefined) {
    const folder = path.resolve(cwd, rootOption);
    if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
      throw new KiliSyncError('USAGE', `--root ${rootOption} is not a folder`, {
        hint: 'give the folder that holds the manifests and every file they read',
      });
    }
    return { realPath: realpathSync(folder), origin: 'option' };
  }
  const folder = realFolder(start);
  for (let dir = folder; ; dir = path.dirname(dir)) {
    // `.git` is a folder in a clone and a file in a worktree or submodule.
    if (existsSync(path.join(dir, '.git'))) return { realPath: dir, origin: 'git' };
    if (path.dirname(dir) === dir) break;
  }
  return { realPath: folder, origin: 'path' };
}

/** Whether `realPath` (already resolved) lies inside the root folder or is the root itself. */
export function isInsideRoot(realPath: string, root: LocalRoot): boolean {
  const relative = path.relative(root.realPath, realPath);
  if (path.isAbsolute(relative)) return false; // another drive on Windows
  return relative !== '..' && !relative.startsWith(`..${path.sep}`);
}

/**
 * Resolves a local path for reading: symbolic links are followed, and the target must be a
 * regular file inside the root. Returns the real path to read, or why it cannot be used.
 */
export function checkLocalFile(
  absolutePath: string,
  root: LocalRoot,
): { realPath: string; problem?: undefined } | { realPath?: undefined; problem: LocalFileProblem } {
  let realPath: string;
  try {
    // The system's realpath(3): one call per file, where the JavaScript one stats every folder
    // on the way (a manifest may declare a hundred thousand files).
    realPath = realpathSync.native(absolutePath);
  } catch {
    return { problem: 'missing' };
  }
  if (!isInsideRoot(realPath, root)) return { problem: 'outside-root' };
  if (SPECIAL_TREES.some((tree) => isInsideRoot(realPath, { realPath: tree, origin: 'path' }))) {
    return { problem: 'special' };
  }
  const info = statSync(realPath, { throwIfNoEntry: false });
  if (!info) return { problem: 'missing' };
  if (info.isDirectory()) return { problem: 'not-a-file' };
  if (!info.isFile()) return { problem: 'special' };
  return { realPath };
}

/**
 * The message for a local path that cannot be used (`what` names it: "file", "JSONL file"…,
 * `shown` is the path as written), and what to do about it.
 */
export function describeLocalFileProblem(
  problem: LocalFileProblem,
  context: { what: string; shown: string; root: LocalRoot; rootShown: string },
): { message: string; hint?: string } {
  const { what, shown, root } = context;
  switch (problem) {
    case 'missing':
      return { message: `${what} not found: ${shown}` };
    case 'not-a-file':
      return {
        message: `${what} ${shown} is a folder, not a file`,
        hint: 'name a file, or use a `files` source with a glob',
      };
    case 'special':
      return {
        message: `${what} ${shown} is not a regular file (a device, FIFO, socket or kernel file)`,
        hint: 'only regular files inside the repository can be read',
      };
    case 'outside-root':
      return {
        message: `${what} ${shown} lies outside the manifest root '${context.rootShown}' (symbolic links resolved)`,
        hint:
          root.origin === 'git'
            ? 'local files must be inside the git work tree that holds the manifests'
            : root.origin === 'option'
              ? 'local files must be inside the folder given with --root'
              : 'local files must be inside the PATH given (or the git work tree around it); choose another folder with --root DIR',
      };
  }
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    // A missing folder is reported where it is used; resolve what can be resolved.
    return path.resolve(folder);
  }
}
