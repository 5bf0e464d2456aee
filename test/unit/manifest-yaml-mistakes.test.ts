import { afterAll, describe, expect, it } from 'vitest';
import {
  manifest,
  removeWrittenFiles,
  runInProcess,
  writeFiles,
} from '../fixtures/manifests/write-files.js';

/**
 * YAML mistakes people make in manifests. Each row names the line (and column) where the
 * mistake IS — the quote left open, the key indented one space too far — not where the parser
 * gave up, and a hint that says what to write instead.
 */
interface Mistake {
  name: string;
  content: string | Buffer;
  /** `file:line:col` of the first diagnostic: the mistake's own place. */
  where: string;
  message: string;
  /** A piece of the hint that tells what to do. */
  hint: string;
}

/** A manifest whose first asset is `a`, then `lines` (asset fields start on line 5). */
const asset = (lines: string) => manifest(`  - externalId: a\n${lines}`);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const utf16 = (text: string) =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

const mistakes: Mistake[] = [
  {
    name: 'a key indented one space too deep',
    content: asset('     content: x\n'),
    where: 'm.yaml:5:6',
    message: "'content' is indented deeper than 'externalId' on line 4",
    hint: "indent 'content' to column 5",
  },
  {
    name: 'a key indented one space too shallow',
    content: asset('   content: x\n'),
    where: 'm.yaml:5:4',
    message: "'content' (column 4) is not aligned with 'externalId' on line 4 (column 5)",
    hint: 'column 5',
  },
  {
    name: 'a top-level key indented by one space',
    content: 'apiVersion: kili-sync/v1\n project: p1\nassets: []\n',
    where: 'm.yaml:2:2',
    message: "'project' is indented deeper than 'apiVersion' on line 1",
    hint: "indent 'project' to column 1",
  },
  {
    name: 'a tab used for indentation',
    content: asset('\tcontent: x\n'),
    where: 'm.yaml:5:1',
    message: 'tab character used for indentation',
    hint: 'replace the tabs with spaces',
  },
  {
    name: 'an unclosed double quote (the rest of the file becomes the string)',
    content: asset('    content: "https://x/1.jpg\n    priority: 1\n  - externalId: b\n'),
    where: 'm.yaml:5:14',
    message: 'unclosed quote: the string that starts here has no closing "',
    hint: 'add the closing "',
  },
  {
    name: 'an unclosed double quote that a later quote closes',
    content: asset('    content: "https://x/1.jpg\n    priority: 1\n  - externalId: "b"\n'),
    where: 'm.yaml:5:14',
    message: 'has no closing "',
    hint: 'add the closing "',
  },
  {
    name: 'an unclosed single quote',
    content: asset("    content: 'a review\n    priority: 1\n"),
    where: 'm.yaml:5:14',
    message: "has no closing '",
    hint: "write '' for a ' character",
  },
  {
    name: "an apostrophe inside a '…' string",
    content: asset("    content: 'it's broken'\n"),
    where: 'm.yaml:5:17',
    message: "this ' ends the '…' string",
    hint: "write '' for an apostrophe",
  },
  {
    name: 'an unclosed { at the end of the file',
    content: manifest('  - { externalId: a, content: x\n  - externalId: b\n'),
    where: 'm.yaml:4:5',
    message: 'unclosed {: the mapping that starts here has no closing }',
    hint: 'add the closing }',
  },
  {
    name: 'an unclosed { followed by other { … }',
    content: asset(
      '    jsonMetadata: {split: train\n    priority: 1\n  - externalId: b\n    jsonMetadata: {split: val}\n',
    ),
    where: 'm.yaml:5:19',
    message: 'unclosed {',
    hint: 'add the closing }',
  },
  {
    name: 'an unclosed [',
    content: asset('    toBeLabeledBy: [ana@example.com, li@example.com\n    priority: 1\n'),
    where: 'm.yaml:5:20',
    message: 'unclosed [: the list that starts here has no closing ]',
    hint: 'add the closing ]',
  },
  {
    name: 'an unclosed quote inside a [ … ]',
    content: asset('    toBeLabeledBy: ["ana@example.com, li@example.com]\n    priority: 1\n'),
    where: 'm.yaml:5:21',
    message: 'unclosed quote',
    hint: 'add the closing "',
  },
  {
    name: 'a { … } continued on a line that is not indented enough',
    content: asset('    jsonMetadata: {split: train,\n    source: web}\n'),
    where: 'm.yaml:6:5',
    message: 'this line continues the { … } of line 5 but is not indented enough',
    hint: "indent it deeper than 'jsonMetadata'",
  },
  {
    name: 'a duplicate key',
    content: asset('    priority: 1\n    content: x\n    priority: 2\n'),
    where: 'm.yaml:7:5',
    message: "duplicate key 'priority' (first on line 5)",
    hint: 'remove or rename one of them',
  },
  {
    name: "a second asset without its '- '",
    content: asset('    content: x\n    externalId: b\n'),
    where: 'm.yaml:6:5',
    message: "duplicate key 'externalId' (first on line 4)",
    hint: "write '- ' before this one",
  },
  {
    name: "a second asset at the column of the '-'",
    content: asset('    content: x\n  externalId: b\n  content: y\n'),
    where: 'm.yaml:6:3',
    message: "'externalId' (column 3) is not aligned with 'content' on line 5 (column 5)",
    hint: "or write '- ' before it to start a new item",
  },
  {
    name: 'a colon in an unquoted value',
    content: asset('    content: note: see the attachment\n'),
    where: 'm.yaml:5:14',
    message: "the value of 'content' contains ': '",
    hint: 'content: "note: see the attachment"',
  },
  {
    name: 'a list item at the level of the keys of an asset',
    content: asset('    content: x\n    - externalId: b\n'),
    where: 'm.yaml:6:5',
    message: "a list item ('- ') where the mapping around it expects 'key: value'",
    hint: "align the '-' with the item on line 4 (column 3)",
  },
  {
    name: 'a list item between top-level keys',
    content: 'apiVersion: kili-sync/v1\nproject: p1\n- externalId: a\nassets: []\n',
    where: 'm.yaml:3:1',
    message: "a list item ('- ')",
    hint: "a list as a value needs its key first ('key:' on the line above)",
  },
  {
    name: "an asset field at the column of the '-' (list and mapping mixed)",
    content: asset('  content: x\n'),
    where: 'm.yaml:5:3',
    message: "'content' (column 3) is not aligned with 'externalId' on line 4 (column 5)",
    hint: 'indent it to column 5 to keep it in the list item of line 4',
  },
  {
    name: 'list items not aligned',
    content: 'apiVersion: kili-sync/v1\nproject: p1\nassets:\n- externalId: a\n - externalId: b\n',
    where: 'm.yaml:5:2',
    message: 'this list item (column 2) is not aligned with the other items (line 4, column 1)',
    hint: "align the '-' of every item",
  },
  {
    name: "a missing space after ':'",
    content: manifest('  - externalId:a\n    content: x\n'),
    where: 'm.yaml:4:5',
    message: "missing space after ':' in 'externalId:a'",
    hint: "write 'externalId: a'",
  },
  {
    name: "a missing space after ':' before a URL",
    content: asset('    content:https://cdn.example.com/a.jpg\n'),
    where: 'm.yaml:5:5',
    message: "missing space after ':' in 'content:https://cdn.example.com/a.jpg'",
    hint: "write 'content: https://cdn.example.com/a.jpg'",
  },
  {
    name: "a '-' without its space",
    content: manifest('  -externalId: a\n'),
    where: 'm.yaml:4:3',
    message: "'assets' must be a list, got a mapping",
    hint: "put a space after the '-' that starts each list item ('- externalId', not '-externalId')",
  },
  {
    name: 'a key without value where a mapping is expected (its keys not indented)',
    content: asset('    jsonMetadata:\n    split: train\n'),
    where: 'm.yaml:5:5',
    message: "'assets[0].jsonMetadata' must be a mapping, got an empty value",
    hint: "write its keys on the lines below 'jsonMetadata:', indented deeper than it",
  },
  {
    name: "a key line without ':'",
    content: asset('    content\n'),
    where: 'm.yaml:5:5',
    message: "'content' is not a 'key: value' line",
    hint: "write 'content: <value>'",
  },
  {
    name: 'a multi-line plain value whose second line sits at the level of the keys',
    content: asset('    content: first line\n    second line\n    priority: 1\n'),
    where: 'm.yaml:6:5',
    message: "'second line' is not a 'key: value' line",
    hint: "indent it deeper than 'content' (or write 'content: |'",
  },
  {
    name: 'a plain value that swallows the next key, indented too deep',
    content: asset('    content: first line\n      priority: 1\n'),
    where: 'm.yaml:6:7',
    message:
      "'priority' is indented deeper than 'content' on line 5, so it reads as part of the value",
    hint: "indent 'priority' to column 5",
  },
  {
    name: 'an alias to an anchor that does not exist',
    content: asset('    content: x\n    jsonMetadata: *meta\n'),
    where: 'm.yaml:6:19',
    message: "alias '*meta' refers to no anchor",
    hint: "mark the value to repeat with '&meta' earlier",
  },
  {
    name: 'an alias used before its anchor',
    content: asset(
      '    jsonMetadata: *shared\n  - externalId: b\n    jsonMetadata: &shared {split: train}\n',
    ),
    where: 'm.yaml:5:19',
    message: "alias '*shared' refers to no anchor",
    hint: "'&shared' earlier",
  },
  {
    name: 'a stray ]',
    content: asset('    toBeLabeledBy: [ana@example.com]]\n'),
    where: 'm.yaml:5:37',
    message: 'this ] closes nothing',
    hint: 'remove it',
  },
  {
    name: 'a stray }',
    content: asset('    jsonMetadata: {split: train}}\n'),
    where: 'm.yaml:5:33',
    message: 'this } closes nothing',
    hint: 'remove it',
  },
  {
    name: "a missing ',' in a { … }",
    content: asset('    jsonMetadata: {split: train source: web}\n'),
    where: 'm.yaml:5:',
    message: "missing ',' between two entries",
    hint: "separate the entries with ', '",
  },
  {
    name: 'text after a closing quote',
    content: asset('    content: "https://x/a.jpg" (old)\n'),
    where: 'm.yaml:5:32',
    message: 'text after the closing quote',
    hint: 'put all of the value inside the quotes',
  },
  {
    name: 'a value starting with @',
    content: manifest('  - externalId: @ana\n'),
    where: 'm.yaml:4:17',
    message: 'a value cannot start with @ unless it is quoted',
    hint: 'externalId: "@ana"',
  },
  {
    name: 'a document separator in the middle of a manifest',
    content: asset('---\n  - externalId: b\n'),
    where: 'm.yaml:5:1',
    message: "'---' starts a new YAML document here",
    hint: 'remove this line if those lines belong to the same manifest',
  },
  {
    name: 'an invalid escape in a double-quoted string (a Windows path)',
    content: asset('    content: "C:\\data\\cats\\0001.jpg"\n'),
    where: 'm.yaml:5:17',
    message: 'invalid escape \\d in a "…" string',
    hint: 'use single quotes',
  },
  {
    name: 'a UTF-8 BOM does not shift positions',
    content: `\ufeff${asset('\tcontent: x\n')}`,
    where: 'm.yaml:5:1',
    message: 'tab character used for indentation',
    hint: 'replace the tabs with spaces',
  },
  {
    name: 'a BOM left in the middle by joining two files',
    content: `${asset('    content: x\n')}\ufeffprune: true\n`,
    where: 'm.yaml:6:1',
    message: 'a byte order mark (U+FEFF, invisible) starts this line',
    hint: 'delete it',
  },
  {
    name: 'a file saved as UTF-16 (with its BOM)',
    content: utf16(asset('    content: x\n')),
    where: 'm.yaml:1:1',
    message: 'the file is UTF-16 text',
    hint: 'save it as UTF-8',
  },
  {
    name: 'Windows line ends and an unclosed quote',
    content: crlf(asset('    content: "https://x/1.jpg\n    priority: 1\n')),
    where: 'm.yaml:5:14',
    message: 'has no closing "',
    hint: 'add the closing "',
  },
  {
    name: 'Windows line ends and a key indented one space too deep',
    content: crlf(asset('     content: x\n')),
    where: 'm.yaml:5:6',
    message: "'content' is indented deeper than 'externalId' on line 4",
    hint: "indent 'content' to column 5",
  },
];

