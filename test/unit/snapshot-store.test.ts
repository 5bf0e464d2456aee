import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadSnapshot,
  type ProjectSnapshot,
  SNAPSHOT_FORMAT_VERSION,
  saveSnapshot,
  sealSnapshotBytes,
  snapshotPath,
} from '../../src/files/snapshot-store.js';
import type { RemoteAsset } from '../../src/plan/remote-state.js';

const ENDPOINT = 'https://kili.example.com/api/label/v2/graphql';
const FIELDS = 'fields-1';
const KEY = 'snapshot-test-Key-77aa';

const asset: RemoteAsset = {
  id: 'asset-1',
  externalId: 'a',
  content: 'https://cdn.example.com/a.jpg',
  jsonContent: '',
  jsonMetadata: '{}',
  priority: 0,
  isHoneypot: false,
  honeypotMark: null,
  consensusMark: null,
  isUsedForConsensus: false,
  toBeLabeledBy: [],
  status: 'TODO',
  labelCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const snapshot: ProjectSnapshot = {
  endpoint: ENDPOINT,
  projectId: 'p1',
  cutoff: '2026-01-02T00:00:00.000Z',
  assets: [asset],
  hostedFiles: [
    { assetId: 'asset-1', field: 'content', updatedAt: asset.updatedAt, sha256: 'ab'.repeat(32) },
    {
      assetId: 'asset-1',
      field: 'jsonContent',
      updatedAt: asset.updatedAt,
      sha256: 'cd'.repeat(32),
      text: '{"text":"hi"}',
    },
  ],
};

/** A payload sealed for p1 as kili-sync seals it (the tests' own malformed files). */
function sealed(payload: Buffer): Buffer {
  return sealSnapshotBytes(payload, KEY, ENDPOINT, 'p1');
}

describe('snapshot store', () => {
  const folders: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kili-sync-snapshots-'));
    folders.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads back what it wrote, leaving no temporary file', () => {
    const dir = join(folder(), 'nested', 'cache');
    expect(saveSnapshot(dir, snapshot, FIELDS, KEY)).toBeUndefined();
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual({ snapshot });
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('says why a snapshot cannot be used instead of failing', () => {
    const dir = folder();
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual({ reason: 'no snapshot' });
    saveSnapshot(dir, snapshot, FIELDS, KEY);
    expect(loadSnapshot(dir, ENDPOINT, 'p1', 'fields-2', KEY)).toEqual({
      reason: 'snapshot written by another kili-sync version',
    });
    // Another endpoint or project has its own file; a file copied over one is foreign.
    expect(loadSnapshot(dir, 'https://other.example.com/graphql', 'p1', FIELDS, KEY)).toEqual({
      reason: 'no snapshot',
    });
    const copied = snapshotPath(dir, ENDPOINT, 'p2');
    saveSnapshot(dir, { ...snapshot, projectId: 'p2' }, FIELDS, KEY);
    writeFileSync(
      snapshotPath(dir, ENDPOINT, 'p1'),
      sealed(serialize({ kind: 'kili-sync-snapshot' })),
    );
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual({
      reason: 'snapshot unreadable',
    });
    writeFileSync(snapshotPath(dir, ENDPOINT, 'p1'), sealed(serialize({ kind: 'other' })));
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual({
      reason: 'snapshot unreadable',
    });
    writeFileSync(snapshotPath(dir, ENDPOINT, 'p1'), sealed(Buffer.from('{"kind":"kili-sync"')));
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual({
      reason: 'snapshot unreadable',
    });
    writeFileSync(snapshotPath(dir, ENDPOINT, 'p1'), '{"kind":"kili-sync-snapshot"');
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual({
      reason: 'snapshot written by another kili-sync version',
    });
    const text = serialize({
      kind: 'kili-sync-snapshot',
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      fieldSet: FIELDS,
      ...snapshot,
      projectId: 'p2',
    });
    writeFileSync(snapshotPath(dir, ENDPOINT, 'p1'), sealed(text));
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual({
      reason: 'snapshot of another endpoint or project',
    });
    expect(loadSnapshot(dir, ENDPOINT, 'p2', FIELDS, KEY)).toEqual({
      snapshot: { ...snapshot, projectId: 'p2' },
    });
    expect(copied).not.toBe(snapshotPath(dir, ENDPOINT, 'p1'));
  });

  it('reads a snapshot written before hosted files were remembered, and refuses malformed ones', () => {
    const dir = folder();
    const write = (hostedFiles: unknown) =>
      writeFileSync(
        snapshotPath(dir, ENDPOINT, 'p1'),
        sealed(
          serialize({
            kind: 'kili-sync-snapshot',
            formatVersion: SNAPSHOT_FORMAT_VERSION,
            fieldSet: FIELDS,
            ...snapshot,
            hostedFiles,
          }),
        ),
      );
    write(undefined);
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual({
      snapshot: { ...snapshot, hostedFiles: [] },
    });
    write([{ assetId: 'asset-1', field: 'file', updatedAt: asset.updatedAt, sha256: 'ab' }]);
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual({
      reason: 'snapshot unreadable',
    });
    write({ 'asset-1': 'ab' });
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual({
      reason: 'snapshot unreadable',
    });
  });

  it('is sealed: another key, a copy made for another project, or an edit is not used', () => {
    const dir = folder();
    saveSnapshot(dir, snapshot, FIELDS, KEY);
    const file = snapshotPath(dir, ENDPOINT, 'p1');
    const notSealed = {
      reason: 'snapshot not sealed with this API key (another key wrote it, or it was edited)',
    };
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, 'another-key')).toEqual(notSealed);
    // Sealed for p2 with the right key, then put in p1's place.
    saveSnapshot(dir, { ...snapshot, projectId: 'p2' }, FIELDS, KEY);
    const original = readFileSync(file);
    writeFileSync(file, readFileSync(snapshotPath(dir, ENDPOINT, 'p2')));
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual(notSealed);
    // One byte changed anywhere after the magic.
    for (const offset of [5, 20, original.length - 1]) {
      const edited = Buffer.from(original);
      edited[offset] = (edited[offset] ?? 0) ^ 1;
      writeFileSync(file, edited);
      expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS, KEY)).toEqual(notSealed);
    }
    // What the file holds cannot be read without the key: no URL, no external ID.
    expect(original.includes(Buffer.from('cdn.example.com'))).toBe(false);
    expect(original.includes(Buffer.from('asset-1'))).toBe(false);
  });

  it('returns a note when the folder cannot be written', () => {
    const file = join(folder(), 'a-file');
    writeFileSync(file, '');
    expect(saveSnapshot(join(file, 'cache'), snapshot, FIELDS, KEY)).toMatch(/cannot write/);
  });
});
