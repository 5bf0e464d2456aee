import type { Diagnostic } from '../errors.js';

/** Said of the first byte that is not UTF-8 (never quoting it: a data file may hold anything). */
export const INVALID_UTF8 = 'the text is not valid UTF-8 from here on (a byte no UTF-8 text has)';
export const UTF8_HINT =
  'save the file as UTF-8: decoding it anyway would change the values silently (each bad byte would become U+FFFD)';

/** Whether the bytes start with a UTF-16 byte order mark (little- or big-endian). */
export function isUtf16(buffer: Buffer): boolean {
  return (buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff);
}

export function decodeUtf16(buffer: Buffer): string {
  if (buffer[0] === 0xff) return buffer.toString('utf16le');
  // Big-endian: swap each pair of bytes into little-endian order.
  const swapped = Buffer.from(buffer.subarray(0, buffer.length - (buffer.length % 2)));
  return swapped.swap16().toString('utf16le');
}

/**
 * A byte order mark at the start of a line inside the file: what joining files saved with a
 * BOM leaves behind. YAML reads it as part of the next key, which then looks right but is not.
 */
export function findStrayByteOrderMark(text: string, file: string): Diagnostic | undefined {
  const match = /(^|\n)\ufeff/.exec(text);
  if (!match) return undefined;
  const line = text.slice(0, match.index + match[1]!.length).split('\n').length;
  return {
    severity: 'error',
    message: 'a byte order mark (U+FEFF, invisible) starts this line',
    hint: 'delete it: it is left over from joining files saved with a BOM (an editor with "show invisibles" shows it)',
    where: { file, line, col: 1 },
  };
}
