import { afterAll, describe, expect, it } from 'vitest';
import { isKiliSyncError } from '../../src/errors.js';
import { loadDesiredState } from '../../src/manifest/index.js';
import { parseLargeManifest } from '../../src/manifest/parse-large-manifest.js';
import {
  manifest,
  removeWrittenFiles,
  runInProcess,
  writeFiles,
} from '../fixtures/manifests/write-files.js';

afterAll(removeWrittenFiles);

const twoProjects = {
  'a.yaml': manifest('  - externalId: a1\n  - externalId: a2\n'),
  'b.yaml': `${manifest('  - externalId: b1\n', 'p2')}---\n${manifest('  - externalId: a3\n')}`,
};

describe('kili-sync validate', () => {
  it('prints one summary line on stdout when valid', async () => {
    const dir = writeFiles(twoProjects);
    const result = await runInProcess(['validate'], dir);
    expect(result).toEqual({
      code: 0,
      stdout: '3 manifests, 4 assets in 2 projects: valid\n',
      stderr: '',
    });
  });

  it('writes warnings to stderr and still succeeds', async () => {
    const dir = writeFiles({ 'm.yaml': `${manifest('  []\n')}sources:\n  - files: "x/*.png"\n` });
    const result = await runInProcess(['validate', 'm.yaml'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('1 manifest, 0 assets in 1 project: valid\n');
    expect(result.stderr).toContain("m.yaml:6:12: warning[KS0251]: 'x/*.png' matches no file");
  });

  it('reports every error, not only the first', async () => {
    const dir = writeFiles({
      'a.yaml': manifest('  - externalId: a\n    priority: -1\n  - contnet: x\n'),
      'b.yaml': manifest('  - externalId: b\n    status: DONE\n'),
    });
    const result = await runInProcess(['validate'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('error[KS0201]: 4 problems in 2 manifests');
    expect(result.stderr.match(/^\S+:\d+:\d+: error: /gm)).toEqual([
      'a.yaml:5:15: error: ',
      'a.yaml:6:5: error: ',
      'a.yaml:6:5: error: ',
      'b.yaml:5:5: error: ',
    ]);
  });

  it('prints a JSON document with --format json', async () => {
    const dir = writeFiles(twoProjects);
    const result = await runInProcess(['validate', '--format', 'json'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: true,
      manifests: ['a.yaml', 'b.yaml'],
      projects: [
        { projectId: 'p1', assets: 3, inlineTexts: 0, localFiles: 0 },
        { projectId: 'p2', assets: 1, inlineTexts: 0, localFiles: 0 },
      ],
      errors: [],
      warnings: [],
      notes: [],
    });
  });

  it('says that inline texts and local files are checked against project types by plan', async () => {
    const dir = writeFiles({
      'm.yaml': manifest(
        '  - externalId: t\n    content: some text\n  - externalId: f\n    file: a.png\n  - externalId: u\n    content: https://x/u.jpg\n',
      ),
      'a.png': 'png',
    });
    const text = await runInProcess(['validate'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('1 manifest, 3 assets in 1 project: valid\n');
    expect(text.stderr).toBe(
      "note: 1 inline text (TEXT projects only) and 1 local file (whose type must fit the project) not checked against each project's input type, which validate does not read: plan checks them\n",
    );
    const json = JSON.parse((await runInProcess(['validate', '--format', 'json'], dir)).stdout);
    expect(json.projects).toEqual([{ projectId: 'p1', assets: 3, inlineTexts: 1, localFiles: 1 }]);
    expect(json.notes).toHaveLength(1);
  });

  it('prints errors as JSON and exits 1 with --format json', async () => {
    const dir = writeFiles({ 'm.yaml': manifest('  - externalId: a\n    priority: 1.5\n') });
    const result = await runInProcess(['validate', '--format', 'json'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const document = JSON.parse(result.stdout);
    expect(document.valid).toBe(false);
    expect(document.manifests).toEqual([]);
    expect(document.projects).toEqual([]);
    expect(document.errors).toEqual([
      {
        code: 'KS0201',
        file: 'm.yaml',
        line: 5,
        col: 15,
        message: "'assets[0].priority' must be an integer, got 1.5",
        hint: 'expected labeling priority: an integer from 0 to 2147483647, higher is labeled first.',
      },
    ]);
  });

  it('gives every problem of the JSON document its code: its own, else the one of its error', async () => {
    const pattern = `${manifest('  []\n')}sources:\n  - files: "x/*.png"\n`;
    const warned = writeFiles({ 'm.yaml': pattern });
    const valid = JSON.parse((await runInProcess(['validate', '--format', 'json'], warned)).stdout);
    expect(valid.warnings).toMatchObject([{ code: 'KS0251', line: 6, col: 12 }]);

    const invalid = writeFiles({ 'm.yaml': pattern.replace('  []\n', '  - contnet: x\n') });
    const result = await runInProcess(['validate', '--format', 'json'], invalid);
    const document = JSON.parse(result.stdout);
    expect(document.errors.map((problem: { code: string }) => problem.code)).toEqual([
      'KS0201',
      'KS0201',
    ]);

    const nothing = writeFiles({ 'notes.txt': 'not a manifest\n' });
    const none = await runInProcess(['validate', '--format', 'json'], nothing);
    expect(JSON.parse(none.stdout).errors).toMatchObject([{ code: 'KS0202', file: null }]);
  });

  it('adds GitHub annotations on stderr under GitHub Actions, keeping stdout for the document', async () => {
    const dir = writeFiles({ 'm.yaml': manifest('  - externalId: a\n    honeypotMark: 2\n') });
    const result = await runInProcess(['validate'], dir, { GITHUB_ACTIONS: 'true' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      "::error file=m.yaml,line=5,col=19,title=KS0201::'assets[0].honeypotMark' must be between 0 and 1, got 2 (expected the honeypot mark: a number between 0 and 1.)\n",
    );
    expect(result.stderr).toContain('m.yaml:5:19: error: ');

    const json = await runInProcess(['validate', '--format', 'json'], dir, {
      GITHUB_ACTIONS: 'true',
    });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).valid).toBe(false);
  });

  it('refuses an unknown --format', async () => {
    const dir = writeFiles(twoProjects);
    const result = await runInProcess(['validate', '--format', 'yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("argument 'yaml' is invalid. Allowed choices are text, json.");
  });
});

describe('large manifests (parsed in chunks)', () => {
  const header = 'apiVersion: kili-sync/v1\nproject: p1\ndefaults: &d { priority: 1 }\nassets:\n';
  const items = Array.from(
    { length: 3000 },
    (_, i) =>
      `- externalId: id-${i}\n  content: "https://x/${i}.jpg"\n  jsonMetadata:\n    n: ${i}\n    text: |\n      line ${i}\n      - not an item\n`,
  ).join('');
  const tail = '# trailing comment\nprune: false\n';
  const file = {
    absolutePath: '/m.yaml',
    displayPath: 'm.yaml',
    explicit: true,
    root: { realPath: '/', origin: 'path' as const },
  };

  it('gives the same desired state as a whole-document parse', async () => {
    const dir = writeFiles({ 'm.yaml': header + items + tail });
    expect(await parseLargeManifest(header + items + tail, file)).toBeDefined();
    const chunked = await loadDesiredState(['m.yaml'], { cwd: dir, largeFileChars: 1 });
    const whole = await loadDesiredState(['m.yaml'], { cwd: dir });
    expect(chunked.projects[0]!.assets).toHaveLength(3000);
    expect(chunked).toEqual(whole);
  });

  it('locates errors in items and after the list exactly like a whole-document parse', async () => {
    const broken = items.replace('  content: "https://x/2500.jpg"', '  content: 7');
    const dir = writeFiles({ 'm.yaml': `${header}${broken}${tail}sources: 3\n` });
    const messages = async (largeFileChars?: number) => {
      const error = await loadDesiredState(['m.yaml'], { cwd: dir, largeFileChars }).catch(
        (caught: unknown) => caught,
      );
      if (!isKiliSyncError(error)) throw new Error('expected an error');
      return error.diagnostics.map((d) => `${d.where?.line}:${d.where?.col} ${d.message}`);
    };
    const chunked = await messages(1);
    expect(chunked).toEqual([
      `${4 + 2500 * 7 + 2}:12 'assets[2500].content' must be a string, got 7`,
      `${4 + 3000 * 7 + 3}:10 'sources' must be a list, got 3`,
    ]);
    expect(chunked).toEqual(await messages());
  });

  it('falls back to a whole-document parse when an item uses an anchor from outside it', async () => {
    const withAlias = items.replace(
      '- externalId: id-10\n',
      '- externalId: id-10\n  jsonContent: *d\n',
    );
    expect(await parseLargeManifest(header + withAlias, file)).toBeUndefined();
    const dir = writeFiles({ 'm.yaml': header + withAlias });
    const state = await loadDesiredState(['m.yaml'], { cwd: dir, largeFileChars: 1 });
    expect(state.projects[0]!.assets[10]).toMatchObject({ jsonContent: { priority: 1 } });
  });
});
