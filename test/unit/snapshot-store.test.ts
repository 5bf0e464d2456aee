import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadSnapshot,
  type ProjectSnapshot,
  SNAPSHOT_FORMAT_VERSION,
  saveSnapshot,
  snapshotPath,
} from '../../src/files/snapshot-store.js';
import type { RemoteAsset } from '../../src/plan/remote-state.js';

const ENDPOINT = 'https://kili.example.com/api/label/v2/graphql';
const FIELDS = 'fields-1';

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
    expect(saveSnapshot(dir, snapshot, FIELDS)).toBeUndefined();
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS)).toEqual({ snapshot });
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('says why a snapshot cannot be used instead of failing', () => {
    const dir = folder();
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS)).toEqual({ reason: 'no snapshot' });
    saveSnapshot(dir, snapshot, FIELDS);
    expect(loadSnapshot(dir, ENDPOINT, 'p1', 'fields-2')).toEqual({
      reason: 'snapshot written by another kili-sync version',
    });
    // Another endpoint or project has its own file; a file copied over one is foreign.
    expect(loadSnapshot(dir, 'https://other.example.com/graphql', 'p1', FIELDS)).toEqual({
      reason: 'no snapshot',
    });
    const copied = snapshotPath(dir, ENDPOINT, 'p2');
    saveSnapshot(dir, { ...snapshot, projectId: 'p2' }, FIELDS);
    writeFileSync(snapshotPath(dir, ENDPOINT, 'p1'), serialize({ kind: 'kili-sync-snapshot' }));
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS)).toEqual({ reason: 'snapshot unreadable' });
    writeFileSync(snapshotPath(dir, ENDPOINT, 'p1'), serialize({ kind: 'other' }));
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS)).toEqual({ reason: 'snapshot unreadable' });
    writeFileSync(snapshotPath(dir, ENDPOINT, 'p1'), '{"kind":"kili-sync-snapshot"');
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS)).toEqual({ reason: 'snapshot unreadable' });
    const text = serialize({
      kind: 'kili-sync-snapshot',
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      fieldSet: FIELDS,
      ...snapshot,
      projectId: 'p2',
    });
    writeFileSync(snapshotPath(dir, ENDPOINT, 'p1'), text);
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS)).toEqual({
      reason: 'snapshot of another endpoint or project',
    });
    expect(loadSnapshot(dir, ENDPOINT, 'p2', FIELDS)).toEqual({
      snapshot: { ...snapshot, projectId: 'p2' },
    });
    expect(copied).not.toBe(snapshotPath(dir, ENDPOINT, 'p1'));
  });

  it('reads a snapshot written before hosted files were remembered, and refuses malformed ones', () => {
    const dir = folder();
    const write = (hostedFiles: unknown) =>
      writeFileSync(
        snapshotPath(dir, ENDPOINT, 'p1'),
        serialize({
          kind: 'kili-sync-snapshot',
          formatVersion: SNAPSHOT_FORMAT_VERSION,
          fieldSet: FIELDS,
          ...snapshot,
          hostedFiles,
        }),
      );
    write(undefined);
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS)).toEqual({
      snapshot: { ...snapshot, hostedFiles: [] },
    });
    write([{ assetId: 'asset-1', field: 'file', updatedAt: asset.updatedAt, sha256: 'ab' }]);
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS)).toEqual({ reason: 'snapshot unreadable' });
    write({ 'asset-1': 'ab' });
    expect(loadSnapshot(dir, ENDPOINT, 'p1', FIELDS)).toEqual({ reason: 'snapshot unreadable' });
  });

  it('returns a note when the folder cannot be written', () => {
    const file = join(folder(), 'a-file');
    writeFileSync(file, '');
    expect(saveSnapshot(join(file, 'cache'), snapshot, FIELDS)).toMatch(/cannot write/);
  });
});
