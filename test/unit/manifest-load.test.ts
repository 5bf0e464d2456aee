import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isKiliSyncError, type KiliSyncError } from '../../src/errors.js';
import { loadDesiredState } from '../../src/manifest/index.js';
import { computeTemplateVars, renderTemplate } from '../../src/manifest/render-id-template.js';
import { suggestName } from '../../src/manifest/suggest-name.js';
import { manifest, removeWrittenFiles, writeFiles } from '../fixtures/manifests/write-files.js';

afterAll(removeWrittenFiles);

async function loadError(paths: string[], cwd: string): Promise<KiliSyncError> {
  const error = await loadDesiredState(paths, { cwd }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isKiliSyncError(error)) throw new Error(`expected a KiliSyncError, got ${String(error)}`);
  return error;
}

describe('defaults merging', () => {
  it('puts defaults under every asset, the asset winning and jsonMetadata merged by key', async () => {
    const dir = writeFiles({
      'm.yaml': [
        'apiVersion: kili-sync/v1',
        'project: p1',
        'defaults:',
        '  priority: 2',
        '  isHoneypot: false',
        '  jsonMetadata: { source: batch-7, split: train }',
        'assets:',
        '  - externalId: a',
        '    content: https://x/a.jpg',
        '  - externalId: b',
        '    priority: 5',
        '    jsonMetadata: { split: test, extra: 1 }',
        '    jsonContent: { text: hello }',
        '',
      ].join('\n'),
    });
    const state = await loadDesiredState(['.'], { cwd: dir });
    const [a, b] = state.projects[0]!.assets;
    expect(a).toEqual({
      externalId: 'a',
      content: 'https://x/a.jpg',
      priority: 2,
      isHoneypot: false,
      jsonMetadata: { source: 'batch-7', split: 'train' },
      source: { file: 'm.yaml', line: 8, col: 5 },
    });
    expect(b).toEqual({
      externalId: 'b',
      priority: 5,
      isHoneypot: false,
      jsonMetadata: { source: 'batch-7', split: 'test', extra: 1 },
      jsonContent: { text: 'hello' },
      source: { file: 'm.yaml', line: 10, col: 5 },
    });
  });

  it('groups several files by project, sorted, with prune set by any manifest that says so', async () => {
    const dir = writeFiles({
      'a.yaml': manifest('  - externalId: a1\n', 'zeta'),
      'b.yaml': `${manifest('  - externalId: b1\n', 'alpha')}prune: true\n`,
      'c.yaml': manifest('  - externalId: c1\n', 'alpha'),
    });
    const state = await loadDesiredState([dir], { cwd: dir });
    expect(state.projects.map((project) => [project.projectId, project.prune])).toEqual([
      ['alpha', true],
      ['zeta', false],
    ]);
    expect(state.projects[0]!.manifestFiles).toEqual(['b.yaml', 'c.yaml']);
    expect(state.projects[0]!.assets.map((asset) => asset.externalId)).toEqual(['b1', 'c1']);
    expect(state.manifestCount).toBe(3);
  });

  it('turns `file` into an absolute and a display path, without content', async () => {
    const dir = writeFiles({
      'sets/m.yaml': manifest('  - externalId: a\n    file: ../images/a.png\n'),
      'images/a.png': 'png',
    });
    // Outside git, the root is the PATH (`sets`); `--root` widens it to the folder above.
    const state = await loadDesiredState(['sets'], { cwd: dir, root: dir });
    const asset = state.projects[0]!.assets[0]!;
    expect(asset.file).toEqual({
      absolutePath: path.join(dir, 'images/a.png'),
      displayPath: 'images/a.png',
    });
    expect(asset).not.toHaveProperty('content');
  });
});

