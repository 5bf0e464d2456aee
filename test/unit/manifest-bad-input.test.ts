import { afterAll, describe, expect, it } from 'vitest';
import {
  type FileTree,
  manifest,
  removeWrittenFiles,
  runInProcess,
  writeFiles,
} from '../fixtures/manifests/write-files.js';

interface BadCase {
  name: string;
  files: FileTree;
  /** PATH arguments; default: the folder itself. */
  args?: string[];
  /** `file:line:col` of the first expected diagnostic. */
  where: string;
  message: string;
}

const asset = (lines: string) => manifest(`  - externalId: a\n${lines}`);
const aliasBomb = [
  'apiVersion: kili-sync/v1',
  'project: p1',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'assets: []',
  '',
].join('\n');

const cases: BadCase[] = [
  {
    name: 'frames and jsonContent together',
    files: { 'm.yaml': asset('    frames: [https://x/0.jpg]\n    jsonContent: {a: 1}\n') },
    where: 'm.yaml:6:5',
    message: "'frames' and 'jsonContent' are exclusive",
  },
  {
    name: 'frames and file together',
    files: { 'm.yaml': asset('    frames: [https://x/0.jpg]\n    file: clip.mp4\n') },
    where: 'm.yaml:6:5',
    message: "'frames' and 'file' are exclusive",
  },
  {
    name: 'frames given as a single string',
    files: { 'm.yaml': asset('    frames: "clip/*.jpg"\n') },
    where: 'm.yaml:5:13',
    message: "'assets[0].frames' must be a list of frame URLs or files, or {files: <glob>}",
  },
  {
    name: 'frames mixing URLs and local files',
    files: { 'm.yaml': asset('    frames: [https://x/0.jpg, f/1.jpg]\n'), 'f/1.jpg': 'x' },
    where: 'm.yaml:5:13',
    message: "'frames' mixes 1 URLs and 1 local files",
  },
  {
    name: 'frames glob matching no file',
    files: { 'm.yaml': asset('    frames: { files: "clip/*.jpg" }\n') },
    where: 'm.yaml:5:13',
    message: "'clip/*.jpg' matches no frame file",
  },
  {
    name: 'frames glob reaching outside the root',
    files: { 'm.yaml': asset('    frames: { files: "../../**/*.jpg" }\n') },
    where: 'm.yaml:5:13',
    message: 'reaches outside the manifest root',
  },
  {
    name: 'processingParameters.shouldUseNativeVideo not a boolean',
    files: {
      'm.yaml': asset(
        '    jsonMetadata: { processingParameters: { shouldUseNativeVideo: "no" } }\n',
      ),
    },
    where: 'm.yaml:5:67',
    message: "shouldUseNativeVideo' must be true or false",
  },
  {
    name: 'YAML syntax error (unclosed flow mapping)',
    files: { 'm.yaml': manifest('  - { externalId: a, content: x\n') },
    where: 'm.yaml:4:5',
    message: 'unclosed {: the mapping that starts here has no closing }',
  },
  {
    name: 'YAML syntax error (unclosed quote)',
    files: { 'm.yaml': asset('    content: "https://x/1.jpg\n    priority: 1\n') },
    where: 'm.yaml:5:14',
    message: 'unclosed quote: the string that starts here has no closing "',
  },
  {
    name: 'tab used for indentation',
    files: { 'm.yaml': asset('\tcontent: x\n') },
    where: 'm.yaml:5:1',
    message: 'tab character used for indentation',
  },
  {
    name: 'duplicate key',
    files: { 'm.yaml': asset('    externalId: b\n') },
    where: 'm.yaml:5:5',
    message: "duplicate key 'externalId'",
  },
  {
    name: 'duplicate top-level key',
    files: { 'm.yaml': 'apiVersion: kili-sync/v1\nproject: p1\nproject: p2\n' },
    where: 'm.yaml:3:1',
    message: "duplicate key 'project'",
  },
  {
    name: 'empty file named explicitly',
    files: { 'm.yaml': '' },
    args: ['m.yaml'],
    where: 'm.yaml:1:1',
    message: 'not a kili-sync manifest: the file is empty',
  },
  {
    name: 'top-level list',
    files: { 'm.yaml': '- externalId: a\n- externalId: b\n' },
    args: ['m.yaml'],
    where: 'm.yaml:1:1',
    message: 'its top level is a list',
  },
  {
    name: 'top-level scalar',
    files: { 'm.yaml': 'hello\n' },
    args: ['m.yaml'],
    where: 'm.yaml:1:1',
    message: 'its top level is not a mapping',
  },
  {
    name: 'binary file',
    files: { 'm.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a, 0x1a]) },
    args: ['m.yaml'],
    where: 'm.yaml:1:1',
    message: 'binary file',
  },
  {
    name: 'YAML alias bomb',
    files: { 'm.yaml': aliasBomb },
    where: 'm.yaml:4:8',
    message: 'too many YAML alias expansions',
  },
  {
    name: 'unsupported apiVersion kili-sync/v2',
    files: { 'm.yaml': 'apiVersion: kili-sync/v2\nproject: p1\nassets: []\n' },
    where: 'm.yaml:1:13',
    message: "unsupported apiVersion 'kili-sync/v2'",
  },
  {
    name: 'foreign apiVersion in a file named explicitly',
    files: { 'm.yaml': 'apiVersion: v1\nkind: ConfigMap\n' },
    args: ['m.yaml'],
    where: 'm.yaml:1:1',
    message: 'not a kili-sync manifest',
  },
  {
    name: 'missing project',
    files: { 'm.yaml': 'apiVersion: kili-sync/v1\nassets: []\n' },
    where: 'm.yaml:1:1',
    message: "missing required field 'project'",
  },
  {
    name: 'project with spaces',
    files: { 'm.yaml': manifest('  - externalId: a\n', 'my project') },
    where: 'm.yaml:2:10',
    message: "'project' must not contain spaces",
  },
  {
    name: 'wrong kind',
    files: { 'm.yaml': 'apiVersion: kili-sync/v1\nkind: Deployment\nproject: p1\n' },
    where: 'm.yaml:2:7',
    message: "'kind' must be 'AssetSet'",
  },
  {
    name: 'unknown top-level field',
    files: { 'm.yaml': 'apiVersion: kili-sync/v1\nproject: p1\nasset: []\n' },
    where: 'm.yaml:3:1',
    message: "unknown field 'asset' — did you mean 'assets'?",
  },
  {
    name: 'assets is a mapping',
    files: { 'm.yaml': manifest('  externalId: a\n') },
    where: 'm.yaml:4:3',
    message: "'assets' must be a list, got a mapping",
  },
  {
    name: 'assets left empty',
    files: { 'm.yaml': manifest('') },
    where: 'm.yaml:3:1',
    message: "'assets' must be a list, got an empty value",
  },
  {
    name: 'an empty list item',
    files: { 'm.yaml': manifest('  -\n') },
    where: 'm.yaml:4:3',
    message: "'assets[0]' must be a mapping",
  },
  {
    name: 'missing externalId',
    files: { 'm.yaml': manifest('  - content: https://x/1.jpg\n') },
    where: 'm.yaml:4:5',
    message: "missing required field 'externalId' in 'assets[0]'",
  },
  {
    name: 'empty externalId',
    files: { 'm.yaml': manifest("  - externalId: ''\n") },
    where: 'm.yaml:4:17',
    message: "'assets[0].externalId' must not be empty",
  },
  {
    name: 'non-string externalId',
    files: { 'm.yaml': manifest('  - externalId: 42\n') },
    where: 'm.yaml:4:17',
    message: "'assets[0].externalId' must be a string, got 42",
  },
  {
    name: 'unknown field with a suggestion',
    files: { 'm.yaml': asset('    contnet: https://x/1.jpg\n') },
    where: 'm.yaml:5:5',
    message: "unknown field 'contnet' — did you mean 'content'?",
  },
  {
    name: 'status is rejected',
    files: { 'm.yaml': asset('    status: LABELED\n') },
    where: 'm.yaml:5:5',
    message: "'status' cannot be set",
  },
  {
    name: 'content and file together',
    files: { 'm.yaml': asset('    content: https://x/1.jpg\n    file: a.png\n'), 'a.png': 'x' },
    where: 'm.yaml:6:5',
    message: "'content' and 'file' are exclusive",
  },
  {
    name: 'negative priority',
    files: { 'm.yaml': asset('    priority: -1\n') },
    where: 'm.yaml:5:15',
    message: "'assets[0].priority' must be between 0 and 2147483647, got -1",
  },
  {
    name: 'fractional priority',
    files: { 'm.yaml': asset('    priority: 1.5\n') },
    where: 'm.yaml:5:15',
    message: "'assets[0].priority' must be an integer, got 1.5",
  },
  {
    name: 'priority beyond what Kili stores (32-bit)',
    files: { 'm.yaml': asset('    priority: 99999999999\n') },
    where: 'm.yaml:5:15',
    message: "'assets[0].priority' must be",
  },
  {
    name: 'honeypotMark out of range',
    files: { 'm.yaml': asset('    honeypotMark: 1.5\n') },
    where: 'm.yaml:5:19',
    message: "'assets[0].honeypotMark' must be between 0 and 1, got 1.5",
  },
  {
    name: 'non-email labeler',
    files: { 'm.yaml': asset('    toBeLabeledBy: [ana@example.com, bob]\n') },
    where: 'm.yaml:5:38',
    message: '\'assets[0].toBeLabeledBy[1]\' must be an email address, got "bob"',
  },
  {
    name: 'toBeLabeledBy not a list',
    files: { 'm.yaml': asset('    toBeLabeledBy: ana@example.com\n') },
    where: 'm.yaml:5:20',
    message: "'assets[0].toBeLabeledBy' must be a list",
  },
  {
    name: 'jsonMetadata not a mapping',
    files: { 'm.yaml': asset('    jsonMetadata: [1, 2]\n') },
    where: 'm.yaml:5:19',
    message: "'assets[0].jsonMetadata' must be a mapping, got a list",
  },
  {
    name: 'jsonContent of the wrong type',
    files: { 'm.yaml': asset('    jsonContent: 3\n') },
    where: 'm.yaml:5:18',
    message: "'assets[0].jsonContent' must be a string, a mapping or a list, got 3",
  },
  {
    name: 'reserved jsonMetadata.kiliSync',
    files: { 'm.yaml': asset('    jsonMetadata:\n      kiliSync: { sha256: x }\n') },
    where: 'm.yaml:6:7',
    message: "the metadata key 'kiliSync' is reserved",
  },
  {
    name: 'reserved kiliSync in defaults',
    files: {
      'm.yaml':
        'apiVersion: kili-sync/v1\nproject: p1\ndefaults:\n  jsonMetadata: { kiliSync: 1 }\n',
    },
    where: 'm.yaml:4:19',
    message: "the metadata key 'kiliSync' is reserved",
  },
  {
    name: 'missing local file',
    files: { 'm.yaml': asset('    file: ./images/nope.png\n') },
    where: 'm.yaml:5:11',
    message: "file not found: './images/nope.png' (images/nope.png)",
  },
  {
    name: 'file that is a folder',
    files: { 'm.yaml': asset('    file: images\n'), 'images/a.png': 'x' },
    where: 'm.yaml:5:11',
    message: "file 'images' is a folder, not a file",
  },
  {
    name: 'malformed CSV row',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - csv: data.csv\n'),
      'data.csv': 'externalId,content\na,https://x/a.jpg\nb,https://x/b.jpg,extra\n',
    },
    where: 'data.csv:3:1',
    message: 'malformed CSV row',
  },
  {
    name: 'bad number in a CSV cell',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - csv: data.csv\n'),
      'data.csv': 'externalId,priority\na,high\n',
    },
    where: 'data.csv:2:3',
    message: "'priority' must be an integer, got a string",
  },
  {
    name: 'bad CSV cell after a quoted comma',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - csv: data.csv\n'),
      'data.csv': 'externalId,content,priority\n"q,uoted",https://x/q.jpg,-1\n',
    },
    where: 'data.csv:2:27',
    message: "'priority' must be between 0 and 2147483647",
  },
  {
    name: 'unknown CSV column',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - csv: data.csv\n'),
      'data.csv': 'externalId,contnet\na,x\n',
    },
    where: 'data.csv:1:12',
    message: "unknown CSV column 2 — did you mean 'content'?",
  },
  {
    name: 'CSV without externalId column',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - csv: data.csv\n'),
      'data.csv': 'content\nhttps://x/a.jpg\n',
    },
    where: 'data.csv:1:1',
    message: "the CSV header has no 'externalId' column",
  },
  {
    name: 'invalid JSONL line',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - jsonl: data.jsonl\n'),
      'data.jsonl': '{"externalId": "a"}\n\n{"externalId": "b",}\n',
    },
    where: 'data.jsonl:3:20',
    message: 'invalid JSON',
  },
  {
    name: 'JSONL line that is not an object',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - jsonl: data.jsonl\n'),
      'data.jsonl': '["a"]\n',
    },
    where: 'data.jsonl:1:1',
    message: 'expected an asset object, got a list',
  },
  {
    name: 'JSONL asset breaking the schema',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - jsonl: data.jsonl\n'),
      'data.jsonl': '{"externalId": "a", "priority": -2}\n',
    },
    where: 'data.jsonl:1:21',
    message: "'priority' must be between 0 and 2147483647",
  },
  {
    name: 'missing JSONL file',
    files: { 'm.yaml': manifest('  []\nsources:\n  - jsonl: nope.jsonl\n') },
    where: 'm.yaml:6:12',
    message: "JSONL file not found: 'nope.jsonl'",
  },
  {
    name: 'source with two kinds',
    files: { 'm.yaml': manifest('  []\nsources:\n  - files: "*.png"\n    csv: a.csv\n') },
    where: 'm.yaml:6:5',
    message: "a source has exactly one of 'files', 'jsonl' or 'csv', found 'files' and 'csv'",
  },
  {
    name: 'source with no kind',
    files: { 'm.yaml': manifest('  []\nsources:\n  - priority: 1\n') },
    where: 'm.yaml:6:5',
    message: "a source needs one of 'files', 'jsonl' or 'csv'",
  },
  {
    name: 'unknown template placeholder',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - files: "*.png"\n    externalId: "{stme}"\n'),
      'a.png': 'x',
    },
    where: 'm.yaml:7:17',
    message: "unknown placeholder '{stme}'",
  },
  {
    name: 'same external ID in two files',
    files: {
      'a.yaml': manifest('  - externalId: cat-1\n'),
      'b.yaml': manifest('  - externalId: dog-1\n  - externalId: cat-1\n'),
    },
    where: 'b.yaml:5:5',
    message: "duplicate external ID 'cat-1' in project p1: declared 2 times",
  },
  {
    name: 'same external ID twice from one generator',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - files: "img/*"\n'),
      'img/cat.jpg': 'x',
      'img/cat.png': 'x',
    },
    where: 'm.yaml:6:12',
    message:
      "duplicate external ID 'cat' in project p1: declared 2 times (from img/cat.jpg, img/cat.png)",
  },
  {
    name: 'conflicting prune',
    files: {
      'a.yaml': 'apiVersion: kili-sync/v1\nproject: p1\nprune: true\nassets: []\n',
      'b.yaml': 'apiVersion: kili-sync/v1\nproject: p1\nprune: false\nassets: []\n',
    },
    where: 'b.yaml:3:8',
    message: "conflicting 'prune' for project p1",
  },
  {
    name: 'prune: true in a project with an owner',
    files: {
      'm.yaml':
        'apiVersion: kili-sync/v1\nproject: p1\nowner: cats-repo\nprune: true\nassets: []\n',
    },
    where: 'm.yaml:4:8',
    message: "'prune: true' is ambiguous in project p1, which has an owner (m.yaml:3:8)",
  },
  {
    name: 'prune: true where prune: owned is asked for elsewhere',
    files: {
      'a.yaml': 'apiVersion: kili-sync/v1\nproject: p1\njsonMetadataMode: keys\nassets: []\n',
      'b.yaml': 'apiVersion: kili-sync/v1\nproject: p1\nprune: true\nassets: []\n',
    },
    where: 'b.yaml:3:8',
    message: "'prune: true' is ambiguous in project p1",
  },
  {
    name: 'an unknown prune mode',
    files: { 'm.yaml': 'apiVersion: kili-sync/v1\nproject: p1\nprune: mine\nassets: []\n' },
    where: 'm.yaml:3:8',
    message: "'prune' must be one of false, true, 'owned', 'all', got \"mine\"",
  },
  {
    name: 'an unknown metadata mode',
    files: {
      'm.yaml': 'apiVersion: kili-sync/v1\nproject: p1\njsonMetadataMode: merge\nassets: []\n',
    },
    where: 'm.yaml:3:19',
    message: "'jsonMetadataMode' must be one of 'keys', 'replace', got \"merge\"",
  },
  {
    name: 'an owner name with a space',
    files: { 'm.yaml': 'apiVersion: kili-sync/v1\nproject: p1\nowner: cats repo\nassets: []\n' },
    where: 'm.yaml:3:8',
    message: "'owner' must be a name of letters, digits",
  },
  {
    name: 'conflicting owners',
    files: {
      'a.yaml': 'apiVersion: kili-sync/v1\nproject: p1\nowner: cats\nassets: []\n',
      'b.yaml': 'apiVersion: kili-sync/v1\nproject: p1\nowner: dogs\nassets: []\n',
    },
    where: 'b.yaml:3:8',
    message: "conflicting 'owner' for project p1: cats at a.yaml:3:8, dogs at b.yaml:3:8",
  },
  {
    name: 'renamedFrom an ID that is still declared',
    files: { 'm.yaml': manifest('  - externalId: a\n  - externalId: b\n    renamedFrom: a\n') },
    where: 'm.yaml:5:5',
    message: "'b' is renamed from 'a', which is still declared",
  },
  {
    name: 'renamedFrom its own ID',
    files: { 'm.yaml': manifest('  - externalId: a\n    renamedFrom: a\n') },
    where: 'm.yaml:4:5',
    message: "'renamedFrom' of 'a' is its own externalId",
  },
  {
    name: 'CRLF file with an error keeps exact positions',
    files: { 'm.yaml': asset('    priority: -1\n').replace(/\n/g, '\r\n') },
    where: 'm.yaml:5:15',
    message: "'assets[0].priority' must be between 0 and 2147483647",
  },
  {
    name: 'jsonMetadata nested thousands deep in flow style',
    files: { 'm.yaml': asset(`    jsonMetadata: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`) },
    where: 'm.yaml:5:',
    message: 'values nest deeper than 64 levels',
  },
  {
    name: 'jsonMetadata nested deeper than the limit in block style',
    files: {
      'm.yaml': asset(
        `    jsonMetadata:\n${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i + 3)}a:\n`).join('')}${'  '.repeat(73)}b: 1\n`,
      ),
    },
    where: 'm.yaml:6:7',
    message: "'assets[0].jsonMetadata' nests deeper than 64 levels",
  },
  {
    name: 'JSONL jsonContent nested thousands deep',
    files: {
      'm.yaml': manifest('  []\nsources:\n  - jsonl: data.jsonl\n'),
      'data.jsonl': `{"externalId": "a", "jsonContent": ${'['.repeat(5000)}${']'.repeat(5000)}}\n`,
    },
    where: 'data.jsonl:1:21',
    message: "'jsonContent' nests deeper than 64 levels",
  },
  {
    name: 'kili-sync/v2 found by folder discovery',
    files: { 'sub/m.yaml': 'apiVersion: kili-sync/v2\nproject: p1\n' },
    where: 'sub/m.yaml:1:13',
    message: "unsupported apiVersion 'kili-sync/v2'",
  },
];

afterAll(removeWrittenFiles);

describe('kili-sync validate rejects bad input with its exact location', () => {
  it('has a table of at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('$name', async ({ files, args, where, message }) => {
    const dir = writeFiles(files);
    const result = await runInProcess(['validate', ...(args ?? [])], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const lines = result.stderr.split('\n');
    const index = lines.findIndex((line) =>
      where.endsWith(':') ? line.startsWith(where) : line.startsWith(`${where}: error: `),
    );
    expect(index, result.stderr).toBeGreaterThanOrEqual(0);
    expect(lines[index]).toContain(message);
    const following = lines.slice(index + 1).filter((line) => !line.startsWith('  also at '));
    expect(following[0], result.stderr).toMatch(/^ {2}hint: \S/);
  });
});
