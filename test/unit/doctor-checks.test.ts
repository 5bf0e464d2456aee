import { describe, expect, it } from 'vitest';
import { findAssetRowProblems, isOrderedByCreation } from '../../src/doctor/asset-row-shape.js';
import { findMetadataProblem, PROBE_METADATA } from '../../src/doctor/probe-asset-io.js';
import { findUpdatedAtProblem } from '../../src/doctor/timestamps.js';

const row = {
  id: 'c1',
  externalId: 'a',
  content: 'https://example.com/a.jpg',
  jsonContent: '',
  jsonMetadata: '{}',
  priority: 0,
  isHoneypot: false,
  honeypotMark: null,
  consensusMark: null,
  isUsedForConsensus: false,
  toBeLabeledBy: [{ user: { email: 'x@example.com' } }],
  status: 'TODO',
  createdAt: '2024-01-24T15:40:12.097Z',
  updatedAt: '2024-01-24T15:40:12.098Z',
  labels: [],
};

describe('doctor checks', () => {
  it('accepts a row in the shape plan reads and names each field that is not', () => {
    expect(findAssetRowProblems(row)).toEqual([]);
    expect(
      findAssetRowProblems({ ...row, jsonMetadata: { a: 1 }, updatedAt: '2024-01-24T15:40:12Z' }),
    ).toEqual([
      'jsonMetadata is {"a":1}, expected JSON text (a string)',
      'updatedAt is "2024-01-24T15:40:12Z", expected an ISO time with milliseconds',
    ]);
  });

  it('checks the order of a page by createdAt', () => {
    expect(isOrderedByCreation([row, { ...row, createdAt: '2024-01-25T00:00:00.000Z' }])).toBe(
      true,
    );
    expect(isOrderedByCreation([{ ...row, createdAt: '2024-01-25T00:00:00.000Z' }, row])).toBe(
      false,
    );
  });

  it('wants updatedAt strictly later after each change, with milliseconds', () => {
    const at = (updatedAt: string, step = 'update') => ({ step, updatedAt });
    expect(
      findUpdatedAtProblem([
        at('2024-01-01T00:00:00.000Z', 'append'),
        at('2024-01-01T00:00:00.001Z'),
      ]),
    ).toBeUndefined();
    expect(
      findUpdatedAtProblem([
        at('2024-01-01T00:00:00.000Z', 'append'),
        at('2024-01-01T00:00:00.000Z'),
      ]),
    ).toMatch(/did not move forward on update/);
    expect(findUpdatedAtProblem([at('2024-01-01T00:00:00Z', 'append')])).toMatch(
      /not an ISO time with milliseconds/,
    );
  });

  it('wants metadata back as written, whole floats keeping their decimal point', () => {
    expect(findMetadataProblem(PROBE_METADATA, PROBE_METADATA)).toBeUndefined();
    expect(findMetadataProblem(PROBE_METADATA, PROBE_METADATA.replace('3.0', '3'))).toMatch(
      /whole floats lost their decimal point/,
    );
    expect(findMetadataProblem(PROBE_METADATA, JSON.parse(PROBE_METADATA))).toMatch(
      /not as JSON text/,
    );
    expect(findMetadataProblem(PROBE_METADATA, '{}')).toMatch(/other values/);
  });
});
