import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findInvalidUtf8, findInvalidUtf8InFile } from '../../src/files/utf8-check.js';
import {
  manifest,
  removeWrittenFiles,
  runInProcess,
  writeFiles,
} from '../fixtures/manifests/write-files.js';

afterAll(removeWrittenFiles);

/** Runs validate in `dir`: never a stack trace, never a request (there is no key). */
async function validate(dir: string) {
  const result = await runInProcess(['validate'], dir);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return result;
}

const sources = (...lines: string[]) =>
  manifest(`  []\nsources:\n${lines.map((line) => `  - ${line}\n`).join('')}`);

describe('invalid UTF-8 is a located error in every source, never U+FFFD', () => {
  it('in YAML, JSONL and CSV, at the first bad byte', async () => {
    const dir = writeFiles({
      'm.yaml': sources('jsonl: d.jsonl', 'csv: d.csv'),
      'd.jsonl': Buffer.concat([
        Buffer.from('{"externalId": "ok"}\n{"externalId": "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"}\n'),
      ]),
      'd.csv': Buffer.concat([
        Buffer.from('externalId\nab'),
        Buffer.from([0xff]),
        Buffer.from('\n'),
      ]),
      'y/m.yaml': Buffer.concat([
        Buffer.from(manifest('  - externalId: "a')),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"\n'),
      ]),
    });
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('d.jsonl:2:20: error: the text is not valid UTF-8');
    expect(result.stderr).toContain('d.csv:2:3: error: the text is not valid UTF-8');
    expect(result.stderr).toContain('y/m.yaml:4:19: error: the text is not valid UTF-8');
    expect(result.stderr).not.toContain('\ufffd');
  });

  it('tells well-formed UTF-8 from overlong forms, surrogates, and sequences cut short', async () => {
    expect(findInvalidUtf8(Buffer.from('plain é ✓ 🐱'))).toBe(-1);
    expect(findInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(findInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate
    expect(findInvalidUtf8(Buffer.from([0x61, 0xf0, 0x9f, 0x90]))).toBe(1); // cut short
    expect(findInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    // A file read in chunks of 1 MiB: a character across the boundary is fine, a cut one is not.
    const dir = writeFiles({
      'across.txt': Buffer.concat([Buffer.alloc(1024 * 1024 - 1, 0x61), Buffer.from('é\nx')]),
      'cut.txt': Buffer.concat([Buffer.from('ab\ncd'), Buffer.from([0xe2, 0x9c])]),
    });
    expect(await findInvalidUtf8InFile(path.join(dir, 'across.txt'))).toBeUndefined();
    expect(await findInvalidUtf8InFile(path.join(dir, 'cut.txt'))).toEqual({ line: 2, col: 3 });
  });
});

describe('JSONL refuses repeated keys, as YAML does', () => {
  it('at any depth, and only where a key is really repeated', async () => {
    const dir = writeFiles({
      'm.yaml': sources('jsonl: d.jsonl'),
      'd.jsonl': [
        '{"externalId": "a", "content": "https://x/a.jpg", "externalId": "b"}',
        '{"externalId": "c", "jsonMetadata": {"split": "train", "split": "test"}}',
        '{"externalId": "d", "jsonMetadata": {"same": 1, "same": 1}}',
        // No repetition, though the text is not the fast path's shape.
        '{"externalId" : "e", "jsonMetadata": {"quote": "he said \\"hi\\": ok", "n": 1.5}}',
        '{"externalId": "f", "jsonMetadata": {"list": [{"k": 1}, {"k": 2}]}}',
      ].join('\n'),
    });
    const result = await validate(dir);
    expect(result.code).toBe(1);
    const repeated = result.stderr.match(/d\.jsonl:(\d+):\d+: error: a key is repeated/g) ?? [];
    expect(repeated.map((line) => line.split(':')[1])).toEqual(['1', '2', '3']);
    expect(result.stderr).toContain('d.jsonl:1:51: error: a key is repeated');
    expect(result.stderr).not.toContain('d.jsonl:4:');
    expect(result.stderr).not.toContain('d.jsonl:5:');
  });
});

describe('external IDs with control characters are refused in every source', () => {
  it('YAML, JSONL, CSV and a files source', async () => {
    const dir = writeFiles({
      'm.yaml': manifest('  - externalId: "nul\\0here"\n'),
      'data/m.yaml': sources('jsonl: d.jsonl', 'csv: d.csv', 'files: "img/*.png"').replace(
        'p1',
        'p2',
      ),
      'data/d.jsonl': '{"externalId": "esc\\u001b[31mred"}\n',
      'data/d.csv': 'externalId\nnul\u0000cell\n',
      'data/img/bell\u0007.png': 'png',
    });
    const result = await validate(dir);
    expect(result.code).toBe(1);
    const message = 'must not contain control characters';
    expect(result.stderr).toContain(`m.yaml:4:17: error: 'assets[0].externalId' ${message}`);
    expect(result.stderr).toContain(`d.jsonl:1:2: error: 'externalId' ${message}`);
    expect(result.stderr).toContain(`d.csv:2:1: error: 'externalId' ${message}`);
    expect(result.stderr).toContain(
      'data/m.yaml:8:5: error: the externalId template \'{dir}/{stem}\' gives an ID with control characters for "data/img/bell\\u0007.png"',
    );
    // Shown escaped, never written raw to a terminal.
    expect(result.stderr).not.toMatch(/[\u0000\u0007\u001b]/);
  });
});

describe('an asset of more than 8 MiB of text is refused before it is parsed', () => {
  const huge = 'x'.repeat(8 * 1024 * 1024 + 1);

  it('in a YAML item, a JSONL line and a CSV row, each located', async () => {
    const dir = writeFiles({
      'm.yaml': `${manifest(`  - externalId: small\n  - externalId: big\n    content: ${huge}\n`)}`,
      'data/m.yaml': sources('jsonl: d.jsonl', 'csv: d.csv').replace('p1', 'p2'),
      'data/d.jsonl': `{"externalId": "j1"}\n{"externalId": "j2", "content": "${huge}"}\n{"externalId": "j3"}\n`,
      'data/d.csv': `externalId,content\nc1,x\nc2,${huge}\nc3,y\n`,
    });
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'm.yaml:5:1: error: this asset takes more than 8.0 MiB of text',
    );
    expect(result.stderr).toContain('d.jsonl:2:1: error: this line takes more than 8.0 MiB');
    expect(result.stderr).toContain('d.csv:3:1: error: this row takes more than 8.0 MiB');
    expect(result.stderr.match(/takes more than/g)).toHaveLength(3);
    expect(result.stderr).toContain('use `file:`');
    writeFileSync(path.join(dir, 'm.yaml'), manifest('  - externalId: small\n'));
  });
});
