import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter } from 'yaml';
import type { DocumentPath, PathTarget } from './describe-schema-error.js';

/** A 1-based line and column inside one file. */
export interface LineCol {
  line: number;
  col: number;
}

function readRangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && (node.source ?? '') === '';
}

/**
 * Where the node at `path` starts (its key with `target: 'key'`). When the path leads
 * nowhere (a missing key), the deepest existing node is used, so the caret still lands
 * close to the problem.
 */
export function locateYamlNode(
  doc: Document.Parsed,
  lineCounter: LineCounter,
  path: DocumentPath,
  target: PathTarget,
): LineCol {
  let node: unknown = doc.contents;
  let offset = readRangeStart(node) ?? 0;
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index];
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      keyOffset = readRangeStart(pair.key);
      next = pair.value;
      const isLast = index === path.length - 1;
      if ((isLast && target === 'key') || next === null || isEmptyScalar(next)) {
        offset = keyOffset ?? offset;
        if (isLast || next === null) break;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
      if (next === undefined) break;
    } else {
      break;
    }
    node = next;
    const start = isEmptyScalar(node) ? keyOffset : readRangeStart(node);
    if (start !== undefined) offset = start;
  }
  return lineCounter.linePos(offset);
}
