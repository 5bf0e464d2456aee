import { readFileSync } from 'node:fs';
import { buildSchema, isInputObjectType, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

/**
 * The official SDK's asset, project and upload operations, as names: root field, variable types,
 * literal arguments and selected field paths of each document, and the keys its mappers put in
 * each input. Extracted from kili 26.1.5 by test/fixtures/kili-sdk/extract_operations.py, which
 * imports the SDK and builds the documents with its own builders (default fields included):
 *
 *   PYTHONPATH=<folder holding the kili package> python3 \
 *     test/fixtures/kili-sdk/extract_operations.py > test/fixtures/kili-sdk/operations-<v>.json
 *
 * Rerun it on a new SDK release: whatever the new SDK sends that the emulator lacks fails here.
 */
interface SdkOperations {
  sdkVersion: string;
  operations: {
    source: string;
    operation: 'query' | 'mutation';
    field: string;
    variables: Record<string, string>;
    arguments: Record<string, string>;
    selects: string[];
  }[];
  inputKeys: Record<string, string[]>;
}

const sdk = JSON.parse(
  readFileSync(new URL('../fixtures/kili-sdk/operations-26.1.5.json', import.meta.url), 'utf8'),
) as SdkOperations;
const schema = buildSchema(
  readFileSync(new URL('../../packages/emulator/src/schema.graphql', import.meta.url), 'utf8'),
);

/** The document an extracted operation stands for. */
function toDocument(operation: SdkOperations['operations'][number]): string {
  const list = (entries: [string, string][], format: (name: string, value: string) => string) =>
    entries.length === 0
      ? ''
      : `(${entries.map(([name, value]) => format(name, value)).join(', ')})`;
  const variables = list(Object.entries(operation.variables), (name, type) => `$${name}: ${type}`);
  const args = list(Object.entries(operation.arguments), (name, value) => `${name}: ${value}`);
  return `${operation.operation}${variables} { ${operation.field}${args}${toSelection(operation.selects)} }`;
}

/** `['a', 'b.c', 'b.d']` → ` { a b { c d } }`. */
function toSelection(paths: string[]): string {
  if (paths.length === 0) return '';
  const children = new Map<string, string[]>();
  for (const path of paths) {
    const [head = '', ...rest] = path.split('.');
    const nested = children.get(head) ?? [];
    if (rest.length > 0) nested.push(rest.join('.'));
    children.set(head, nested);
  }
  const fields = [...children].map(([name, nested]) => `${name}${toSelection(nested)}`);
  return ` { ${fields.join(' ')} }`;
}

describe(`emulator schema against the operations of the official SDK ${sdk.sdkVersion}`, () => {
  it('covers the surface: uploads, workflow, organizations and notifications included', () => {
    const fields = new Set(sdk.operations.map((operation) => operation.field));
    for (const field of ['assets', 'organizations', 'skipAsset', 'setAssetConsensus']) {
      expect(fields.has(field)).toBe(true);
    }
  });

  it.each(sdk.operations.map((operation) => [operation.source, operation] as const))(
    '%s validates',
    (_source, operation) => {
      const errors = validate(schema, parse(toDocument(operation)));
      expect(errors.map((error) => error.message)).toEqual([]);
    },
  );

  it.each(Object.entries(sdk.inputKeys))('%s has every key the SDK sends', (typeName, keys) => {
    const type = schema.getType(typeName);
    if (!isInputObjectType(type)) throw new Error(`${typeName} is not an input type`);
    const missing = keys.filter((key) => !(key in type.getFields()));
    expect(missing).toEqual([]);
  });
});
