import { FileHashCache } from '../files/hash-cache.js';
import { inspectLocalFiles } from '../files/local-files.js';
import type { DesiredState } from '../plan/desired-state.js';
import type { LocalFileFacts } from '../plan/local-file-facts.js';
import type { ProgressListener } from '../runtime.js';
import type { SnapshotCache } from './read-remote.js';

/**
 * The sha256 and MIME type of every local file the manifests reference, through the file hash
 * cache beside the snapshots (see README, "Incremental plans"): read with the cache unless
 * `--refresh`, written after unless `--no-cache` (`cache` undefined).
 */
export async function hashLocalFiles(
  desired: DesiredState,
  cache: SnapshotCache | undefined,
  onProgress?: ProgressListener,
): Promise<Map<string, LocalFileFacts>> {
  if (cache === undefined) return inspectLocalFiles(desired);
  const hashCache = cache.refresh ? FileHashCache.empty(cache.dir) : FileHashCache.load(cache.dir);
  if (hashCache.note !== undefined) {
    onProgress?.({ kind: 'log', level: 'warn', message: `${hashCache.note}; hashing every file` });
  }
  const facts = await inspectLocalFiles(desired, { hashCache });
  const { reused, hashed } = hashCache.counts;
  if (reused + hashed === 0) return facts;
  onProgress?.({
    kind: 'log',
    level: 'info',
    message: `local files: ${hashed} hashed, ${reused} unchanged since an earlier run (not read)`,
  });
  // Nothing new to remember: the file stays as it is, and so does its (older) write time.
  if (hashed === 0) return facts;
  const note = hashCache.save();
  if (note !== undefined) onProgress?.({ kind: 'log', level: 'warn', message: note });
  return facts;
}
