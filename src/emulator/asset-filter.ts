import { createApiError } from './api-error.js';
import type { AssetWhereInput } from './records.js';

/** A SQL condition over the `assets` table (aliased `a`) with its positional parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

const SUPPORTED_LABEL_FILTERS = new Set(['typeIn']);

/**
 * Compiles an `AssetWhere` into SQL. Lists are passed as one JSON parameter read with
 * `json_each`, so a filter of thousands of ids stays a single bound value.
 */
export function compileAssetWhere(where: AssetWhereInput): SqlCondition {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  const inList = (column: string, values: unknown[], negate = false) =>
    add(`${column} ${negate ? 'NOT IN' : 'IN'} (SELECT value FROM json_each(?))`, toJson(values));

  if (isSet(where.id)) add('a.id = ?', where.id);
  if (isSet(where.project?.id)) add('a.project_id = ?', where.project?.id);
  if (isSet(where.idIn)) inList('a.id', where.idIn);
  if (isSet(where.idNotIn)) inList('a.id', where.idNotIn, true);
  if (isSet(where.externalIdStrictlyIn)) inList('a.external_id', where.externalIdStrictlyIn);
  if (isSet(where.externalIdIn)) {
    add(
      'EXISTS (SELECT 1 FROM json_each(?) WHERE instr(a.external_id, value) > 0)',
      toJson(where.externalIdIn),
    );
  }
  if (isSet(where.statusIn)) inList('a.status', where.statusIn);
  if (isSet(where.createdAtGte)) add('a.created_at >= ?', toDateBound(where.createdAtGte, 'start'));
  if (isSet(where.createdAtLte)) add('a.created_at <= ?', toDateBound(where.createdAtLte, 'end'));
  if (isSet(where.updatedAtGte)) add('a.updated_at >= ?', toDateBound(where.updatedAtGte, 'start'));
  if (isSet(where.updatedAtLte)) add('a.updated_at <= ?', toDateBound(where.updatedAtLte, 'end'));
  if (isSet(where.honeypotMarkGte)) add('a.honeypot_mark >= ?', where.honeypotMarkGte);
  if (isSet(where.honeypotMarkLte)) add('a.honeypot_mark <= ?', where.honeypotMarkLte);
  if (isSet(where.consensusMarkGte)) add('a.consensus_mark >= ?', where.consensusMarkGte);
  if (isSet(where.consensusMarkLte)) add('a.consensus_mark <= ?', where.consensusMarkLte);
  if (isSet(where.skipped)) add('a.skipped = ?', where.skipped ? 1 : 0);
  if (isSet(where.metadata)) {
    const condition = compileMetadataFilter(where.metadata);
    add(condition.sql, ...condition.params);
  }
  if (isSet(where.label)) {
    const condition = compileLabelFilter(where.label);
    if (condition) add(condition.sql, ...condition.params);
  }
  // The emulator has no issues, so any actual issue filter matches nothing.
  if (isSet(where.issue) && (isSet(where.issue.type) || isSet(where.issue.status))) add('0');

  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

function compileLabelFilter(label: NonNullable<AssetWhereInput['label']>): SqlCondition | null {
  for (const [key, value] of Object.entries(label)) {
    if (isSet(value) && !SUPPORTED_LABEL_FILTERS.has(key)) {
      throw createApiError(
        'notImplemented',
        `The emulator does not support the label filter "${key}".`,
      );
    }
  }
  if (!isSet(label.typeIn)) return null;
  return {
    sql: 'EXISTS (SELECT 1 FROM labels l WHERE l.asset_id = a.id AND l.label_type IN (SELECT value FROM json_each(?)))',
    params: [toJson(label.typeIn)],
  };
}

/** `{key: value}` is equality, `{key: [v1, v2]}` is "one of"; every key must match. */
function compileMetadataFilter(metadata: unknown): SqlCondition {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw createApiError('invalidInput', 'The metadata filter must be a JSON object.');
  }
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [key, expected] of Object.entries(metadata)) {
    if (key.includes('"')) {
      throw createApiError('invalidInput', `Unsupported metadata key in filter: ${key}`);
    }
    const extract =
      '(CASE WHEN json_valid(a.json_metadata) THEN json_extract(a.json_metadata, ?) END)';
    const path = `$."${key}"`;
    if (expected === null) {
      parts.push(`${extract} IS NULL`);
      params.push(path);
    } else if (Array.isArray(expected)) {
      parts.push(`${extract} IN (SELECT value FROM json_each(?))`);
      params.push(path, toJson(expected));
    } else if (typeof expected === 'object') {
      parts.push(`${extract} = json(?)`);
      params.push(path, toJson(expected));
    } else {
      parts.push(`${extract} = ?`);
      params.push(path, typeof expected === 'boolean' ? Number(expected) : expected);
    }
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

/**
 * Accepts `YYYY-MM-DD` (as documented by Kili) or a full ISO timestamp. A bare date used as an
 * upper bound covers that whole day.
 */
function toDateBound(value: string, side: 'start' | 'end'): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw createApiError('invalidInput', `Invalid date: ${JSON.stringify(value)}`);
  }
  const isBareDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const end = isBareDate && side === 'end' ? 24 * 60 * 60 * 1000 - 1 : 0;
  return new Date(time + end).toISOString();
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

function toJson(value: unknown): string {
  return JSON.stringify(value);
}
