import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  manifest,
  removeWrittenFiles,
  runInProcess,
  writeFiles,
} from '../fixtures/manifests/write-files.js';

afterAll(removeWrittenFiles);

/** A secret that must never reach an output, whatever file a manifest points at. */
const SECRET = 'sk-live-0123456789abcdef';

function fileAsset(reference: string): string {
  return manifest(`  - externalId: a\n    file: ${JSON.stringify(reference)}\n`);
}

async function validate(dir: string, args: string[] = []) {
  const result = await runInProcess(['validate', ...args], dir, { KILI_API_KEY: SECRET });
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
  return result;
}

describe('local files stay inside the manifest root', () => {
  it('refuses a file linked to /proc/self/environ, where the API key is', async () => {
    const dir = writeFiles({ 'm.yaml': fileAsset('env.txt') });
    symlinkSync('/proc/self/environ', path.join(dir, 'env.txt'));
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "m.yaml:5:11: error: file 'env.txt' lies outside the manifest root",
    );
  });

  it('refuses ../ paths and absolute paths outside the PATH when there is no git work tree', async () => {
    const outer = writeFiles({
      'secret.txt': SECRET,
      'repo/m.yaml': manifest(
        '  - externalId: a\n    file: ../secret.txt\n  - externalId: b\n    file: /etc/hostname\n',
      ),
    });
    const result = await validate(path.join(outer, 'repo'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("m.yaml:5:11: error: file '../secret.txt'");
    expect(result.stderr).toContain("m.yaml:7:11: error: file '/etc/hostname'");
    expect(result.stderr.match(/lies outside the manifest root/g)).toHaveLength(2);
    expect(result.stderr).toContain('--root DIR');
  });

  it('takes the enclosing git work tree as the root, so ../ inside the repository is fine', async () => {
    const repo = writeFiles({
      'images/a.png': 'png',
      'manifests/m.yaml': fileAsset('../images/a.png'),
    });
    mkdirSync(path.join(repo, '.git'));
    const inside = await validate(path.join(repo, 'manifests'));
    expect(inside.code, inside.stderr).toBe(0);

    writeFileSync(path.join(repo, 'manifests/m.yaml'), fileAsset('../../outside.png'));
    writeFileSync(path.join(repo, '../outside.png'), 'png');
    const outside = await validate(path.join(repo, 'manifests'));
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('inside the git work tree');
  });

  it('--root sets the root: wider to allow, narrower to refuse', async () => {
    const dir = writeFiles({ 'images/a.png': 'png', 'sets/m.yaml': fileAsset('../images/a.png') });
    expect((await validate(dir, ['sets'])).code).toBe(1);
    expect((await validate(dir, ['sets', '--root', '.'])).code).toBe(0);
    const narrower = await validate(dir, ['sets', '--root', 'sets']);
    expect(narrower.stderr).toContain('inside the folder given with --root');
    const missing = await validate(dir, ['sets', '--root', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error[KS0104]: --root nope is not a folder');
  });

  it('checks files matched by a glob one by one and never walks a linked folder', async () => {
    const outer = writeFiles({ 'secret/key.png': SECRET, 'repo/images/a.png': 'png' });
    const repo = path.join(outer, 'repo');
    writeFileSync(
      path.join(repo, 'm.yaml'),
      manifest('  []\nsources:\n  - files: "images/**/*.png"\n'),
    );
    symlinkSync(path.join(outer, 'secret/key.png'), path.join(repo, 'images/linked.png'));
    symlinkSync(path.join(outer, 'secret'), path.join(repo, 'images/linked-folder'));
    const result = await validate(repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "m.yaml:6:12: error: matched file 'images/linked.png' lies outside the manifest root",
    );
    // The linked folder's key.png is not matched at all: the walk does not enter it.
    expect(result.stderr).not.toContain('key.png');
  });

  it('refuses a glob whose static part leaves the root before walking anything', async () => {
    const dir = writeFiles({
      'repo/m.yaml': manifest('  []\nsources:\n  - files: "../**/*.png"\n'),
    });
    const result = await validate(path.join(dir, 'repo'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "m.yaml:6:12: error: '../**/*.png' reaches outside the manifest root",
    );
  });

  it('refuses JSONL and CSV data files outside the root, and file: inside them', async () => {
    const outer = writeFiles({
      'secret.jsonl': `{"externalId": "${SECRET}"}\n`,
      'repo/data.csv': 'externalId,file\na,/etc/hostname\n',
      'repo/m.yaml': manifest('  []\nsources:\n  - jsonl: ../secret.jsonl\n  - csv: data.csv\n'),
    });
    const result = await validate(path.join(outer, 'repo'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("m.yaml:6:12: error: JSONL file '../secret.jsonl'");
    expect(result.stderr).toMatch(/data\.csv:2:3: error: file '\/etc\/hostname' .* lies outside/);
  });

  it('refuses special files: a FIFO is never opened', async () => {
    const dir = writeFiles({ 'm.yaml': fileAsset('pipe') });
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("file 'pipe' is not a regular file");
  });

  it('refuses a manifest that links outside the root', async () => {
    const outer = writeFiles({
      'elsewhere.yaml': fileAsset('x.png'),
      'repo/a.yaml': fileAsset('a.png'),
    });
    writeFileSync(path.join(outer, 'repo/a.png'), 'png');
    symlinkSync(path.join(outer, 'elsewhere.yaml'), path.join(outer, 'repo/b.yaml'));
    const result = await validate(path.join(outer, 'repo'), ['b.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("manifest 'b.yaml' lies outside the manifest root");
  });
});

describe('a symbolic link in the PATH never moves the root', () => {
  /** The repository an attacker's pull request could build: a folder committed as `../..`. */
  function linkedRepository() {
    const outer = writeFiles({
      '_temp/secret.txt': SECRET,
      'work/repo/real/m.yaml': fileAsset('../../../_temp/secret.txt'),
    });
    const repo = path.join(outer, 'work/repo');
    mkdirSync(path.join(repo, '.git'));
    symlinkSync('../..', path.join(repo, 'manifests'));
    return { outer, repo };
  }

  it('refuses a PATH that is a link out of the work tree, naming the link', async () => {
    const { repo } = linkedRepository();
    const result = await runInProcess(['validate', 'manifests'], repo, { KILI_API_KEY: SECRET });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error[KS0104]: PATH 'manifests' resolves to");
    expect(result.stderr).toContain("'manifests' (-> ../..) is a symbolic link");
    expect(result.stderr).not.toContain(SECRET);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('plan writes no report and no cache outside the checkout, and sends nothing', async () => {
    const { outer, repo } = linkedRepository();
    const result = await runInProcess(
      ['plan', 'manifests', '--html', 'r.html', '--endpoint', 'http://127.0.0.1:9/graphql'],
      repo,
      { KILI_API_KEY: SECRET },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is a symbolic link');
    // Port 9 would have answered "connection refused": the refusal comes before any request.
    expect(result.stderr).not.toMatch(/connect|ECONNREFUSED/i);
    expect(existsSync(path.join(repo, 'r.html'))).toBe(false);
    expect(existsSync(path.join(outer, '.kili-sync'))).toBe(false);
    expect(existsSync(path.join(outer, 'work/.kili-sync'))).toBe(false);
  });

  it('a link that stays inside the work tree is fine', async () => {
    const repo = writeFiles({
      'images/a.png': 'png',
      'sets/real/m.yaml': fileAsset('../images/a.png'),
    });
    mkdirSync(path.join(repo, '.git'));
    symlinkSync('sets/real', path.join(repo, 'current'));
    const result = await validate(repo, ['current']);
    expect(result.code, result.stderr).toBe(0);
  });

  it('without a git work tree, a PATH through a link must be given a --root', async () => {
    const outer = writeFiles({ 'data/m.yaml': fileAsset('a.png'), 'data/a.png': 'png' });
    mkdirSync(path.join(outer, 'here'));
    symlinkSync('../data', path.join(outer, 'here/linked'));
    const refused = await validate(path.join(outer, 'here'), ['linked']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "error[KS0104]: PATH 'linked' goes through the symbolic link 'linked' (-> ../data), and no git work tree encloses it",
    );
    const given = await validate(path.join(outer, 'here'), ['linked', '--root', '../data']);
    expect(given.code, given.stderr).toBe(0);
  });

  it('refuses a .kili-sync that is a link, and never writes through it', async () => {
    const outer = writeFiles({ 'repo/m.yaml': fileAsset('a.png'), 'repo/a.png': 'png' });
    const repo = path.join(outer, 'repo');
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(outer, 'elsewhere'));
    symlinkSync('../elsewhere', path.join(repo, '.kili-sync'));
    const result = await runInProcess(
      ['plan', '.', '--endpoint', 'http://127.0.0.1:9/graphql'],
      repo,
      { KILI_API_KEY: SECRET },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('.kili-sync is a symbolic link');
    expect(readdirSync(path.join(outer, 'elsewhere'))).toEqual([]);
  });
});

describe('errors from a data file never print its content', () => {
  const envFile = `API_KEY=${SECRET}\n{"externalId": "${SECRET}", "priority": "${SECRET}"}\n{"${SECRET}": 1, "externalId": "b"}\n{"externalId": "c", "jsonMetadata": {"${SECRET}": {"x": 1}}, "priority": -1}\n[${JSON.stringify(SECRET)}]\n`;

  it('JSONL: syntax, type, unknown-field and range errors say where, not what', async () => {
    const dir = writeFiles({
      'm.yaml': manifest('  []\nsources:\n  - jsonl: .env\n'),
      '.env': envFile,
    });
    const result = await validate(dir);
    expect(result.code).toBe(1);
    for (const line of [1, 2, 3, 4, 5]) expect(result.stderr).toContain(`.env:${line}:`);
  });

  it('CSV: a header and cells that break the rules say where, not what', async () => {
    const dir = writeFiles({
      'm.yaml': manifest('  []\nsources:\n  - csv: .env\n'),
      '.env': `externalId,${SECRET}\na,"${SECRET}"x\n`,
    });
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('.env:1:12: error: unknown CSV column 2');
  });
});
