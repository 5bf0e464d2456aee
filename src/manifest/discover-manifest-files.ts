import { stat } from 'node:fs/promises';
import path from 'node:path';
import { findLocalRoot } from '../files/local-root.js';
import type { ManifestFile } from './manifest-file.js';

/** The files one PATH argument stands for. */
export interface DiscoveredPath {
  /** The PATH as given. */
  argument: string;
  files: ManifestFile[];
  /** Files this PATH matched that an earlier PATH had already matched (loaded once). */
  alreadyMatched: string[];
  /** Set when the PATH names nothing that exists. */
  missing?: boolean;
}

const YAML_EXTENSION = /\.ya?ml$/i;
const WALK = {
  absolute: true,
  dot: false,
  onlyFiles: true,
  // A link back up the tree would load the same manifests again and again.
  followSymbolicLinks: false,
  ignore: ['**/node_modules/**'],
};

/** A path relative to `cwd`, with `/` separators, as shown to people and stored in plans. */
export function toDisplayPath(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  return (relative === '' ? '.' : relative).split(path.sep).join('/');
}

/**
 * Expands PATH arguments into YAML files: a file is taken as is (and must be a manifest), a
 * folder is searched recursively for `*.yaml`/`*.yml` and a glob is expanded, both skipping
 * `node_modules` and dot-folders. Results are sorted, so loading is deterministic.
 */
export async function discoverManifestFiles(
  paths: string[],
  cwd: string,
  rootOption?: string,
): Promise<DiscoveredPath[]> {
  const seen = new Set<string>();
  const discovered: DiscoveredPath[] = [];
  for (const argument of paths.length > 0 ? paths : ['.']) {
    const found = await expandPath(argument, cwd, rootOption);
    const files: ManifestFile[] = [];
    const alreadyMatched: string[] = [];
    for (const file of found.files) {
      if (seen.has(file.absolutePath)) alreadyMatched.push(file.absolutePath);
      else files.push(file);
      seen.add(file.absolutePath);
    }
    discovered.push({ ...found, files, alreadyMatched });
  }
  return discovered;
}

async function expandPath(
  argument: string,
  cwd: string,
  rootOption: string | undefined,
): Promise<Omit<DiscoveredPath, 'alreadyMatched'>> {
  const absolute = path.resolve(cwd, argument);
  const info = await stat(absolute).catch(() => undefined);
  const fileIn = (folder: string) => {
    const root = findLocalRoot(folder, rootOption, cwd);
    return (absolutePath: string, explicit: boolean): ManifestFile => ({
      absolutePath,
      displayPath: toDisplayPath(absolutePath, cwd),
      explicit,
      root,
    });
  };
  if (info?.isFile()) return { argument, files: [fileIn(path.dirname(absolute))(absolute, true)] };
  // The glob library is loaded for folders and globs only: a file needs none of it.
  const { default: fg } = await import('fast-glob');
  // The folder this PATH stands for: itself, or a glob's static part.
  const toFile = fileIn(
    info?.isDirectory()
      ? absolute
      : path.resolve(cwd, fg.generateTasks([toPattern(argument)])[0]?.base ?? '.'),
  );
  if (!info?.isDirectory() && !fg.isDynamicPattern(argument)) {
    return { argument, files: [], missing: true };
  }
  const matches = info?.isDirectory()
    ? await fg('**/*.{yaml,yml,YAML,YML}', { ...WALK, cwd: absolute })
    : (await fg(toPattern(argument), { ...WALK, cwd })).filter((match) =>
        YAML_EXTENSION.test(match),
      );
  // Sorted by UTF-16 code unit: the same order on every machine and locale.
  return { argument, files: matches.sort().map((match) => toFile(path.normalize(match), false)) };
}

function toPattern(argument: string): string {
  return argument.split(path.sep).join('/');
}
