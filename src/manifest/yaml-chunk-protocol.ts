/** Messages between parse-large-manifest.ts and its workers (yaml-chunk-worker.ts). */

/** One chunk of `assets:` list items to parse. */
export interface ChunkRequest {
  index: number;
  text: string;
}

/** The items of a parsed chunk: plain values, and each item's line and column (1-based). */
export interface ChunkResult {
  values: unknown[];
  /** `[line0, col0, line1, col1, …]`, relative to the chunk. */
  positions: Int32Array;
}

/** `ok: false` when the chunk needs the ordinary whole-file parse (errors, aliases, …). */
export type ChunkReply =
  | ({ ok: true } & ChunkResult & { index: number })
  | { ok: false; index: number };
