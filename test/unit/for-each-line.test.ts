import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachLine } from '../../src/files/for-each-line.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kili-sync-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function linesOf(text: string): Promise<[string, number][]> {
  const file = join(dir, `f-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(file, text);
  const lines: [string, number][] = [];
  await forEachLine(file, (line, lineNumber) => lines.push([line, lineNumber]));
  return lines;
}

/** What `readline` gives for the same text, the behaviour the reader keeps. */
async function readlineLines(text: string): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input: Readable.from([text]), crlfDelay: Infinity });
  for await (const line of reader) lines.push(line);
  return lines;
}

describe('forEachLine', () => {
  it.each([
    ['LF', 'a\nb\nc\n'],
    ['no final line end', 'a\nb'],
    ['CRLF', 'a\r\nb\r\n'],
    ['lone CR', 'a\rb\rc'],
    ['mixed, with blank lines', 'a\r\n\nb\r\rc\n\n'],
    ['empty file', ''],
    ['a BOM, kept for the caller', '\ufeff{"a":1}\n'],
  ])('splits lines as readline does: %s', async (_name, text) => {
    const lines = await linesOf(text);
    expect(lines.map(([line]) => line)).toEqual(await readlineLines(text));
    expect(lines.map(([, lineNumber]) => lineNumber)).toEqual(lines.map((_, index) => index + 1));
  });

  it('joins lines across chunk boundaries, multi-byte characters and CRLF included', async () => {
    // 64 KiB chunks: lines of 1,000 characters with a 3-byte character land on every boundary.
    const rows = Array.from({ length: 300 }, (_, index) => `${index}:${'é€'.repeat(333)}`);
    const text = `${rows.join('\r\n')}\r\n`;
    const lines = await linesOf(text);
    expect(lines.map(([line]) => line)).toEqual(rows);
  });

  it('reads a CRLF split between two chunks as one line end', async () => {
    const first = 'x'.repeat(64 * 1024 - 1);
    const lines = await linesOf(`${first}\r\nb\r\n`);
    expect(lines).toEqual([
      [first, 1],
      ['b', 2],
    ]);
  });

  it('reads a line longer than a chunk whole', async () => {
    const long = 'x'.repeat(200_000);
    expect((await linesOf(`a\n${long}\nb`)).map(([line]) => line)).toEqual(['a', long, 'b']);
  });
});
