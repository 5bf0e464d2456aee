import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type Document, LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import type { SourceLocation } from '../errors.js';
import { findOversizedLine, MAX_ASSET_CHARS } from './asset-size-limit.js';
import type { DocumentPath, PathTarget } from './describe-schema-error.js';
import { locateYamlNode } from './locate-yaml-node.js';
import type { ManifestFile, ParsedManifest } from './manifest-file.js';
import { chunkKey, loadChunkCache, saveChunkCache } from './yaml-chunk-cache.js';
import type { ChunkReply, ChunkRequest, ChunkResult } from './yaml-chunk-protocol.js';
import { exactNumberTags, keepExactNumbersInJsonFieldsOnly } from './yaml-exact-numbers.js';

/** Where the items of the top-level `assets:` block sequence are, by line (0-based). */
interface AssetBlock {
  lineStarts: number[];
  itemLines: number[];
  endLine: number;
}

const CHUNK_CHARS = 400_000;
/** Chunks end where an item's first line says so (see below), once they hold this much. */
const MIN_CHUNK_CHARS = 100_000;

/**
 * Parses a large single-document manifest by splitting its `assets:` list into chunks parsed
 * on worker threads: the `yaml` package needs seconds and a gigabyte for 100,000 assets in
 * one document, but little for each chunk. Returns undefined when the file does not have the
 * plain shape this needs or any chunk has a problem; the caller then parses it whole.
 */
export async function parseLargeManifest(
  text: string,
  file: ManifestFile,
  cacheDir?: string,
): Promise<ParsedManifest | undefined> {
  const block = findAssetBlock(text);
  if (!block) return undefined;
  const { lineStarts, itemLines, endLine } = block;
  const offsetOfLine = (line: number) =>
    line < lineStarts.length ? lineStarts[line]! : text.length;
  const blockStart = offsetOfLine(itemLines[0]!);
  // The skeleton is the file without the list items; lines after the list shift up by `removed`.
  const firstItemLine = itemLines[0]!;
  const removed = endLine - firstItemLine;
  const skeleton = parseSkeleton(
    `${text.slice(0, blockStart)}${text.slice(offsetOfLine(endLine))}`,
  );
  if (!skeleton) return undefined;

  // Chunk boundaries depend on the items' own text, not on how much came before: an edit then
  // changes the chunks around it only, and the others are found again in the chunk cache.
  const chunkItems: number[] = [0];
  for (let item = 1; item < itemLines.length; item += 1) {
    const start = offsetOfLine(itemLines[item]!);
    const size = start - offsetOfLine(itemLines[chunkItems.at(-1)!]!);
    const cutHere = size >= MIN_CHUNK_CHARS && isBoundaryLine(text, start);
    if (cutHere || size >= CHUNK_CHARS) chunkItems.push(item);
  }
  const chunkTexts = chunkItems.map((first, index) => {
    const nextItem = chunkItems[index + 1];
    const last = nextItem === undefined ? endLine : itemLines[nextItem]!;
    return text.slice(offsetOfLine(itemLines[first]!), offsetOfLine(last));
  });
  const results = await parseChunksCached(chunkTexts, file.absolutePath, cacheDir);
  if (!results) return undefined;

  const assets: unknown[] = [];
  const positions = new Int32Array(itemLines.length * 2);
  results.forEach((result, chunk) => {
    if (result.values.length !== result.positions.length / 2) throw new Error('chunk mismatch');
    const firstLine = itemLines[chunkItems[chunk]!]!;
    for (let i = 0; i < result.values.length; i += 1) {
      const index = assets.length;
      assets.push(result.values[i]);
      positions[2 * index] = firstLine + result.positions[2 * i]!;
      positions[2 * index + 1] = result.positions[2 * i + 1]!;
    }
  });
  if (assets.length !== itemLines.length) return undefined;
  skeleton.value.assets = assets;

  const locate = (path: DocumentPath, target: PathTarget = 'value'): SourceLocation => {
    const [head, index, ...rest] = path;
    if (head === 'assets' && typeof index === 'number' && index < assets.length) {
      if (rest.length === 0 && target === 'value') {
        return {
          file: file.displayPath,
          line: positions[2 * index]!,
          col: positions[2 * index + 1]!,
        };
      }
      const end = index + 1 < itemLines.length ? itemLines[index + 1]! : endLine;
      const itemText = text.slice(offsetOfLine(itemLines[index]!), offsetOfLine(end));
      const lineCounter = new LineCounter();
      const doc = parseDocument(itemText, { lineCounter });
      const position = locateYamlNode(doc, lineCounter, [0, ...rest], target);
      return { file: file.displayPath, line: itemLines[index]! + position.line, col: position.col };
    }
    const position = locateYamlNode(skeleton.doc, skeleton.lineCounter, path, target);
    const line = position.line > firstItemLine ? position.line + removed : position.line;
    return { file: file.displayPath, line, col: position.col };
  };
  return { file, value: skeleton.value, locate };
}

