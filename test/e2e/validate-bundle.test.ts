import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/**
 * `validate` runs from a bundle (dist/cli/run-validate.js and its chunks in dist/bundle/) that
 * the build writes beside tsc's output. These tests read that bundle as built and run the CLI
 * through it on what it loads on demand.
 */
const dist = fileURLToPath(new URL('../../dist', import.meta.url));
const packageVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
const scratch = mkdtempSync(path.join(tmpdir(), 'kili-sync-validate-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bundleFiles = [
  path.join(dist, 'cli/run-validate.js'),
  ...readdirSync(path.join(dist, 'bundle')).map((name) => path.join(dist, 'bundle', name)),
];

/** The relative paths a bundle file imports, statically or on demand. */
function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map(
    (match) => match[1]!,
  );
}

/**
 * The JavaScript files a bundle file resolves against its own URL (the worker); the `.ts`
 * twins are for runs from the source only.
 */
function urlsBesideModule(text: string): string[] {
  return [...text.matchAll(/new URL\(\s*"(\.{1,2}\/[^"]+\.js)",\s*import\.meta\.url\s*\)/g)].map(
    (match) => match[1]!,
  );
}

describe('the validate bundle (built CLI)', () => {
  it('is a bundle: one entry and its chunks', () => {
    const entry = readFileSync(bundleFiles[0]!, 'utf8');
    expect(entry).not.toMatch(/from\s+"\.\/run-on-process\.js"/);
    expect(relativeImports(entry).length).toBeGreaterThan(0);
  });

  it('imports only files that exist, and starts its worker from one that does', () => {
    const missing: string[] = [];
    const workers: string[] = [];
    for (const file of bundleFiles) {
      const text = readFileSync(file, 'utf8');
      for (const specifier of [...relativeImports(text), ...urlsBesideModule(text)]) {
        const target = path.resolve(path.dirname(file), specifier);
        if (!existsSync(target)) missing.push(`${path.relative(dist, file)} → ${specifier}`);
      }
      workers.push(...urlsBesideModule(text).map((url) => path.basename(url)));
    }
    expect(missing).toEqual([]);
    expect(workers).toContain('yaml-chunk-worker.js');
  });

  it("answers --version before a command with package.json's version", async () => {
    const result = await runCli(['--version', 'validate']);
    expect(result.stdout).toBe(`${packageVersion}\n`);
    expect(result.code).toBe(0);
  });

  it('validates a manifest large enough to be parsed on worker threads', async () => {
    const lines = ['apiVersion: kili-sync/v1', 'project: big', 'assets:'];
    for (let index = 0; index < 25_000; index += 1) {
      const id = `asset-${String(index).padStart(6, '0')}`;
      lines.push(`  - externalId: ${id}`, `    content: https://example.com/images/${id}.jpg`);
    }
    lines.push('  - externalId: asset-000007', '');
    writeFileSync(path.join(scratch, 'big.yaml'), lines.join('\n'));
    expect(lines.join('\n').length).toBeGreaterThan(2_000_000);

    const result = await runCli(['validate', 'big.yaml'], { cwd: scratch });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'error[KS0201]: 1 problem in 1 manifest',
        "big.yaml:50004:5: error: duplicate external ID 'asset-000007' in project big: declared 2 times",
        '  also at big.yaml:18:5',
        '  hint: an external ID may be declared only once per project, across all manifests',
        'hint: fix the problems above; nothing was sent to Kili',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
  });

  it('expands JSON Lines and CSV sources, which it loads on demand', async () => {
    writeFileSync(
      path.join(scratch, 'sources.yaml'),
      [
        'apiVersion: kili-sync/v1',
        'project: sources',
        'sources:',
        '  - jsonl: assets.jsonl',
        '  - csv: assets.csv',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(scratch, 'assets.jsonl'), '{"externalId": "j1", "content": "a"}\n');
    writeFileSync(path.join(scratch, 'assets.csv'), 'externalId,content\nc1,b\nc2,c\n');
    const result = await runCli(['validate', 'sources.yaml'], { cwd: scratch });
    expect(result.stderr).toContain('note: 3 inline texts (TEXT projects only)');
    expect(result.stdout).toBe('1 manifest, 3 assets in 1 project: valid\n');
    expect(result.code).toBe(0);
  });
});
