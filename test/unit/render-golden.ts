import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'golden');

/**
 * Compares output with `test/fixtures/golden/<name>`. The files are rewritten only when
 * `UPDATE_GOLDEN=1` is set; otherwise a mismatch or a missing file fails the test.
 */
export function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`Golden file ${name} is missing; run the tests with UPDATE_GOLDEN=1`);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
