import { isDeepStrictEqual } from 'node:util';

/** One changed leaf of a JSON object: `+` added, `-` removed, `~` changed, by dotted path. */
export interface FieldDiff {
  sign: '+' | '-' | '~';
  /** `split`, `nested.a`: object keys joined with dots; lists are leaves. */
  path: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The field-level difference of two JSON objects (e.g. jsonMetadata): nested objects are walked,
 * anything else (lists included) compared whole, so a reviewer reads `~ split: "train" ->
 * "test"` instead of a block of pretty-printed JSON. Numbers compare by value (`1` equals `1.0`
 * once parsed), as the planner does. Paths are in code-point order.
 */
export function diffJsonFields(before: unknown, after: unknown): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  walk(asObject(before), asObject(after), '', diffs);
  return diffs;
}

/** Whether a value is a plain object, the only kind walked key by key. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Record<string, unknown> {
  return isJsonObject(value) ? value : {};
}

function walk(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  prefix: string,
  diffs: FieldDiff[],
): void {
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const inBefore = Object.hasOwn(before, key);
    const inAfter = Object.hasOwn(after, key);
    const old = before[key];
    const now = after[key];
    if (!inBefore) diffs.push({ sign: '+', path, after: now });
    else if (!inAfter) diffs.push({ sign: '-', path, before: old });
    else if (isJsonObject(old) && isJsonObject(now)) walk(old, now, path, diffs);
    else if (!isDeepStrictEqual(old, now)) diffs.push({ sign: '~', path, before: old, after: now });
  }
}
