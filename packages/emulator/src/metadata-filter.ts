import { createApiError } from './api-error.js';
import type { SqlCondition } from './asset-filter.js';

/** A metadata value of the asset (aliased `a`); invalid JSON metadata has no values. */
const EXTRACT = '(CASE WHEN json_valid(a.json_metadata) THEN json_extract(a.json_metadata, ?) END)';
/** The JSON type of that value: 'integer', 'real', 'text', 'true', 'object'… */
const TYPE = '(CASE WHEN json_valid(a.json_metadata) THEN json_type(a.json_metadata, ?) END)';

/**
 * `AssetWhere.metadata`, as the SDK documents `metadata_where`: `{key: value}` is equality,
 * `{key: [2, 10]}` (two numbers) is "between 2 and 10", bounds included, and any other list is
 * "one of". Every key must match.
 */
export function compileMetadataFilter(metadata: unknown): SqlCondition {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw createApiError('invalidInput', 'The metadata filter must be a JSON object.');
  }
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [key, expected] of Object.entries(metadata)) {
    if (key.includes('"')) {
      throw createApiError('invalidInput', `Unsupported metadata key in filter: ${key}`);
    }
    const path = `$."${key}"`;
    if (expected === null) {
      parts.push(`${EXTRACT} IS NULL`);
      params.push(path);
    } else if (isNumberRange(expected)) {
      // Only numbers fall in a numeric range: the string "15" is not between 10 and 20.
      parts.push(`(${TYPE} IN ('integer', 'real') AND ${EXTRACT} BETWEEN ? AND ?)`);
      params.push(path, path, Math.min(...expected), Math.max(...expected));
    } else if (Array.isArray(expected)) {
      parts.push(`${EXTRACT} IN (SELECT value FROM json_each(?))`);
      params.push(path, JSON.stringify(expected));
    } else if (typeof expected === 'object') {
      parts.push(`${EXTRACT} = json(?)`);
      params.push(path, JSON.stringify(expected));
    } else {
      parts.push(`${EXTRACT} = ?`);
      params.push(path, typeof expected === 'boolean' ? Number(expected) : expected);
    }
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

function isNumberRange(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((bound) => typeof bound === 'number' && Number.isFinite(bound))
  );
}
