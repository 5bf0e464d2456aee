import { createApiError } from './api-error.js';
import { compileMetadataFilter } from './metadata-filter.js';
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
  const addCondition = (condition: SqlCondition) => add(condition.sql, ...condition.params);
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
  // The emulator computes no inference marks (they are null), so these bounds match nothing.
  if (isSet(where.inferenceMarkGte) || isSet(where.inferenceMarkLte)) add('0');
  if (isSet(where.skipped)) add('a.skipped = ?', where.skipped ? 1 : 0);
  if (isSet(where.assigneeIn)) addCondition(compileAssigneeFilter(where.assigneeIn, 'in'));
  if (isSet(where.assigneeNotIn)) {
    addCondition(compileAssigneeFilter(where.assigneeNotIn, 'outside'));
  }
  // Workflow V2 only: an asset of a V1 project (every emulator project) has no current step,
  // and a filter on a step it does not have matches nothing, whether "in" or "not in".
  const stepFilters = [
    where.stepIdIn,
    where.stepIdNotIn,
    where.stepStatusIn,
    where.stepStatusNotIn,
  ];
  if (stepFilters.some(isSet)) add('0');
  if (isSet(where.metadata)) addCondition(compileMetadataFilter(where.metadata));
  if (isSet(where.label)) {
    const condition = compileLabelFilter(where.label);
    if (condition) add(condition.sql, ...condition.params);
  }
  // The emulator has no issues, so any actual issue filter matches nothing.
  if (isSet(where.issue) && (isSet(where.issue.type) || isSet(where.issue.status))) add('0');

  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

/**
 * "The asset has an assigned user in (or outside) the list", each user known by email or id:
 * assignments are stored as emails, and the users table gives their ids.
 */
function compileAssigneeFilter(users: string[], side: 'in' | 'outside'): SqlCondition {
  const listed = `(assigned.value IN (SELECT value FROM json_each(?))
    OR coalesce(u.id, '') IN (SELECT value FROM json_each(?)))`;
  const sql = `EXISTS (SELECT 1 FROM json_each(a.to_be_labeled_by) assigned
    LEFT JOIN users u ON u.email = assigned.value WHERE ${side === 'in' ? listed : `NOT ${listed}`})`;
  return { sql, params: [toJson(users), toJson(users)] };
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

/** Compiles a filter that selects assets to change; one selecting every asset is refused. */
export function compileSelectiveWhere(where: AssetWhereInput): SqlCondition {
  const condition = compileAssetWhere(where);
  if (condition.sql === '1') {
    throw createApiError('invalidInput', 'An asset filter is required (for example idIn).');
  }
  return condition;
}
