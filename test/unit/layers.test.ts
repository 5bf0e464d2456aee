import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, from the outside in: cli → workflows → adapters (kili, manifest, files,
 * export, apply's execution) → the pure core (plan, apply/compile, render). These tests read
 * every import (type-only ones too) and fail when one points the wrong way.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function listSources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `plan/types.ts` for files, `node:fs` or `yaml` for packages. */
type ModuleName = string;

const importsOf = new Map<ModuleName, ModuleName[]>();
for (const path of listSources(SRC)) {
  const info = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
  importsOf.set(
    relative(SRC, path),
    info.importedFiles.map(({ fileName }) =>
      fileName.startsWith('.')
        ? relative(SRC, resolve(dirname(path), fileName)).replace(/\.js$/, '.ts')
        : fileName,
    ),
  );
}

/** Every module `entry` reaches through imports, itself included. */
function reachableFrom(entries: ModuleName[]): Set<ModuleName> {
  const seen = new Set<ModuleName>();
  const stack = [...entries];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...(importsOf.get(name) ?? []));
  }
  return seen;
}

const inFolder = (folder: string) => (name: ModuleName) => name.startsWith(`${folder}/`);
/** The emulator is its own package (packages/emulator), imported by name. */
const isEmulator = (name: ModuleName) =>
  name === '@kili-sync/emulator' || name.startsWith('@kili-sync/emulator/');
const modulesIn = (folder: string) => [...importsOf.keys()].filter(inFolder(folder));

/** What a pure module may never reach: I/O adapters, the shells, and the file system. */
const IMPURE = [
  inFolder('kili'),
  inFolder('files'),
  inFolder('cli'),
  inFolder('workflows'),
  isEmulator,
  (name: ModuleName) => /^(node:)?(fs|fs\/promises|child_process|worker_threads)$/.test(name),
];

/** `importer → target` for every impure module reached from `entries`. */
function impureReach(entries: ModuleName[]): string[] {
  const reached = reachableFrom(entries);
  return edges(
    (name) => reached.has(name),
    (name) => IMPURE.some((test) => test(name)),
  );
}

/** `from → to` for every direct import of `from` modules that lands in `to`. */
function edges(from: (name: ModuleName) => boolean, to: (name: ModuleName) => boolean): string[] {
  return [...importsOf]
    .filter(([name]) => from(name))
    .flatMap(([name, imports]) => imports.filter(to).map((target) => `${name} → ${target}`))
    .sort();
}

describe('layers', () => {
  it('reads the source tree', () => {
    expect(importsOf.get('plan/diff-to-plan.ts')).toContain('plan/types.ts');
  });

  it('the planner is pure: plan/ reaches no I/O, directly or through another module', () => {
    expect(impureReach(modulesIn('plan'))).toEqual([]);
  });

  it('compiling a plan into mutations is pure', () => {
    expect(impureReach(['apply/compile.ts'])).toEqual([]);
  });

  it('renderers are pure', () => {
    expect(impureReach(modulesIn('render'))).toEqual([]);
  });

  it('only the CLI imports the CLI', () => {
    expect(edges((name) => !inFolder('cli')(name), inFolder('cli'))).toEqual([]);
  });

  it('workflows are imported by the CLI only', () => {
    const outside = (name: ModuleName) => !inFolder('cli')(name) && !inFolder('workflows')(name);
    expect(edges(outside, inFolder('workflows'))).toEqual([]);
  });

  it('kili-sync itself never depends on the emulator (only the CLI starts it)', () => {
    const core = (name: ModuleName) => !inFolder('cli')(name);
    expect(edges(core, isEmulator)).toEqual([]);
  });
});
