import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every hint says what to do, starting with a lower-case verb ("fix the…", never "Fix the…"):
 * the literal hints of src/ (`hint:` values and `…_HINT` constants) are read here.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function listSources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `file: text` of every hint written as a string literal (a template may start with `${…}`). */
function literalHints(): string[] {
  return listSources(SRC).flatMap((path) => {
    const text = readFileSync(path, 'utf8');
    return [...text.matchAll(/(?:\bhint\??:|_HINT\s*=)\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)].map(
      (match) => `${relative(SRC, path)}: ${match[2]}`,
    );
  });
}

describe('hints', () => {
  it('are found in the sources (the scan can see them)', () => {
    expect(literalHints().length).toBeGreaterThan(50);
  });

  it('start with a lower-case letter', () => {
    const capitalised = literalHints().filter((entry) => /^[^:]+: [A-Z]/.test(entry));
    expect(capitalised).toEqual([]);
  });
});
