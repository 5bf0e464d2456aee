/**
 * What the planner knows about a local file. The caller hashes the files before planning, so
 * the planner itself never reads the disk.
 */
export interface LocalFileFacts {
  sha256: string;
  mimeType: string;
}

/** The facts of every local file the manifests reference, by absolute path. */
export type LocalFileFactsByPath = ReadonlyMap<string, LocalFileFacts>;
