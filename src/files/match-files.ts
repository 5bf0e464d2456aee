import { statSync } from 'node:fs';
import path from 'node:path';
import fg, { type Entry } from 'fast-glob';

/**
 * The files a glob pattern matches, relative to `cwd`, for the `files` sources and frame
 * patterns alike. Linked folders are not walked (one may point at `/`); a linked file is kept,
 * to be resolved and checked against the root like any path.
 */

function globOptions(cwd: string) {
  return {
    cwd,
    dot: false,
    onlyFiles: false,
    objectMode: true as const,
    followSymbolicLinks: false,
    ignore: ['**/node_modules/**'],
  };
}

function filesOnly(entries: Entry[], cwd: string): string[] {
  return entries
    .filter(({ dirent, path: match }) => {
      if (dirent.isFile()) return true;
      if (!dirent.isSymbolicLink()) return false;
      return !statSync(path.resolve(cwd, match), { throwIfNoEntry: false })?.isDirectory();
    })
    .map((entry) => entry.path);
}

export async function matchFiles(pattern: string, cwd: string): Promise<string[]> {
  return filesOnly(await fg(pattern, globOptions(cwd)), cwd);
}

export function matchFilesSync(pattern: string, cwd: string): string[] {
  return filesOnly(fg.sync(pattern, globOptions(cwd)), cwd);
}

/** The folder a pattern's fixed part names, where walking starts: checked against the root first. */
export function globBase(pattern: string): string {
  return path.posix.normalize(fg.generateTasks([pattern])[0]?.base ?? '.');
}
