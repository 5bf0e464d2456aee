import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
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
 *
 * The work tree is looked for from the PATH as written, before any symbolic link in it is
 * followed: a folder committed as a link (`manifests -> ../..`) must not choose its own root.
 * Then the PATH, resolved, must lie inside the root; if it does not, the error names the link.
 */
export function findLocalRoot(start: string, rootOption?: string, cwd = process.cwd()): LocalRoot {
  const lexical = path.resolve(cwd, start);
  if (rootOption !== undefined) {
    const folder = path.resolve(cwd, rootOption);
    if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
      throw new KiliSyncError('outside-root', `--root ${rootOption} is not a folder`, {
        hint: 'give the folder that holds the manifests and every file they read',
      });
    }
    const root: LocalRoot = { realPath: realpathSync(folder), origin: 'option' };
    return confinePath(root, lexical, findFirstLink(lexical, cwd), cwd);
  }
  const firstLink = findFirstLink(lexical, cwd);
  // Up to the first link, the PATH is what it says; the work tree is looked for from there.
  const linkFree = firstLink === undefined ? lexical : path.dirname(firstLink);
  for (let dir = linkFree; ; dir = path.dirname(dir)) {
    // `.git` is a folder in a clone and a file in a worktree or submodule.
    if (existsSync(path.join(dir, '.git'))) {
      return confinePath({ realPath: realFolder(dir), origin: 'git' }, lexical, firstLink, cwd);
    }
    if (path.dirname(dir) === dir) break;
  }
  if (firstLink !== undefined) {
    throw new KiliSyncError(
      'outside-root',
      `${describePath(lexical, cwd)} goes through the symbolic link ${describeLink(firstLink, cwd)}, ` +
        'and no git work tree encloses it',
    );
  }
  return { realPath: realFolder(lexical), origin: 'path' };
}

/**
 * The first symbolic link on the way from the trusted part of `target` down to it, if any.
 * Trusted is what leads to the working directory: the machine's own layout (a `/home` that is a
 * link, say) is not the manifests' business, while a link below it may come from a commit.
 */
function findFirstLink(target: string, cwd: string): string | undefined {
  const realCwd = realFolder(cwd);
  const parts = target.split(path.sep).filter((part) => part !== '');
  let prefix = path.parse(target).root;
  let realPrefix = prefix;
  let trusted = true;
  for (const part of parts) {
    prefix = path.join(prefix, part);
    const info = lstatSync(prefix, { throwIfNoEntry: false });
    if (info === undefined) return undefined; // missing: reported where it is used
    if (trusted) {
      const real = realFolder(prefix);
      // A step that leads on towards the working directory (or is it) is part of the machine.
      if (isWithin(real, realPrefix) && isWithin(realCwd, real) && realPrefix !== realCwd) {
        realPrefix = real;
        continue;
      }
      trusted = false;
    }
    if (info.isSymbolicLink()) return prefix;
  }
  return undefined;
}

/** The root, once the PATH is known to lie inside it after its links are resolved. */
function confinePath(
  root: LocalRoot,
  lexical: string,
  firstLink: string | undefined,
  cwd: string,
): LocalRoot {
  if (firstLink === undefined) return root;
  const real = realFolder(lexical);
  if (isInsideRoot(real, root)) return root;
  throw new KiliSyncError(
    'outside-root',
    `${describePath(lexical, cwd)} resolves to ${real}, outside the manifest root ${root.realPath}: ` +
      `${describeLink(firstLink, cwd)} is a symbolic link`,
    {
      hint:
        root.origin === 'option'
          ? 'manifests must lie inside the folder given with --root'
          : 'manifests and the files they read must lie inside the git work tree that holds them; remove the link or name the real folder',
    },
  );
}

function describePath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return `PATH '${relative === '' ? '.' : relative}'`;
}

function describeLink(link: string, cwd: string): string {
  let target = '?';
  try {
    target = readlinkSync(link);
  } catch {
    // Shown as '?': the link changed meanwhile.
  }
  return `'${path.relative(cwd, link) || '.'}' (-> ${target})`;
}

/** Whether `inner` is `outer` or lies inside it (both absolute, compared as written). */
function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  // An absolute `relative`: another drive on Windows.
  return !path.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${path.sep}`);
}

/** Whether `realPath` (already resolved) lies inside the root folder or is the root itself. */
export function isInsideRoot(realPath: string, root: LocalRoot): boolean {
  return isWithin(realPath, root.realPath);
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
  if (SPECIAL_TREES.some((tree) => isWithin(realPath, tree))) {
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
