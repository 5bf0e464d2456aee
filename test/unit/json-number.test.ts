import { isLosslessNumber, parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../bench/emulator-harness.js';
import { parseJsonExact, stringifyJsonExact, toJsonNumber } from '../../src/util/json-number.js';

/** What the exact parser must give: lossless-json on every text, with the same number rule. */
function parseSlowly(text: string): unknown {
  return parse(text, null, toJsonNumber);
}

/** Numbers as JSON text may write them, the awkward ones included. */
const NUMBER_TEXTS = [
  '0',
  '-7',
  '42',
  '3.0',
  '-0.5',
  '1e3',
  '2E-2',
  '1.25e+10',
  '9007199254740993',
  '12345678901234567890',
  '0.1000000000000000055511151231257827',
];

/** Strings that look like numbers or hold the characters around number tokens. */
const STRING_TEXTS = [
  'https://cdn.example.com/0042.jpg',
  'a:1.5',
  '[3.0]',
  ',1e5',
  'v2.0',
  '1234567890123456789',
  'plain',
  'quote " and backslash \\',
];

function randomJson(next: () => number, depth: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const space = () => pick(['', '', ' ', '\n', '\t ']);
  const roll = next();
  if (depth > 3 || roll < 0.35) return pick(NUMBER_TEXTS);
  if (roll < 0.55) return JSON.stringify(pick(STRING_TEXTS));
  if (roll < 0.6) return pick(['true', 'false', 'null']);
  const count = Math.floor(next() * 4);
  const items = Array.from({ length: count }, () => randomJson(next, depth + 1));
  if (roll < 0.75) return `[${space()}${items.join(`${space()},${space()}`)}${space()}]`;
  const entries = items.map(
    (item, index) =>
      `${JSON.stringify(`${pick(STRING_TEXTS)}${index}`)}${space()}:${space()}${item}`,
  );
  return `{${space()}${entries.join(`,${space()}`)}${space()}}`;
}

describe('parseJsonExact', () => {
  it('keeps number text where a JS number would change it, at the top level too', () => {
    const value = parseJsonExact('{"score": 3.0, "id": 12345678901234567890, "n": 2}') as Record<
      string,
      unknown
    >;
    expect(isLosslessNumber(value.score)).toBe(true);
    expect(String(value.score)).toBe('3.0');
    expect(String(value.id)).toBe('12345678901234567890');
    expect(value.n).toBe(2);
    expect(String(parseJsonExact('1.0'))).toBe('1.0');
    expect(String(parseJsonExact(' -2e3'))).toBe('-2e3');
    expect(String((parseJsonExact('[1,\n 4.0]') as unknown[])[1])).toBe('4.0');
  });

  it('reads a digit followed by a dot inside a string as the plain string it is', () => {
    const text = '{"content":"https://cdn.example.com/jl/0000005.jpg","shard":5}';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
  });

  it('gives what lossless-json gives on 5,000 seeded random documents', () => {
    const next = createSeededRandom(20_261_201);
    for (let round = 0; round < 5_000; round += 1) {
      const text = randomJson(next, 0);
      const exact = parseJsonExact(text);
      expect(stringifyJsonExact(exact), text).toBe(stringifyJsonExact(parseSlowly(text)));
    }
  });
});
