import { parentPort } from 'node:worker_threads';
import { isNode, isSeq, LineCounter, parseDocument } from 'yaml';
import { findTooDeepFields } from './json-depth.js';
import type { ChunkReply, ChunkRequest } from './yaml-chunk-protocol.js';
import { exactNumberTags } from './yaml-exact-numbers.js';

/** yaml's own default: beyond it, alias expansion is refused (alias bombs). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses one chunk of list items and sends back plain values and item positions. Anything
 * unusual (errors, warnings, aliases to other chunks) answers `ok: false`, so the caller parses
 * the whole file the ordinary way and messages and positions are exactly those of a full parse.
 */
function parseChunk({ index, text }: ChunkRequest): ChunkReply {
  try {
    const lineCounter = new LineCounter();
    // Lossless numbers lose their class in a structured clone: such chunks take the full parse.
    let exactNumbers = 0;
    const customTags = exactNumberTags(() => {
      exactNumbers += 1;
    });
    const doc = parseDocument(text, { lineCounter, customTags });
    if (doc.errors.length > 0 || doc.warnings.length > 0 || !isSeq(doc.contents)) {
      return { index, ok: false };
    }
    const items = doc.contents.items;
    const positions = new Int32Array(items.length * 2);
    items.forEach((item, i) => {
      const position = lineCounter.linePos(isNode(item) && item.range ? item.range[0] : 0);
      positions[2 * i] = position.line;
      positions[2 * i + 1] = position.col;
    });
    const values = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown[];
    if (exactNumbers > 0) return { index, ok: false };
    // A value nested beyond the limit is an error the ordinary parse locates; it may not even
    // survive the structured clone of a reply.
    if (values.some((value) => findTooDeepFields(value).length > 0)) return { index, ok: false };
    return { index, ok: true, values, positions };
  } catch {
    return { index, ok: false };
  }
}

parentPort?.on('message', (request: ChunkRequest) => {
  parentPort?.postMessage(parseChunk(request));
});
