import { LosslessNumber } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  renderManifestAssets,
  renderManifestHeader,
  toManifestAsset,
} from '../../src/export/manifest-asset.js';
import type { DesiredAsset } from '../../src/plan/desired-state.js';
import { diffAsset, hasChanges } from '../../src/plan/diff-asset.js';
import type { RemoteAsset } from '../../src/plan/remote-state.js';

function remote(overrides: Partial<RemoteAsset>): RemoteAsset {
  return {
    id: 'classet0000000000000000001',
    externalId: 'cat-1',
    content: '',
    jsonContent: '',
    jsonMetadata: '',
    priority: 0,
    isHoneypot: false,
    honeypotMark: null,
    consensusMark: null,
    isUsedForConsensus: false,
    toBeLabeledBy: [],
    status: 'TODO',
    labelCount: 0,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const SAMPLES: RemoteAsset[] = [
  remote({}),
  remote({
    externalId: 'cat-2',
    content: 'https://cdn.example.com/cats/2.jpg?sig=abc&id=projects/p/assets/a/content',
    jsonContent: '{"b": [1, 2.0], "a": {"x": null}}',
    jsonMetadata: '{"split": "train", "n": 1.0, "kiliSync": {"sha256": "ab12"}}',
    priority: 3,
    isHoneypot: true,
    honeypotMark: 0,
    consensusMark: 0.75,
    isUsedForConsensus: true,
    toBeLabeledBy: ['zoe@example.com', 'ana@example.com'],
  }),
  remote({
    externalId: '0123',
    content: 'line one\nline two: yes\n\n  indented',
    jsonContent: '42',
  }),
  remote({
    externalId: 'yes',
    jsonContent: 'https://cdn.example.com/rich.json',
    jsonMetadata: 'oops',
  }),
];

describe('toManifestAsset', () => {
  it('leaves out fields at their Kili default', () => {
    expect(toManifestAsset(remote({}))).toEqual({ externalId: 'cat-1' });
  });

  it('writes non-defaults, parsed JSON, sorted labelers, and drops the reserved key', () => {
    expect(toManifestAsset(SAMPLES[1]!)).toEqual({
      externalId: 'cat-2',
      // The content is a signed URL: left out (a credential), so it is not managed.
      // Whole floats keep their JSON text, so they are written back as floats.
      jsonContent: { b: [1, new LosslessNumber('2.0')], a: { x: null } },
      jsonMetadata: { split: 'train', n: new LosslessNumber('1.0') },
      priority: 3,
      isHoneypot: true,
      honeypotMark: 0,
      consensusMark: 0.75,
      isUsedForConsensus: true,
      toBeLabeledBy: ['ana@example.com', 'zoe@example.com'],
    });
  });

  it('writes whole floats as floats and integers as integers', () => {
    const text = renderManifestAssets([toManifestAsset(SAMPLES[1]!)]);
    expect(text).toContain('n: 1.0\n');
    expect(text).toContain('- 2.0\n');
    expect(text).toContain('- 1\n');
  });

  it('keeps JSON content that is not an object or a list as the original string', () => {
    expect(toManifestAsset(SAMPLES[2]!).jsonContent).toBe('42');
    expect(toManifestAsset(SAMPLES[3]!).jsonContent).toBe('https://cdn.example.com/rich.json');
  });
});

describe('rendered manifest', () => {
  const text =
    renderManifestHeader('clproject', 'Cats\nand dogs') +
    'assets:\n' +
    renderManifestAssets(SAMPLES.slice(0, 2).map(toManifestAsset)) +
    renderManifestAssets(SAMPLES.slice(2).map(toManifestAsset));
  const document = parse(text) as { assets: Array<Record<string, unknown>> } & Record<
    string,
    unknown
  >;

  it('is one valid kili-sync/v1 document, page pieces included', () => {
    expect(text.split('\n')[0]).toBe(
      '# Exported by kili-sync from Kili project clproject (Cats and dogs).',
    );
    expect(document).toMatchObject({
      apiVersion: 'kili-sync/v1',
      kind: 'AssetSet',
      project: 'clproject',
      prune: false,
    });
    expect(document.assets.map((asset) => asset.externalId)).toEqual([
      'cat-1',
      'cat-2',
      '0123',
      'yes',
    ]);
  });

  it('plans no change against the assets it came from', () => {
    SAMPLES.forEach((asset, index) => {
      const desired = {
        ...document.assets[index],
        source: { file: 'export.yaml', line: 1, col: 1 },
      } as DesiredAsset;
      expect(
        hasChanges(
          diffAsset(desired, asset, undefined, {
            inputType: 'IMAGE',
            hostedFiles: new Map(),
            localFiles: new Map(),
          }),
        ),
      ).toBe(false);
    });
  });

  it('renders nothing for an empty page', () => {
    expect(renderManifestAssets([])).toBe('');
  });
});