describe('sources', () => {
  it('expands a files glob with the default template, per-source fields and placeholders', async () => {
    const dir = writeFiles({
      'm.yaml': [
        'apiVersion: kili-sync/v1',
        'project: p1',
        'defaults: { priority: 1, jsonMetadata: { batch: 7 } }',
        'sources:',
        '  - files: "./images/**/*.{jpg,png}"',
        '    jsonMetadata: { split: "{dir}", name: "{name}", kind: "{ext}" }',
        '',
      ].join('\n'),
      'images/top.png': 'x',
      'images/train/cat.jpg': 'x',
      'images/train/notes.txt': 'x',
    });
    const state = await loadDesiredState(['m.yaml'], { cwd: dir });
    const assets = state.projects[0]!.assets;
    expect(assets.map((asset) => asset.externalId)).toEqual(['top', 'train/cat']);
    expect(assets[1]).toMatchObject({
      priority: 1,
      jsonMetadata: { batch: 7, split: 'train', name: 'cat.jpg', kind: 'jpg' },
      file: { displayPath: 'images/train/cat.jpg' },
      source: { file: 'm.yaml', line: 5, col: 12 },
    });
    expect(assets[0]!.jsonMetadata).toMatchObject({ split: '' });
  });

  it('reads JSONL line by line, skipping blank lines, with files relative to the JSONL file', async () => {
    const dir = writeFiles({
      'm.yaml': `${manifest('  []\n')}sources:\n  - jsonl: data/assets.jsonl\n    priority: 4\n`,
      'data/assets.jsonl': [
        '{"externalId": "t1", "content": "hello", "jsonMetadata": {"lang": "en"}}',
        '',
        '   ',
        '{"externalId": "t2", "file": "t2.txt", "priority": 9}',
        '',
      ].join('\r\n'),
      'data/t2.txt': 'text',
    });
    const state = await loadDesiredState(['.'], { cwd: dir });
    expect(state.projects[0]!.assets).toEqual([
      {
        externalId: 't1',
        content: 'hello',
        jsonMetadata: { lang: 'en' },
        priority: 4,
        source: { file: 'data/assets.jsonl', line: 1, col: 1 },
      },
      {
        externalId: 't2',
        file: { absolutePath: path.join(dir, 'data/t2.txt'), displayPath: 'data/t2.txt' },
        priority: 9,
        source: { file: 'data/assets.jsonl', line: 4, col: 1 },
      },
    ]);
  });

  it('reads CSV with typed columns, metadata columns as text and the record line', async () => {
    const dir = writeFiles({
      'm.yaml': `${manifest('  []\n')}sources:\n  - csv: data.csv\n`,
      'data.csv': [
        'externalId,content,priority,isHoneypot,honeypotMark,toBeLabeledBy,jsonMetadata.code',
        'a,"multi',
        'line",3,true,0.5,ana@example.com;bo@example.com,007',
        '',
        'b,https://x/b.jpg,,,,,',
      ].join('\n'),
    });
    const state = await loadDesiredState(['.'], { cwd: dir });
    expect(state.projects[0]!.assets).toEqual([
      {
        externalId: 'a',
        content: 'multi\nline',
        priority: 3,
        isHoneypot: true,
        honeypotMark: 0.5,
        toBeLabeledBy: ['ana@example.com', 'bo@example.com'],
        jsonMetadata: { code: '007' },
        source: { file: 'data.csv', line: 2, col: 1 },
      },
      {
        externalId: 'b',
        content: 'https://x/b.jpg',
        source: { file: 'data.csv', line: 5, col: 1 },
      },
    ]);
  });

  it('warns, without failing, when a files glob matches nothing', async () => {
    const dir = writeFiles({
      'm.yaml': `${manifest('  - externalId: a\n')}sources:\n  - files: "scans/*.pdf"\n`,
    });
    const warnings: string[] = [];
    const state = await loadDesiredState(['.'], {
      cwd: dir,
      onWarning: (warning) => warnings.push(`${warning.where?.line}:${warning.message}`),
    });
    expect(warnings).toEqual(["6:'scans/*.pdf' matches no file"]);
    expect(state.warnings).toHaveLength(1);
  });
});

describe('external ID templates', () => {
  it('computes the placeholders of a path relative to the glob base', () => {
    expect(computeTemplateVars('train/cats/cat.01.jpg')).toEqual({
      path: 'train/cats/cat.01.jpg',
      dir: 'train/cats',
      name: 'cat.01.jpg',
      stem: 'cat.01',
      ext: 'jpg',
    });
    expect(computeTemplateVars('README')).toEqual({
      path: 'README',
      dir: '',
      name: 'README',
      stem: 'README',
      ext: '',
    });
  });

  it('fills templates and drops the slash after an empty {dir}', () => {
    const vars = computeTemplateVars('cat.jpg');
    expect(renderTemplate('{dir}/{stem}', vars)).toBe('cat');
    expect(renderTemplate('img-{stem}.{ext}', vars)).toBe('img-cat.jpg');
    expect(renderTemplate('{path}', computeTemplateVars('a/b.png'))).toBe('a/b.png');
    expect(renderTemplate('{dir}/{name}', computeTemplateVars('a/b.png'))).toBe('a/b.png');
  });

  it('suggests close field names only', () => {
    expect(suggestName('contnet', ['content', 'file'])).toBe('content');
    expect(suggestName('external_id', ['externalId', 'content'])).toBe('externalId');
    expect(suggestName('zzz', ['externalId', 'content'])).toBeUndefined();
  });
});

