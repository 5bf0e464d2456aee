/**
 * How deep `jsonMetadata` and `jsonContent` may nest. Real metadata is a few levels deep; a
 * value thousands of levels deep is a mistake or an attack on every recursive step after
 * loading (comparison, hashing, rendering), which would fail with a stack overflow.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `node`, found at `depth`, nests objects or arrays deeper than MAX_JSON_DEPTH. The
 * recursion stops at the limit, so it is never deeper than that, whatever the input.
 */
function nestsTooDeeply(node: unknown, depth = 0): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (depth + 1 > MAX_JSON_DEPTH) return true;
  if (Array.isArray(node)) return node.some((child) => nestsTooDeeply(child, depth + 1));
  // `for…in` rather than Object.values: no array per object (a million metadata objects).
  const record = node as Record<string, unknown>;
  for (const key in record) if (nestsTooDeeply(record[key], depth + 1)) return true;
  return false;
}

const JSON_FIELDS = ['jsonMetadata', 'jsonContent'];

/** The JSON fields of an asset-like entry that nest too deeply, by name. */
export function findTooDeepFields(entry: unknown): string[] {
  if (typeof entry !== 'object' || entry === null) return [];
  const record = entry as Record<string, unknown>;
  return JSON_FIELDS.filter((field) => nestsTooDeeply(record[field]));
}

export const DEPTH_HINT = `flatten the structure: JSON values may nest at most ${MAX_JSON_DEPTH} levels`;
