import { parseDocument } from 'yaml';
import { MAX_JSON_DEPTH } from './json-depth.js';

/**
 * Repeated keys in a JSON line. `JSON.parse` keeps the last of them without a word, where YAML
 * manifests refuse them: the line says two things and only one is used.
 *
 * Finding them must cost nothing on the lines that have none (a million of them, parsed with
 * `JSON.parse`): every key of a JSON text is a string followed by `":` (a quote inside a string
 * is escaped), so when the text holds as many `":` as the parsed value holds keys, none was
 * lost. Otherwise (a repeated key, or only whitespace before a colon, or a `\":` inside a
 * string) the line is read again by the `yaml` parser, which reports a repeated key where it is.
 */
export function findDuplicateJsonKey(text: string, parsed: unknown): number | undefined {
  const keys = countKeys(parsed, 0);
  // Nested beyond the limit: refused as such later, and too deep to read again here.
  if (keys === undefined) return undefined;
  let markers = 0;
  for (let at = text.indexOf('":'); at !== -1; at = text.indexOf('":', at + 2)) markers += 1;
  if (markers === keys) return undefined;
  const duplicate = parseDocument(text).errors.find((error) => error.code === 'DUPLICATE_KEY');
  return duplicate?.pos[0];
}

/**
 * Keys of every plain object in a parsed JSON value (exact numbers are leaves), or undefined
 * when it nests deeper than MAX_JSON_DEPTH.
 */
function countKeys(value: unknown, depth: number): number | undefined {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth >= MAX_JSON_DEPTH) return undefined;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const inner = countKeys(item, depth + 1);
      if (inner === undefined) return undefined;
      count += inner;
    }
    return count;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return 0;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const inner = countKeys(record[key], depth + 1);
    if (inner === undefined) return undefined;
    count += 1 + inner;
  }
  return count;
}
