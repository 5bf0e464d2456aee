import type { SourceLocation } from '../errors.js';
import type { LocalRoot } from '../files/local-root.js';
import type { DocumentPath, PathTarget } from './describe-schema-error.js';

/** A YAML file found by discovery. */
export interface ManifestFile {
  absolutePath: string;
  /** Relative to the working directory, with `/` separators. */
  displayPath: string;
  /** Named directly on the command line: it must be a manifest, not skipped. */
  explicit: boolean;
  /** The folder every local file this manifest reads must lie in. */
  root: LocalRoot;
}

/** One `kili-sync/…` document, parsed, with a way back to the source for messages. */
export interface ParsedManifest {
  file: ManifestFile;
  value: Record<string, unknown>;
  /** Where the node at `path` starts in the file (its key with `target: 'key'`). */
  locate(path: DocumentPath, target?: PathTarget): SourceLocation;
}
