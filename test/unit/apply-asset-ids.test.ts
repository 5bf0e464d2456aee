import { describe, expect, it } from 'vitest';
import { deriveAssetId } from '../../src/apply/asset-ids.js';

describe('deriveAssetId', () => {
  it('gives every run the same cuid-shaped id for one asset, and another for anything else', () => {
    const id = deriveAssetId('clproject0000000000000001', 'cat-0001');
    expect(id).toMatch(/^c[0-9a-z]{24}$/);
    expect(deriveAssetId('clproject0000000000000001', 'cat-0001')).toBe(id);
    expect(deriveAssetId('clproject0000000000000001', 'cat-0001', 0)).toBe(id);
    const others = [
      deriveAssetId('clproject0000000000000002', 'cat-0001'),
      deriveAssetId('clproject0000000000000001', 'cat-0002'),
      deriveAssetId('clproject0000000000000001', 'cat-0001', 1),
      deriveAssetId('clproject0000000000000001', 'cat-0001', 2),
      // Parts cannot slide into each other.
      deriveAssetId('clproject000000000000000', '1cat-0001'),
    ];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
    for (const other of others) expect(other).toMatch(/^c[0-9a-z]{24}$/);
  });
});
