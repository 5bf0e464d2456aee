import {
  compareLosslessNumber,
  isLosslessNumber,
  isSafeNumber,
  LosslessNumber,
  parse,
  stringify,
  toLosslessNumber,
} from 'lossless-json';

/**
 * Numbers keep their JSON text both ways (`3.0` stays a float for Python readers, a 20-digit id
 * stays exact). A number is a plain JS `number` whenever `JSON.stringify` of it gives back an
 * equal JSON number of the same type; otherwise (a whole float such as `3.0`, an integer beyond
 * 2^53, a decimal with more digits than a double holds) it is a `LosslessNumber` holding its
 * JSON text. Every parser of user or Kili JSON goes through `toJsonNumber`, so one value has one
 * representation, and saved plans read back to the same values (and the same plan hash).
 */
export type { LosslessNumber };
export { isLosslessNumber };

/** The value of a JSON number given as valid JSON number text. */
export function toJsonNumber(text: string): number | LosslessNumber {
  const isInteger = !/[.eE]/.test(text);
  const value = Number(text);
  if (isInteger) return Number.isSafeInteger(value) ? value : new LosslessNumber(text);
  if (Number.isInteger(value)) return new LosslessNumber(text); // a whole float: 3.0, 1e3
  return isSafeNumber(text) ? value : new LosslessNumber(text);
}

/**
 * Text that may hold a number token with a fraction, an exponent or 16 digits or more. A JSON
 * number token starts the text or follows `[`, `:` or `,` (and whitespace); text inside strings
 * can match too (`"a:1.5"`), which only costs the exact parse, never exactness. A digit followed
 * by a dot elsewhere (`/0042.jpg` in a URL) cannot be a number token, so it is not a reason to
 * take the slow path.
 */
const MAYBE_INEXACT_NUMBER = /(?:^|[[:,])\s*-?(?:\d+[.eE]|\d{16})/;

/** Whether `JSON.parse` could change a number of this JSON text (false: it is exact). */
export function mayHoldInexactNumbers(text: string): boolean {
  return MAYBE_INEXACT_NUMBER.test(text);
}

/**
 * `JSON.parse` that keeps number text where a JS number would change it. What lossless-json
 * refuses but JSON accepts (a repeated key, nesting deep enough to exhaust its recursion) is
 * read by `JSON.parse`, so both accept the same texts and errors keep JSON.parse's wording.
 */
export function parseJsonExact(text: string): unknown {
  // lossless-json is far slower than JSON.parse, and builds its strings a character at a time
  // (a million lines of them held ten times the memory): without a number token that has a
  // fraction, an exponent or 16 digits, no number in the text can be changed by a JS number, so
  // JSON.parse is exact.
  if (!mayHoldInexactNumbers(text)) return JSON.parse(text);
  try {
    return parse(text, null, toJsonNumber);
  } catch {
    return JSON.parse(text);
  }
}

/** `JSON.stringify` (no spaces) that writes lossless numbers as their text. */
export function stringifyJsonExact(value: unknown): string {
  return stringify(value) ?? 'null';
}

/**
 * Sorted keys, optional indent, lossless numbers as their text: the canonical form used by the
 * plan document, its hash and the renderers (the same bytes as safe-stable-stringify for values
 * without lossless numbers).
 */
export function stringifySortedJson(value: unknown, space?: number): string | undefined {
  return stringify(value, sortKeys, space);
}

function sortKeys(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if (isLosslessNumber(value)) return value;
  const record = value as Record<string, unknown>;
  // fromEntries defines each key: an assignment to `__proto__` would set the prototype and drop
  // the key from the canonical form, so a plan could gain one without changing its hash.
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}

/** Whether two JSON numbers (plain or lossless) have the same value: `1` equals `1.0`. */
export function isSameNumber(a: number | LosslessNumber, b: number | LosslessNumber): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  try {
    return compareLosslessNumber(asLossless(a), asLossless(b)) === 0;
  } catch {
    return Number(a) === Number(b);
  }
}

function asLossless(value: number | LosslessNumber): LosslessNumber {
  return typeof value === 'number' ? toLosslessNumber(value) : value;
}

/** Whether a value is a JSON number, plain or lossless. */
export function isJsonNumber(value: unknown): value is number | LosslessNumber {
  return typeof value === 'number' || isLosslessNumber(value);
}
