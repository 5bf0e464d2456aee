/**
 * What the planner knows about a local file. The caller hashes the files before planning, so
 * the planner itself never reads the disk.
 */
export interface LocalFileFacts {
  sha256: string;
  mimeType: string;
  /** Bytes (always known to plan; tests may leave it out, and it then counts as small). */
  size?: number;
  /**
   * Images only (`image/*`): the pixel size, or null when the SDK's image library could not open
   * the file. With `size`, it decides the SDK's import path (see choose-import.ts).
   */
  image?: { width: number; height: number } | null;
}

/** The facts of every local file the manifests reference, by absolute path. */
export type LocalFileFactsByPath = ReadonlyMap<string, LocalFileFacts>;
