import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../src/util/group-digits.js';

describe('groupDigits', () => {
  const values = [0, 1, 12, 123, 999, 1000, 1204, 12345, 999999, 1000000, 2147483647, -1, -1234];
  for (const value of values) {
    it(`writes ${value} as toLocaleString('en-US') does`, () => {
      expect(groupDigits(value)).toBe(value.toLocaleString('en-US'));
    });
  }

  it('leaves numbers that are not whole to toLocaleString', () => {
    expect(groupDigits(1234.5)).toBe('1,234.5');
  });
});
