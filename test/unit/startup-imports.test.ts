import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * What a command loads before it can answer is what its start-up costs. These tests follow the
 * static value imports (type-only imports and `import()` calls, which load on demand, are left
 * out) from the modules `--version` and `validate` start with, and fail when one reaches a
 * library those commands must not pay for.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** The modules a source file loads when it is evaluated. */
function staticValueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const imports: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly =
        clause?.isTypeOnly === true ||
        (clause !== undefined &&
          clause.name === undefined &&
          bindings !== undefined &&
          ts.isNamedImports(bindings) &&
          bindings.elements.length > 0 &&
          bindings.elements.every((element) => element.isTypeOnly));
      if (!typeOnly) imports.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      !statement.isTypeOnly &&
      !(
        statement.exportClause &&
        ts.isNamedExports(statement.exportClause) &&
        statement.exportClause.elements.every((element) => element.isTypeOnly)
      )
    ) {
      imports.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return imports;
}

/** Every module (files relative to src/, packages by name) loaded on the way to `entry`. */
function loadedAtStart(entry: string): Set<string> {
  const loaded = new Set<string>();
  const stack = [resolve(SRC, entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    const name = relative(SRC, file);
    if (loaded.has(name)) continue;
    loaded.add(name);
    for (const specifier of staticValueImports(file)) {
      if (!specifier.startsWith('.')) {
        loaded.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      if (existsSync(target)) stack.push(target);
    }
  }
  return loaded;
}

/** Libraries whose loading alone cost `validate` more than the rest of its start-up. */
const HEAVY = [
  '@sinclair/typebox', // the schema builder: the schemas are built when the CLI is built
  'ajv', // the schema compiler: the validators are compiled when the CLI is built
  'ajv-formats',
  'graphql',
  'graphql-request',
  'fast-glob', // loaded for folders, globs and `files` sources only
  'csv-parse', // loaded for `csv` sources only
  '@kili-sync/emulator',
];

describe('start-up imports', () => {
  it('reads the import graph', () => {
    expect(loadedAtStart('cli/commands/validate.ts')).toContain('yaml');
  });

  it('--version loads nothing but its own version', () => {
    expect([...loadedAtStart('cli/bin.ts')].sort()).toEqual([
      'cli/bin.ts',
      'cli/command-name.ts',
      'node:module',
      'version.ts',
    ]);
  });

  it('validate loads no schema builder or compiler, no GraphQL client, no glob or CSV library', () => {
    const loaded = loadedAtStart('cli/commands/validate.ts');
    expect(HEAVY.filter((name) => loaded.has(name))).toEqual([]);
  });
});
