import { readFileSync } from 'node:fs';

/**
 * The official SDK's asset, project, member, user and upload operations, as names: root field
 * and alias, variable types, literal arguments and selected field paths of each document, and
 * the keys its mappers put in each input. Extracted from kili 26.1.5 by
 * test/fixtures/kili-sdk/extract_operations.py, which imports the SDK and builds the documents
 * with its own builders (default fields included) or records what its public methods send:
 *
 *   PYTHONPATH=<folder holding the kili package> python3 \
 *     test/fixtures/kili-sdk/extract_operations.py > test/fixtures/kili-sdk/operations-<v>.json
 *
 * Rerun it on a new SDK release: whatever the new SDK sends that the emulator lacks fails the
 * tests that read it.
 */
export interface SdkOperation {
  source: string;
  operation: 'query' | 'mutation';
  field: string;
  alias: string | null;
  variables: Record<string, string>;
  arguments: Record<string, string>;
  selects: string[];
}

export interface SdkOperations {
  sdkVersion: string;
  operations: SdkOperation[];
  inputKeys: Record<string, string[]>;
}

export const SDK_OPERATIONS = JSON.parse(
  readFileSync(new URL('../fixtures/kili-sdk/operations-26.1.5.json', import.meta.url), 'utf8'),
) as SdkOperations;

/** The document an extracted operation stands for: the SDK's, up to spacing and order. */
export function toDocument(operation: SdkOperation): string {
  const list = (entries: [string, string][], format: (name: string, value: string) => string) =>
    entries.length === 0
      ? ''
      : `(${entries.map(([name, value]) => format(name, value)).join(', ')})`;
  const variables = list(Object.entries(operation.variables), (name, type) => `$${name}: ${type}`);
  const args = list(Object.entries(operation.arguments), (name, value) => `${name}: ${value}`);
  const field = operation.alias ? `${operation.alias}: ${operation.field}` : operation.field;
  return `${operation.operation}${variables} { ${field}${args}${toSelection(operation.selects)} }`;
}

/** The document of the extracted operation named `source` (e.g. `Kili.append_to_roles`). */
export function sdkDocument(source: string): string {
  const operation = SDK_OPERATIONS.operations.find((candidate) => candidate.source === source);
  if (!operation) throw new Error(`no SDK operation named ${JSON.stringify(source)}`);
  return toDocument(operation);
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
