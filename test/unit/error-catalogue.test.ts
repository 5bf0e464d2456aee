import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderErrorsDoc } from '../../scripts/errors-doc.js';
import { CATALOGUE_GROUPS, ERROR_CATALOGUE, type ErrorId } from '../../src/error-catalogue.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entries = Object.entries(ERROR_CATALOGUE) as [ErrorId, (typeof ERROR_CATALOGUE)[ErrorId]][];

function listSources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every source of src/ but the catalogue, as `path → text`. */
const sources = new Map(
  listSources(join(ROOT, 'src'))
    .filter((path) => !path.endsWith('error-catalogue.ts'))
    .map((path) => [relative(ROOT, path), readFileSync(path, 'utf8')]),
);

describe('the error catalogue', () => {
  it('gives each failure its own code, in a group of the docs', () => {
    const codes = entries.map(([, entry]) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(/^KS\d{4}$/);
      expect(CATALOGUE_GROUPS.some(([prefix]) => code.startsWith(prefix))).toBe(true);
    }
  });

  it('uses only the exit codes the README documents, 3 and 130 for what it says', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const [id, entry] of entries) {
      expect(readme, id).toMatch(new RegExp(`^\\| ${entry.exitCode} +\\|`, 'm'));
    }
    expect(ERROR_CATALOGUE['apply-incomplete'].exitCode).toBe(3);
    expect(ERROR_CATALOGUE.interrupted.exitCode).toBe(130);
    const others = entries.filter(([id]) => id !== 'apply-incomplete' && id !== 'interrupted');
    expect(new Set(others.map(([, entry]) => entry.exitCode))).toEqual(new Set([1]));
  });

  it('has every entry used in src/ (a code nothing reports is a dead section of the docs)', () => {
    const all = [...sources.values()].join('\n');
    const unused = entries.map(([id]) => id).filter((id) => !all.includes(`'${id}'`));
    expect(unused).toEqual([]);
  });

  it('is the only place in src/ that writes a code', () => {
    const literal = [...sources].flatMap(([path, text]) =>
      [...text.matchAll(/\bKS\d{4}\b/g)].map((match) => `${path}: ${match[0]}`),
    );
    // Comments may name an example code; a code in the text of a message may not.
    const outsideComments = literal.filter((hit) => {
      const [path, code] = hit.split(': ') as [string, string];
      const lines = (sources.get(path) ?? '').split('\n').filter((line) => line.includes(code));
      return lines.some((line) => !/^\s*(\*|\/\/|\/\*\*)/.test(line));
    });
    expect(outsideComments).toEqual([]);
  });
});

describe('docs/errors.md', () => {
  const committed = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');

  it('is the one generated from the catalogue (npm run errors-doc)', () => {
    expect(committed).toBe(renderErrorsDoc());
  });

  it('has one section per code, each code exactly once', () => {
    const sections = [...committed.matchAll(/^### (KS\d{4})$/gm)].map((match) => match[1]);
    expect(sections.sort()).toEqual(entries.map(([, entry]) => entry.code).sort());
    for (const [, entry] of entries) {
      expect(committed.split(`### ${entry.code}\n`).length - 1, entry.code).toBe(1);
    }
  });
});
