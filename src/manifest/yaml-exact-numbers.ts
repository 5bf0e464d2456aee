import type { Scalar, ScalarTag, Tags } from 'yaml';
import { isLosslessNumber, type LosslessNumber, toJsonNumber } from '../util/json-number.js';

const FLOAT = 'tag:yaml.org,2002:float';
const INT = 'tag:yaml.org,2002:int';

/**
 * yaml's core-schema tags with decimal ints and floats resolved through `toJsonNumber`, so
 * `3.0` stays a float and a 20-digit integer stays exact (yaml alone gives the number 3 for
 * both `3` and `3.0`). `onExact` is called for each number kept as its text, so callers that
 * cannot carry such values (a worker thread's structured clone) can tell.
 */
export function exactNumberTags(onExact: () => void = () => {}): (tags: Tags) => Tags {
  const resolve = (text: string): number | LosslessNumber => {
    const value = toJsonNumber(toJsonNumberText(text));
    if (isLosslessNumber(value)) onExact();
    return value;
  };
  return (tags) =>
    tags.map((tag) => {
      if (typeof tag === 'string' || ('collection' in tag && tag.collection)) return tag;
      const scalar = tag as ScalarTag;
      return isDecimalNumberTag(scalar) ? { ...scalar, resolve } : scalar;
    });
}

/** The core schema's decimal int, float and exponent float tags (not hex, octal, .inf, .nan). */
function isDecimalNumberTag(tag: ScalarTag): boolean {
  if (tag.tag === INT) return tag.format === undefined;
  return tag.tag === FLOAT && !/inf|nan/i.test(tag.test?.source ?? 'inf');
}

/** YAML's decimal spellings (`+1`, `.5`, `5.`, `007`) as JSON number text. */
function toJsonNumberText(text: string): string {
  return text
    .replace(/^\+/, '')
    .replace(/^(-?)0+(?=\d)/, '$1')
    .replace(/^(-?)\./, '$10.')
    .replace(/\.(?=$|[eE])/, '.0');
}

/** Writes a lossless number as its JSON text (`3.0`, not `3`), which `exactNumberTags` reads back. */
export const losslessNumberTag: ScalarTag = {
  identify: isLosslessNumber,
  default: true,
  tag: FLOAT,
  resolve: (text) => text,
  stringify: (item) => String((item as Scalar).value),
};

/** Fields whose value is sent to Kili as JSON text: the only ones where number text matters. */
const JSON_FIELDS = new Set(['jsonMetadata', 'jsonContent']);

/**
 * Turns lossless numbers back into plain numbers everywhere except under `jsonMetadata` and
 * `jsonContent`, so `priority: 3.0` stays the integer the schema expects. In place.
 */
export function keepExactNumbersInJsonFieldsOnly(value: unknown): unknown {
  if (isLosslessNumber(value)) return Number(value.value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = keepExactNumbersInJsonFieldsOnly(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!JSON_FIELDS.has(key)) record[key] = keepExactNumbersInJsonFieldsOnly(record[key]);
  }
  return value;
}