describe('discovery', () => {
  const tree = {
    'manifests/a.yaml': manifest('  - externalId: a\n'),
    'manifests/deep/er/b.yml': manifest('  - externalId: b\n'),
    'manifests/node_modules/pkg/c.yaml': manifest('  - externalId: c\n'),
    'manifests/.hidden/d.yaml': manifest('  - externalId: d\n'),
    'manifests/k8s.yaml': 'apiVersion: v1\nkind: ConfigMap\n',
    'manifests/broken-helm.yaml': 'key: {{ .Values.x }}\n',
    'manifests/notes.txt': manifest('  - externalId: e\n'),
  };

  it('searches folders recursively, skipping node_modules, dot-folders and non-manifests', async () => {
    const dir = writeFiles(tree);
    const state = await loadDesiredState(['manifests'], { cwd: dir, verbose: true });
    expect(state.manifestFiles).toEqual(['manifests/a.yaml', 'manifests/deep/er/b.yml']);
    expect(state.warnings.map((warning) => warning.message)).toEqual([
      'skipped manifests/broken-helm.yaml: not a kili-sync manifest (no `apiVersion: kili-sync/…`)',
      'skipped manifests/k8s.yaml: not a kili-sync manifest (no `apiVersion: kili-sync/…`)',
    ]);
  });

  it('loads a file once when several PATHs match it', async () => {
    const dir = writeFiles(tree);
    const state = await loadDesiredState(['manifests', 'manifests/a.yaml', 'manifests/*.yaml'], {
      cwd: dir,
    });
    expect(state.manifestFiles).toEqual(['manifests/a.yaml', 'manifests/deep/er/b.yml']);
  });

  it('does not follow a symbolic link back up the tree', async () => {
    const dir = writeFiles(tree);
    symlinkSync('..', path.join(dir, 'manifests/deep/up'));
    const state = await loadDesiredState(['manifests'], { cwd: dir });
    expect(state.manifestFiles).toEqual(['manifests/a.yaml', 'manifests/deep/er/b.yml']);
  });

  it('expands a glob PATH', async () => {
    const dir = writeFiles(tree);
    const state = await loadDesiredState(['manifests/**/b.*'], { cwd: dir });
    expect(state.manifestFiles).toEqual(['manifests/deep/er/b.yml']);
  });

  it('treats an unknown kili-sync version as an error, not as a foreign file', async () => {
    const dir = writeFiles({
      ...tree,
      'manifests/v2.yaml': 'apiVersion: kili-sync/v2\nproject: p\n',
    });
    const error = await loadError(['manifests'], dir);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.diagnostics.map((d) => [d.where?.file, d.message])).toEqual([
      ['manifests/v2.yaml', "unsupported apiVersion 'kili-sync/v2'"],
    ]);
  });

  it('reads every document of a multi-document file', async () => {
    const dir = writeFiles({
      'm.yaml': `${manifest('  - externalId: a\n')}---\n${manifest('  - externalId: b\n', 'p2')}---\nkind: Other\n`,
    });
    const state = await loadDesiredState(['m.yaml'], { cwd: dir });
    expect(state.manifestCount).toBe(2);
    expect(state.projects.map((project) => project.assets[0]!.source)).toEqual([
      { file: 'm.yaml', line: 4, col: 5 },
      { file: 'm.yaml', line: 9, col: 5 },
    ]);
  });

  it('fails with NO_MANIFESTS when a PATH holds no manifest or does not exist', async () => {
    const dir = writeFiles({ ...tree, 'other/k8s.yaml': 'apiVersion: v1\nkind: Pod\n' });
    const empty = await loadError(['manifests/deep/er/b.yml', 'other'], dir);
    expect(empty.code).toBe('NO_MANIFESTS');
    expect(empty.message).toBe("no kili-sync manifest found in 'other'");
    expect(empty.hint).toContain('apiVersion: kili-sync/v1');
    const missing = await loadError(['nope.yaml'], dir);
    expect(missing.message).toBe("no such file or folder: 'nope.yaml'");
  });

  it('accepts a UTF-8 BOM and CRLF line endings', async () => {
    const text = `\uFEFF${manifest('  - externalId: a\n    priority: 1\n')}`.replace(/\n/g, '\r\n');
    const dir = writeFiles({ 'm.yaml': text });
    const state = await loadDesiredState(['m.yaml'], { cwd: dir });
    expect(state.projects[0]!.assets[0]).toEqual({
      externalId: 'a',
      priority: 1,
      source: { file: 'm.yaml', line: 4, col: 5 },
    });
  });
});
