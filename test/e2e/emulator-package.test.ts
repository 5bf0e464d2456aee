import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { environmentOutsideNpmScript, runCommand } from '../helpers/run-command.js';

/**
 * The emulator package as npm packs it: one bundled module (the build's esbuild step) whose only
 * installed dependency is the native SQLite addon, so installing it resolves no other package
 * whose later releases could ask for a newer Node. `.ci/run` installs the tarball on each Node
 * line it tests; these checks keep the bundle honest in between.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const emulatorRoot = join(repoRoot, 'packages/emulator');
const manifest = JSON.parse(readFileSync(join(emulatorRoot, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const bundle = readFileSync(join(emulatorRoot, 'dist/index.js'), 'utf8');

/** The package names a module loads: static imports, `import()` and `require()` calls. */
function loadedPackages(text: string): string[] {
  const specifiers = [
    ...text.matchAll(/\bfrom\s*"([^"]+)"/g),
    ...text.matchAll(/\bimport\s*\(\s*"([^"]+)"\s*\)/g),
    ...text.matchAll(/\brequire\s*\(\s*"([^"]+)"\s*\)/g),
  ].map((match) => match[1]!);
  const names = specifiers
    .filter((specifier) => !specifier.startsWith('.') && !isBuiltin(specifier))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return [...new Set(names)].sort();
}

describe('the emulator package', () => {
  it('loads nothing but Node built-ins and the dependencies it declares, and declares no other', () => {
    expect(loadedPackages(bundle)).toEqual(Object.keys(manifest.dependencies ?? {}).sort());
  });

  it('packs the bundle, the schema it serves and the licences of what it bundles', async () => {
    const packed = await runCommand(
      'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts', '--workspace', '@kili-sync/emulator'],
      { cwd: repoRoot, env: environmentOutsideNpmScript() },
    );
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { files: { path: string }[] }[];
    const files = info!.files.map((file) => file.path).sort();
    expect(files).toEqual([
      'dist/THIRD-PARTY-LICENSES.txt',
      'dist/index.js',
      'dist/schema.graphql',
      'package.json',
    ]);
    const notices = readFileSync(join(emulatorRoot, 'dist/THIRD-PARTY-LICENSES.txt'), 'utf8');
    for (const bundled of ['graphql-yoga@', 'graphql@', 'yaml@', '@paralleldrive/cuid2@']) {
      expect(notices).toContain(`\n${bundled}`);
    }
  });
});