/** About one item in eight starts a chunk: a cheap hash of its first 64 characters. */
function isBoundaryLine(text: string, start: number): boolean {
  let hash = 2166136261;
  const end = Math.min(text.length, start + 64);
  for (let at = start; at < end; at += 1) {
    const code = text.charCodeAt(at);
    if (code === 10) break;
    hash = Math.imul(hash ^ code, 16777619);
  }
  return (hash >>> 0) % 8 === 0;
}

/** Takes the chunks parsed by an earlier run from the cache, parses the others in workers. */
async function parseChunksCached(
  texts: string[],
  manifestPath: string,
  cacheDir: string | undefined,
): Promise<ChunkResult[] | undefined> {
  if (cacheDir === undefined) return parseChunksInWorkers(texts);
  const cached = loadChunkCache(cacheDir, manifestPath);
  const keys = texts.map(chunkKey);
  const missing = keys.flatMap((key, index) => (cached.has(key) ? [] : [index]));
  const parsed =
    missing.length > 0 ? await parseChunksInWorkers(missing.map((i) => texts[i]!)) : [];
  if (!parsed) return undefined;
  // The missing chunks, in order, take the parsed results in order.
  let next = 0;
  const current = new Map(keys.map((key) => [key, cached.get(key) ?? parsed[next++]!]));
  if (missing.length > 0 || current.size !== cached.size) {
    saveChunkCache(cacheDir, manifestPath, current);
  }
  return keys.map((key) => current.get(key)!);
}

function parseSkeleton(text: string) {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, customTags: exactNumberTags() });
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const doc = docs[0] as Document.Parsed;
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  try {
    const value = keepExactNumbersInJsonFieldsOnly(doc.toJS({ maxAliasCount: 100 }));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    if (!('assets' in record) || record.assets !== null) return undefined;
    return { doc, lineCounter, value: record };
  } catch {
    return undefined;
  }
}

/**
 * The 0-based line where an asset of more than MAX_ASSET_CHARS starts: an item of the
 * `assets:` list, or a line that long in a manifest of another shape. Reads no value.
 */
export function findOversizedAsset(text: string): number | undefined {
  const block = findAssetBlock(text);
  if (block === undefined) return findOversizedLine(text);
  const { lineStarts, itemLines, endLine } = block;
  const offsetOfLine = (line: number) =>
    line < lineStarts.length ? lineStarts[line]! : text.length;
  for (let item = 0; item < itemLines.length; item += 1) {
    const end = item + 1 < itemLines.length ? itemLines[item + 1]! : endLine;
    if (offsetOfLine(end) - offsetOfLine(itemLines[item]!) > MAX_ASSET_CHARS) {
      return itemLines[item];
    }
  }
  // The rest of the file (the header, `defaults`) holds no asset, but may hold a huge value.
  return findOversizedLine(text);
}

