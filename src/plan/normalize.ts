import { RESERVED_METADATA_KEY } from '../schema/asset-field-roles.js';
import { isJsonNumber, isSameNumber, parseJsonExact } from '../util/json-number.js';

const NOT_JSON: unique symbol = Symbol('not-json');

/** Parses JSON text (numbers kept exact), or returns `NOT_JSON` when it is not valid JSON. */
function parseJsonOrMark(text: string): unknown | typeof NOT_JSON {
  try {
    return parseJsonExact(text);
  } catch {
    return NOT_JSON;
  }
}

/** A JSON object: not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether two JSON values are equal: objects compared key by key whatever their order, numbers
 * by value (so `1` and `1.0` are equal, whichever of them is kept as a lossless number).
 */
export function isSameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isJsonNumber(a) && isJsonNumber(b)) return isSameNumber(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!isSameJson(a[i], b[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key)) continue;
    count += 1;
    if (!Object.hasOwn(right, key) || !isSameJson(left[key], right[key])) return false;
  }
  for (const key in right) if (Object.hasOwn(right, key)) count -= 1;
  return count === 0;
}

/** Whether two label-assignment lists hold the same emails, whatever their order. */
export function isSameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === b.length && a.every((value, i) => value === b[i])) return true;
  const left = normalizeLabelers(a);
  const right = normalizeLabelers(b);
  return left.length === right.length && left.every((value, i) => value === right[i]);
}

/** Metadata split into the user's keys and the reserved `kiliSync` value. */
export interface SplitMetadata {
  user: Record<string, unknown>;
  /** The reserved value, `undefined` when absent. */
  reserved: unknown;
}

/** Splits a metadata object into user keys and the reserved `kiliSync` value. */
export function splitMetadata(metadata: Record<string, unknown>): SplitMetadata {
  if (!Object.hasOwn(metadata, RESERVED_METADATA_KEY))
    return { user: metadata, reserved: undefined };
  const { [RESERVED_METADATA_KEY]: reserved, ...user } = metadata;
  return { user, reserved };
}

/** The user's keys of a metadata object: the object itself unless it holds the reserved key. */
export function userMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.hasOwn(metadata, RESERVED_METADATA_KEY) ? splitMetadata(metadata).user : metadata;
}

/**
 * Parses Kili's `jsonMetadata` string like the official SDK: `""`, invalid JSON and (because
 * metadata is a key/value map) any non-object value all count as `{}`.
 */
export function parseRemoteMetadata(raw: string): SplitMetadata {
  const parsed = raw === '' ? NOT_JSON : parseJsonOrMark(raw);
  return splitMetadata(isPlainObject(parsed) ? parsed : {});
}

/** The parsed form of a remote `jsonContent` string, or the string itself when it is not JSON. */
export interface RemoteJsonContent {
  raw: string;
  parsed: unknown | typeof NOT_JSON;
}

export function parseRemoteJsonContent(raw: string): RemoteJsonContent {
  return { raw, parsed: raw === '' ? NOT_JSON : parseJsonOrMark(raw) };
}

/**
 * Compares a desired `jsonContent` with the remote string. A desired string is compared to the
 * remote string, as parsed JSON when both parse; an object/array is compared to the parsed remote.
 */
export function isSameJsonContent(desired: unknown, remote: RemoteJsonContent): boolean {
  if (typeof desired === 'string') {
    if (desired === remote.raw) return true;
    if (remote.parsed === NOT_JSON) return false;
    const parsedDesired = parseJsonOrMark(desired);
    return parsedDesired !== NOT_JSON && isSameJson(parsedDesired, remote.parsed);
  }
  return remote.parsed !== NOT_JSON && isSameJson(desired, remote.parsed);
}

/** How a remote `jsonContent` is shown in a plan: parsed when it holds a JSON object or list. */
export function displayRemoteJsonContent(remote: RemoteJsonContent): unknown {
  return typeof remote.parsed === 'object' && remote.parsed !== null ? remote.parsed : remote.raw;
}

/** `toBeLabeledBy` as a set: unique and sorted by code unit, so the output is deterministic. */
export function normalizeLabelers(emails: readonly string[]): string[] {
  return [...new Set(emails)].sort(compareStrings);
}

/** Code-unit order (locale-independent, so plans are the same on every machine). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
