import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/ are the table of docs/architecture.md ("Layers"), read from it: each row may
 * import only from the rows below it, never from its own row's other folders nor from a row
 * above. These tests read every import (type-only ones too) and fail on any that points the wrong
 * way, on a folder the table leaves out, and on an import cycle; they also check that the checks
 * themselves fail on a planted wrong-way import and a planted cycle.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

/** `plan/types.ts` for files of src/, `node:fs` or `yaml` for packages. */
type ModuleName = string;
type ImportGraph = ReadonlyMap<ModuleName, readonly ModuleName[]>;

function listSources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** What the module `name` (a path under src/) imports, from its source text. */
function importsOfSource(name: ModuleName, text: string): ModuleName[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName }) =>
    fileName.startsWith('.')
      ? relative(SRC, resolve(SRC, dirname(name), fileName)).replace(/\.js$/, '.ts')
      : fileName,
  );
}

const importsOf: ImportGraph = new Map(
  listSources(SRC).map((path) => {
    const name = relative(SRC, path);
    return [name, importsOfSource(name, readFileSync(path, 'utf8'))];
  }),
);

const isLocal = (name: ModuleName) => name.endsWith('.ts') || name.startsWith('..');
/** The folder (`plan`) or top-level file (`errors.ts`) of src/ a module belongs to. */
const entryOf = (name: ModuleName) => name.split('/')[0]!;

/** The rows of the layer table, outermost first: each a list of src/ entries (`cli`, `errors.ts`). */
function documentedLayers(markdown: string): string[][] {
  const section = markdown.split(/^## Layers$/m)[1]?.split(/^#/m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2) // the header and its separator
    .map((line) => {
      const folders = line.split('|')[2] ?? '';
      return [...folders.matchAll(/`src\/([^`]+?)\/?`/g)].map((match) => match[1]!);
    })
    .filter((row) => row.length > 0);
}

const LAYERS = documentedLayers(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'));

/**
 * `importer → target` for every import that does not point strictly down the layers: into the
 * same row's other entries, a row above, an entry of src/ no row lists, or outside src/ (only
 * the package's own package.json, for its version, may be read from there).
 */
function wrongWayImports(graph: ImportGraph, layers: string[][]): string[] {
  const rowOf = new Map(
    layers.flatMap((row, index) => row.map((entry) => [entry, index] as const)),
  );
  return [...graph]
    .flatMap(([importer, imports]) =>
      imports
        .filter(isLocal)
        .flatMap((target) => {
          if (target.startsWith('..')) return target === '../package.json' ? [] : [target];
          const from = entryOf(importer);
          const to = entryOf(target);
          if (from === to) return [];
          const [fromRow, toRow] = [rowOf.get(from), rowOf.get(to)];
          const down = fromRow !== undefined && toRow !== undefined && toRow > fromRow;
          return down ? [] : [target];
        })
        .map((target) => `${importer} → ${target}`),
    )
    .sort();
}

/** Every set of modules that import one another in a circle (strongly connected components). */
function importCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const index = new Map<ModuleName, number>();
  const lowest = new Map<ModuleName, number>();
  const stack: ModuleName[] = [];
  const onStack = new Set<ModuleName>();
  const visit = (name: ModuleName): void => {
    index.set(name, index.size);
    lowest.set(name, index.get(name)!);
    stack.push(name);
    onStack.add(name);
    for (const target of (graph.get(name) ?? []).filter((next) => graph.has(next))) {
      if (!index.has(target)) {
        visit(target);
        lowest.set(name, Math.min(lowest.get(name)!, lowest.get(target)!));
      } else if (onStack.has(target)) {
        lowest.set(name, Math.min(lowest.get(name)!, index.get(target)!));
      }
    }
    if (lowest.get(name) !== index.get(name)) return;
    const component: ModuleName[] = [];
    let member: ModuleName;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== name);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const name of graph.keys()) if (!index.has(name)) visit(name);
  return cycles;
}

/** The graph with `source` (the text of a module named `name`) added. */
function withModule(graph: ImportGraph, name: ModuleName, source: string): ImportGraph {
  return new Map([...graph, [name, importsOfSource(name, source)]]);
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
  it('reads the source tree and the documented layers', () => {
    expect(importsOf.get('plan/diff-to-plan.ts')).toContain('plan/types.ts');
    expect(LAYERS[0]).toEqual(['action']);
    expect(LAYERS.at(-2)).toContain('errors.ts');
    expect(LAYERS.at(-1)).toEqual(['error-catalogue.ts']);
  });

  it('the table lists every folder and top-level module of src/ once, and nothing else', () => {
    const entries = [...new Set([...importsOf.keys()].map(entryOf))].sort();
    expect(LAYERS.flat().sort()).toEqual(entries);
  });

  it('every import points down the documented layers', () => {
    expect(wrongWayImports(importsOf, LAYERS)).toEqual([]);
  });

  it('no modules import one another in a circle', () => {
    expect(importCycles(importsOf)).toEqual([]);
  });

  it('the checks fail on a planted wrong-way import and a planted cycle', () => {
    const found = wrongWayImports(importsOf, LAYERS);
    /** What the checker reports once `source` is added to src/ as the module `name`. */
    const reportedFor = (name: ModuleName, source: string) =>
      wrongWayImports(withModule(importsOf, name, source), LAYERS).filter(
        (edge) => !found.includes(edge),
      );
    const planner =
      "import type { KiliClient } from '../kili/client.js';\nimport '../util/chunk.js';";
    expect(reportedFor('plan/planted.ts', planner)).toEqual(['plan/planted.ts → kili/client.ts']);
    expect(reportedFor('kili/planted.ts', "import '../manifest/index.js';")).toEqual([
      'kili/planted.ts → manifest/index.ts',
    ]);
    expect(reportedFor('util/planted.ts', "import '../../test/helpers/x.js';")).toEqual([
      'util/planted.ts → ../test/helpers/x.ts',
    ]);
    expect(reportedFor('cli/planted.ts', "import '../extra/thing.js';")).toEqual([
      'cli/planted.ts → extra/thing.ts',
    ]);

    const circle = withModule(importsOf, 'util/chunk.ts', "import './planted.js';");
    const closed = withModule(circle, 'util/planted.ts', "import './chunk.js';");
    expect(importCycles(closed)).toContainEqual(['util/chunk.ts', 'util/planted.ts']);
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