function findAssetBlock(text: string): AssetBlock | undefined {
  if (/^(---|\.\.\.)(\s|$)|^%/m.test(text)) return undefined;
  const lineStarts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    lineStarts.push(at + 1);
  }
  const lineAt = (line: number) => {
    const end = line + 1 < lineStarts.length ? lineStarts[line + 1]! - 1 : text.length;
    const raw = text.slice(lineStarts[line]!, end);
    return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  };
  const headers: number[] = [];
  for (let line = 0; line < lineStarts.length; line += 1) {
    if (
      text.startsWith('assets:', lineStarts[line]!) &&
      /^assets:[ \t]*(#.*)?$/.test(lineAt(line))
    ) {
      headers.push(line);
    }
  }
  if (headers.length !== 1) return undefined;
  const itemLines: number[] = [];
  let seqIndent = -1;
  let endLine = lineStarts.length;
  for (let line = headers[0]! + 1; line < lineStarts.length; line += 1) {
    const content = lineAt(line);
    const trimmed = content.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = content.length - trimmed.length;
    if (content.slice(0, indent).includes('\t')) return undefined;
    const isItem = trimmed === '-' || trimmed.startsWith('- ');
    if (seqIndent === -1) {
      if (!isItem) return undefined;
      seqIndent = indent;
    }
    if (indent > seqIndent) continue;
    if (indent === seqIndent && isItem) {
      itemLines.push(line);
      continue;
    }
    endLine = line;
    break;
  }
  return itemLines.length > 0 ? { lineStarts, itemLines, endLine } : undefined;
}

/**
 * Starts a worker on the module beside this one: compiled JavaScript in dist/. When kili-sync
 * runs from its TypeScript source (vitest, tsx), a one-line bootstrap loads the .ts module
 * through tsx, since a worker does not inherit the parent's loader.
 */
function startChunkWorker(): Worker {
  // Parsing YAML makes much short-lived garbage; a larger young generation halves GC time.
  const resourceLimits = { maxYoungGenerationSizeMb: 64 };
  // Spelled from the folder above so that it also resolves from the start-up bundle, which
  // sits in another folder of dist/ (see src/cli/run-validate.ts).
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('../manifest/yaml-chunk-worker.js', import.meta.url), {
      resourceLimits,
    });
  }
  const worker = new URL('../manifest/yaml-chunk-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(worker)}, ${JSON.stringify(worker)}));`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

/**
 * No reply from a worker for this long means it will not come: the file is parsed the ordinary
 * way instead. A chunk of 400,000 characters parses in well under a second.
 */
const REPLY_TIMEOUT_MS = 120_000;

/**
 * Parses chunks on worker threads; undefined when any chunk needs the ordinary parse. Every way
 * a worker can fail (an error, a reply that cannot be received, an exit, silence) ends the wait:
 * never a wait without a bound.
 */
async function parseChunksInWorkers(texts: string[]): Promise<ChunkResult[] | undefined> {
  const count = Math.max(1, Math.min(availableParallelism(), 4, texts.length));
  const workers = Array.from({ length: count }, startChunkWorker);
  const results: ChunkResult[] = new Array(texts.length);
  const timers: NodeJS.Timeout[] = [];
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let timer: NodeJS.Timeout | undefined;
            const waitForReply = () => {
              clearTimeout(timer);
              timer = setTimeout(() => reject(new Error('no reply')), REPLY_TIMEOUT_MS);
              timers.push(timer);
            };
            const send = () => {
              if (next >= texts.length) {
                clearTimeout(timer);
                return resolve();
              }
              const index = next;
              next += 1;
              const request: ChunkRequest = { index, text: texts[index]! };
              waitForReply();
              worker.postMessage(request);
            };
            worker.on('message', (message: ChunkReply) => {
              if (!message.ok) return reject(new Error('chunk needs a full parse'));
              results[message.index] = { values: message.values, positions: message.positions };
              send();
            });
            worker.on('error', reject);
            // A reply that cannot be deserialised here (a value nested too deeply) is dropped.
            worker.on('messageerror', reject);
            worker.on('exit', () => reject(new Error('worker exited')));
            send();
          }),
      ),
    );
    return results;
  } catch {
    return undefined;
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
