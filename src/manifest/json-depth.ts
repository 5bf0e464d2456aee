/**
 * How deep `jsonMetadata` and `jsonContent` may nest. Real metadata is a few levels deep; a
 * value thousands of levels deep is a mistake or an attack on every recursive step after
 * loading (comparison, hashing, rendering), which would fail with a stack overflow.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects or arrays deeper than `limit` (walked without recursion). */
export function nestsDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The JSON fields of an asset-like entry that nest too deeply, by name. */
export function findTooDeepFields(entry: unknown): string[] {
  if (typeof entry !== 'object' || entry === null) return [];
  const record = entry as Record<string, unknown>;
  return ['jsonMetadata', 'jsonContent'].filter((field) => nestsDeeperThan(record[field]));
}

export const DEPTH_HINT = `JSON values may nest at most ${MAX_JSON_DEPTH} levels; flatten the structure`;