afterAll(removeWrittenFiles);

describe('YAML mistakes are reported where they are, with what to do', () => {
  it('has a table of at least 20 mistakes', () => {
    expect(mistakes.length).toBeGreaterThanOrEqual(20);
  });

  it.each(mistakes)('$name', async ({ content, where, message, hint }) => {
    const dir = writeFiles({ 'm.yaml': content });
    const result = await runInProcess(['validate', 'm.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const lines = result.stderr.split('\n');
    // The first problem reported is the mistake itself, not a consequence further down.
    const first = lines.findIndex((line) => /^m\.yaml:\d+:\d+: error: /.test(line));
    const expectedStart = where.endsWith(':') ? where : `${where}: error: `;
    expect(lines[first]?.startsWith(expectedStart), result.stderr).toBe(true);
    expect(lines[first]).toContain(message);
    expect(lines[first + 1], result.stderr).toMatch(/^ {2}hint: \S/);
    expect(lines[first + 1]).toContain(hint);
    expect(lines[first + 1]).not.toContain('fix the YAML syntax at this spot');
  });
});

describe('a manifest whose apiVersion is mistyped is an error, never skipped', () => {
  const body = 'kind: AssetSet\nproject: p1\nassets:\n  - externalId: a\n';

  it.each([
    [
      'a transposed letter',
      `apiVersion: kili-snyc/v1\n${body}`,
      "apiVersion 'kili-snyc/v1' is not kili-sync's — did you mean 'kili-sync/v1'?",
    ],
    [
      'another word, with kind: AssetSet',
      `apiVersion: v1\n${body}`,
      "apiVersion 'v1' is not kili-sync's",
    ],
    ['no apiVersion, with kind: AssetSet', body, 'it has no apiVersion'],
  ])('%s, among other manifests found in a folder', async (_name, content, message) => {
    const dir = writeFiles({ 'good.yaml': manifest('  - externalId: b\n'), 'typo.yaml': content });
    const result = await runInProcess(['validate', '.'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `typo.yaml:1:${content.startsWith('apiVersion') ? 13 : 1}: error: `,
    );
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('apiVersion: kili-sync/v1');
  });

  it('other YAML files found in a folder are still skipped', async () => {
    const dir = writeFiles({
      'good.yaml': manifest('  - externalId: b\n'),
      'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n',
      'compose.yaml': 'services:\n  web: { image: nginx }\n',
    });
    const result = await runInProcess(['validate', '.'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('1 manifest, 1 asset in 1 project: valid\n');
  });
});

describe('a misspelled field', () => {
  it('says what to rename it to', async () => {
    const dir = writeFiles({ 'm.yaml': asset('    contnet: x\n') });
    const result = await runInProcess(['validate', 'm.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "m.yaml:5:5: error: unknown field 'contnet' — did you mean 'content'?\n  hint: rename 'contnet' to 'content'\n",
    );
  });

  it("says it for a data file too, without quoting the file's own key", async () => {
    const dir = writeFiles({
      'm.yaml': manifest('  []\nsources:\n  - jsonl: data.jsonl\n'),
      'data.jsonl': '{"externalId": "b", "contnet": "x"}\n',
    });
    const result = await runInProcess(['validate', 'm.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^data\.jsonl:1:\d+: error: unknown field — did you mean 'content'\?\n {2}hint: rename this field to 'content'$/m,
    );
    expect(result.stderr).not.toContain('contnet');
  });
});

describe('a quoted piece of a hostile manifest', () => {
  it('shows its control characters escaped', async () => {
    const dir = writeFiles({ 'm.yaml': manifest('  - externalId: @a\u001b[2K\rok\n') });
    const result = await runInProcess(['validate', 'm.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('externalId: "@a\\u001b[2K\\u000dok"');
    expect(result.stderr).not.toContain('\u001b');
  });
});
