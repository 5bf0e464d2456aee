import { createReadStream } from 'node:fs';

/** Called with each line (without its end) and its 1-based number. */
export type LineHandler = (line: string, lineNumber: number) => void;

/**
 * Calls `onLine` for every line of a UTF-8 text file, read in chunks so that a file of a
 * million lines never sits in memory as text. Lines end at LF, CRLF or a lone CR, as with
 * `readline` (`crlfDelay: Infinity`); the empty remainder after a final line end is not a line.
 *
 * Why not `readline`: its async iterator settles a promise per line, a third of the time spent
 * reading a million-line JSONL file; its `line` events cannot wait for the caller. Here each
 * chunk is split with `indexOf` and handed over synchronously.
 */
export async function forEachLine(
  path: string,
  onLine: LineHandler,
  limit?: { maxLineChars: number; onOversized: (lineNumber: number) => void },
): Promise<void> {
  let lineNumber = 0;
  /** A line past the limit is not kept: only its end is looked for. */
  let oversized = false;
  const emit = (line: string): void => {
    // A lone CR (old Mac line ends) also ends a line; CRLF leaves a CR at the end to drop.
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (!text.includes('\r')) {
      lineNumber += 1;
      onLine(text, lineNumber);
      return;
    }
    for (const part of text.split('\r')) {
      lineNumber += 1;
      onLine(part, lineNumber);
    }
  };
  let rest = '';
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  const maxLineChars = limit?.maxLineChars ?? Number.POSITIVE_INFINITY;
  for await (const chunk of input as AsyncIterable<string>) {
    let end = chunk.indexOf('\n');
    if (end === -1) {
      if (!oversized && rest.length + chunk.length > maxLineChars) {
        oversized = true;
        rest = '';
      }
      if (!oversized) rest += chunk;
      continue;
    }
    if (oversized) {
      lineNumber += 1;
      limit?.onOversized(lineNumber);
      oversized = false;
    } else {
      emit(rest + chunk.slice(0, end));
    }
    let start = end + 1;
    for (end = chunk.indexOf('\n', start); end !== -1; end = chunk.indexOf('\n', start)) {
      emit(chunk.slice(start, end));
      start = end + 1;
    }
    rest = chunk.slice(start);
  }
  if (oversized) limit?.onOversized(lineNumber + 1);
  else if (rest !== '') emit(rest);
}
