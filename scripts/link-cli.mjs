#!/usr/bin/env node
// In a clone, makes `kili-sync` the CLI just built: node_modules/.bin/kili-sync links to
// dist/cli/bin.js, as npm links the bin of an installed package (npm does not link a project's
// own bin). With node_modules/.bin on PATH, the README's commands then start in a tenth of a
// second, where `npx kili-sync` spends most of a second in npm first. Run by `prepare`, and by
// every build: tsc rewrites dist/cli/bin.js without the execute bit this restores.
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const bin = join('node_modules', '.bin');
if (existsSync('node_modules') && existsSync(join('dist', 'cli', 'bin.js'))) {
  mkdirSync(bin, { recursive: true });
  const link = join(bin, 'kili-sync');
  rmSync(link, { force: true });
  try {
    symlinkSync(join('..', '..', 'dist', 'cli', 'bin.js'), link);
    chmodSync(join('dist', 'cli', 'bin.js'), 0o755);
  } catch {
    // A file system without links: `npx kili-sync` and `node dist/cli/bin.js` still work.
  }
}
