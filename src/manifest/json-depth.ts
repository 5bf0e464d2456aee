/**
 * How deep `jsonMetadata` and `jsonContent` may nest. Real metadata is a few levels deep; a
 * value thousands of levels deep is a mistake or an attack on every recursive step after
 * loading (comparison, hashing, rendering), which would fail with a stack overflow.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `value` nests objects or arrays deeper than `limit`. The recursion stops at `limit`,
 * so it is never deeper than that, whatever the input.
 */
export function nestsDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  return exceedsFrom(value, 0, limit);
}

function exceedsFrom(node: unknown, depth: number, limit: number): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (depth + 1 > limit) return true;
  if (Array.isArray(node)) {
    for (const child of node) if (exceedsFrom(child, depth + 1, limit)) return true;
    return false;
  }
  // `for…in` rather than Object.values: no array per object (a million metadata objects).
  const record = node as Record<string, unknown>;
  for (const key in record) if (exceedsFrom(record[key], depth + 1, limit)) return true;
  return false;
}

/** The JSON fields of an asset-like entry that nest too deeply, by name. */
export function findTooDeepFields(entry: unknown): string[] {
  if (typeof entry !== 'object' || entry === null) return [];
  const record = entry as Record<string, unknown>;
  const fields: string[] = [];
  if (nestsDeeperThan(record.jsonMetadata)) fields.push('jsonMetadata');
  if (nestsDeeperThan(record.jsonContent)) fields.push('jsonContent');
  return fields;
}

export const DEPTH_HINT = `flatten the structure: JSON values may nest at most ${MAX_JSON_DEPTH} levels`;
