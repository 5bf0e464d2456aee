import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * Where text files stop being UTF-8. Decoding replaces every invalid byte with U+FFFD without a
 * word: an external ID or a metadata value would then differ from the file, silently. So the
 * bytes are checked first (node's `isUtf8`, fast), and the first invalid byte is reported.
 */

/** A place in a text file, 1-based; the column counts characters of the line before it. */
export interface TextPosition {
  line: number;
  col: number;
}

/** The byte offset of the first byte that is not part of well-formed UTF-8, or -1. */
export function findInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let at = 0;
  while (at < bytes.length) {
    const length = sequenceLength(bytes, at);
    if (length === 0) return at;
    at += length;
  }
  return -1;
}

/** Line and column of a byte offset in `bytes`, which are well-formed UTF-8 before it. */
export function locateByteOffset(bytes: Uint8Array, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let at = 0; at < offset; at += 1) {
    if (bytes[at] === 10) {
      line += 1;
      lineStart = at + 1;
    }
  }
  const before = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart);
  return { line, col: [...before.toString('utf8')].length + 1 };
}

/**
 * Where a file stops being UTF-8, read in chunks (a JSONL file of a million lines never sits
 * in memory for this); undefined when it is well-formed throughout.
 */
export async function findInvalidUtf8InFile(path: string): Promise<TextPosition | undefined> {
  let consumed = 0;
  let carry: Buffer = Buffer.alloc(0);
  let invalidAt = -1;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    // A sequence cut by the chunk's end is checked with the next chunk.
    const complete = completePrefixLength(bytes);
    const found = findInvalidUtf8(bytes.subarray(0, complete));
    if (found !== -1) {
      invalidAt = consumed + found;
      break;
    }
    consumed += complete;
    carry = Buffer.from(bytes.subarray(complete));
  }
  if (invalidAt === -1 && carry.length > 0) invalidAt = consumed;
  if (invalidAt === -1) return undefined;
  // The rare path: read what comes before, to say where.
  return locateByteOffset(await readFile(path), invalidAt);
}

/** The length of `bytes` without a trailing sequence that the next bytes may complete. */
function completePrefixLength(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back += 1) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) !== 0x80) {
      const expected = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return expected > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

/** The length of the well-formed sequence starting at `at`, or 0 (RFC 3629, table 3-7). */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const first = bytes[at]!;
  if (first < 0x80) return 1;
  const continuation = (offset: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[at + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (first >= 0xc2 && first <= 0xdf) return continuation(1) ? 2 : 0;
  if (first >= 0xe0 && first <= 0xef) {
    const low = first === 0xe0 ? 0xa0 : 0x80;
    const high = first === 0xed ? 0x9f : 0xbf;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (first >= 0xf0 && first <= 0xf4) {
    const low = first === 0xf0 ? 0x90 : 0x80;
    const high = first === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}
