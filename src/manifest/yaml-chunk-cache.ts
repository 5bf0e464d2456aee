import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { ensurePrivateFolder } from '../files/cache-dir.js';
import { VERSION } from '../version.js';
import type { ChunkResult } from './yaml-chunk-protocol.js';

/**
 * What the chunks of a large manifest parsed to, kept beside the snapshots (`--cache-dir`) so
 * that the next plan does not parse YAML it has already parsed: the `yaml` package spends
 * seconds on 100,000 assets, while a plan after a small edit changes a few chunks. A chunk's
 * result is a pure function of its text, so entries are keyed by the sha256 of that text (and
 * the kili-sync version, whose `yaml` is pinned). Any doubt (missing, foreign or corrupt file)
 * means parsing; a cache that cannot be written only makes the next run slower.
 */

const KIND = 'kili-sync-yaml-chunks';
/** Bumped whenever the file's layout or the meaning of an entry changes. */
const FORMAT_VERSION = 1;

interface ChunkCacheFile {
  kind: typeof KIND;
  formatVersion: number;
  version: string;
  entries: Map<string, ChunkResult>;
}

export function chunkKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One cache file per manifest (named by a hash of its real path), holding its current chunks. */
function cachePath(dir: string, manifestPath: string): string {
  const key = createHash('sha256').update(manifestPath).digest('hex').slice(0, 32);
  return path.join(dir, `yaml-chunks-${key}.bin`);
}

export function loadChunkCache(dir: string, manifestPath: string): Map<string, ChunkResult> {
  try {
    const data = deserialize(readFileSync(cachePath(dir, manifestPath))) as Partial<ChunkCacheFile>;
    const usable =
      data.kind === KIND &&
      data.formatVersion === FORMAT_VERSION &&
      data.version === VERSION &&
      data.entries instanceof Map &&
      [...data.entries.values()].every(isChunkResult);
    return usable ? (data.entries as Map<string, ChunkResult>) : new Map();
  } catch {
    return new Map();
  }
}

/** Written through a temporary file renamed into place; failures are silent (see above). */
export function saveChunkCache(
  dir: string,
  manifestPath: string,
  entries: Map<string, ChunkResult>,
): void {
  const file = cachePath(dir, manifestPath);
  const temporary = `${file}.${process.pid}.tmp`;
  const content: ChunkCacheFile = {
    kind: KIND,
    formatVersion: FORMAT_VERSION,
    version: VERSION,
    entries,
  };
  try {
    ensurePrivateFolder(dir);
    writeFileSync(temporary, serialize(content));
    renameSync(temporary, file);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Left for the next run, which overwrites it.
    }
  }
}

function isChunkResult(entry: unknown): entry is ChunkResult {
  if (typeof entry !== 'object' || entry === null) return false;
  const { values, positions } = entry as Partial<ChunkResult>;
  return (
    Array.isArray(values) &&
    positions instanceof Int32Array &&
    positions.length === values.length * 2
  );
}
