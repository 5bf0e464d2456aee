import { isMillisecondTimestamp } from './timestamps.js';

type FieldTest = { expected: string; test: (value: unknown) => boolean };

const isString = (value: unknown) => typeof value === 'string';
const orNull = (test: (value: unknown) => boolean) => (value: unknown) =>
  value === null || value === undefined || test(value);
const ofTypeOrNull = (type: 'boolean' | 'number') => orNull((value) => typeof value === type);
const STATUSES = new Set(['TODO', 'ONGOING', 'LABELED', 'REVIEWED', 'TO_REVIEW']);

/**
 * What the planner expects of each field of the `assets` query (src/graphql/queries.graphql).
 * Fields the reader defaults when absent may be null; the ones identity, staleness and
 * incremental reads rest on may not.
 */
const PLANNED_FIELDS: Record<string, FieldTest> = {
  id: { expected: 'a non-empty string', test: (value) => isString(value) && value !== '' },
  externalId: { expected: 'a string', test: isString },
  content: { expected: 'a string', test: orNull(isString) },
  jsonContent: { expected: 'a string', test: orNull(isString) },
  jsonMetadata: { expected: 'JSON text (a string)', test: orNull(isString) },
  priority: { expected: 'an integer', test: orNull(Number.isInteger) },
  isHoneypot: { expected: 'a boolean', test: ofTypeOrNull('boolean') },
  honeypotMark: { expected: 'a number or null', test: ofTypeOrNull('number') },
  consensusMark: { expected: 'a number or null', test: ofTypeOrNull('number') },
  isUsedForConsensus: { expected: 'a boolean', test: ofTypeOrNull('boolean') },
  toBeLabeledBy: {
    expected: 'a list of { user { email } }',
    test: orNull(
      (value) =>
        Array.isArray(value) &&
        value.every((item) => isString((item as { user?: { email?: unknown } })?.user?.email)),
    ),
  },
  status: { expected: 'a Status', test: orNull((value) => STATUSES.has(value as string)) },
  createdAt: { expected: 'an ISO time with milliseconds', test: isMillisecondTimestamp },
  updatedAt: { expected: 'an ISO time with milliseconds', test: isMillisecondTimestamp },
  labels: {
    expected: 'a list of { id }',
    test: orNull((value) => Array.isArray(value) && value.every((label) => isString(label?.id))),
  },
};

/** Every way one row of an `assets` answer differs from what the planner reads. */
export function findAssetRowProblems(row: unknown): string[] {
  if (typeof row !== 'object' || row === null) return ['a row is not an object'];
  const record = row as Record<string, unknown>;
  return Object.entries(PLANNED_FIELDS).flatMap(([field, { expected, test }]) =>
    test(record[field])
      ? []
      : [`${field} is ${JSON.stringify(record[field]) ?? 'absent'}, expected ${expected}`],
  );
}

/** Whether rows come ordered by `createdAt`, oldest first, as offset paging relies on. */
export function isOrderedByCreation(rows: { createdAt?: unknown }[]): boolean {
  return rows.every(
    (row, index) => index === 0 || String(rows[index - 1]!.createdAt) <= String(row.createdAt),
  );
}
