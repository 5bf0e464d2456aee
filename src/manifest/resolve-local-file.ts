import path from 'node:path';
import { checkLocalFile, describeLocalFileProblem, type LocalRoot } from '../files/local-root.js';
import type { LocalFileRef } from '../plan/desired-state.js';
import { toDisplayPath } from './discover-manifest-files.js';

export interface ResolvedLocalFile {
  ref: LocalFileRef;
  /** Set when the file cannot be used: the message and hint of the validation error. */
  problem?: { message: string; hint: string };
}

export interface ResolveLocalFileOptions {
  /** The folder the reference is relative to. */
  baseDir: string;
  cwd: string;
  root: LocalRoot;
  /** How messages name the reference: "file", "JSONL file"… */
  what: string;
  /** The hint for a path that does not exist: what it is relative to. */
  relativeHint: string;
}

/**
 * Resolves a path written in a manifest or data file to the real file it names, which must be
 * a regular file inside the manifest root. The ref's `absolutePath` is the real path (the one
 * checked, hashed and uploaded); `displayPath` is the path as written, relative to `cwd`.
 */
export function resolveLocalFile(
  reference: string,
  options: ResolveLocalFileOptions,
): ResolvedLocalFile {
  const lexicalPath = path.resolve(options.baseDir, reference);
  const displayPath = toDisplayPath(lexicalPath, options.cwd);
  const checked = checkLocalFile(lexicalPath, options.root);
  if (checked.problem === undefined) {
    return { ref: { absolutePath: checked.realPath, displayPath } };
  }
  const described = describeLocalFileProblem(checked.problem, {
    what: options.what,
    shown: reference === displayPath ? `'${reference}'` : `'${reference}' (${displayPath})`,
    root: options.root,
    rootShown: toDisplayPath(options.root.realPath, options.cwd),
  });
  return {
    ref: { absolutePath: lexicalPath, displayPath },
    problem: { message: described.message, hint: described.hint ?? options.relativeHint },
  };
}
