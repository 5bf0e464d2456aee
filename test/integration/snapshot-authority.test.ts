import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_FOLDER } from '../../src/files/cache-dir.js';
import { loadSnapshot, saveSnapshot, snapshotPath } from '../../src/files/snapshot-store.js';
import { SNAPSHOT_FIELD_SET } from '../../src/kili/operations.js';
import {
  API_KEY,
  type ApplyFixture,
  manifest,
  runApply,
  startApplyFixture,
} from './apply-support.js';

/**
 * The snapshot cache is never an authority: one that is forged, copied or committed is not
 * used, and every read-back by id before a write compares the external ID too.
 */
describe('the snapshot cache is never an authority', () => {
  let fixture: ApplyFixture;
  // Assets are written ten minutes back on the emulator's clock, so that a later plan's cut-off
  // (the server's time minus 5 minutes) lies after them and the snapshot is really used. The
  // emulator's clock never goes back: each test has one of its own.
  let clockOffsetMs = 0;
  beforeEach(async () => {
    clockOffsetMs = -10 * 60_000;
    fixture = await startApplyFixture(undefined, () => Date.now() + clockOffsetMs);
  });
  afterEach(() => fixture.close());

  const cacheDir = () => join(fixture.folder, CACHE_FOLDER);

  /** A project with c-a … c-d applied, its snapshot written by that apply. */
  async function appliedProject(name: string) {
    const projectId = await fixture.createProject(name);
    const path = await fixture.writeManifest(`${name}.yaml`, manifest(projectId, lines({}), true));
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    clockOffsetMs = 0;
    // With prune, every plan reads the whole project and keeps a snapshot of it.
    expect((await runApply(fixture, ['plan', path])).code).toBe(0);
    const idOf = new Map(
      (await fixture.listAssets(projectId)).map((asset) => [asset.externalId, asset.id]),
    );
    return { projectId, path, idOf };
  }

  /** Rewrites the project's snapshot with the ids of c-b and c-d swapped, sealed with `key`. */
  function swapIdsInSnapshot(projectId: string, key: string): void {
    const endpoint = fixture.emulator.graphqlUrl;
    const lookup = loadSnapshot(cacheDir(), endpoint, projectId, SNAPSHOT_FIELD_SET, API_KEY);
    if (!('snapshot' in lookup)) throw new Error(`no snapshot: ${lookup.reason}`);
    const { snapshot } = lookup;
    const b = snapshot.assets.find((asset) => asset.externalId === 'c-b')!;
    const d = snapshot.assets.find((asset) => asset.externalId === 'c-d')!;
    [b.id, d.id] = [d.id, b.id];
    expect(saveSnapshot(cacheDir(), snapshot, SNAPSHOT_FIELD_SET, key)).toBeUndefined();
  }

  async function priorities(projectId: string): Promise<Record<string, number>> {
    return Object.fromEntries(
      (await fixture.listAssets(projectId)).map((asset) => [asset.externalId, asset.priority]),
    );
  }

  it('apply PATH: a snapshot with swapped ids sealed by another key is not used', async () => {
    const { projectId, path } = await appliedProject('swapped-apply');
    swapIdsInSnapshot(projectId, 'someone-elses-key');
    await writeFile(path, manifest(projectId, lines({ 'c-b': 5 }), true));
    const applied = await runApply(fixture, ['apply', path, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await priorities(projectId)).toEqual({ 'c-a': 0, 'c-b': 5, 'c-c': 0, 'c-d': 0 });
    expect(applied.stderr).toContain('full read (snapshot not sealed with this API key');
  });

  it('apply --plan: a plan made from swapped ids is stale, whoever sealed them', async () => {
    const { projectId, path, idOf } = await appliedProject('swapped-plan');
    // Even sealed with the right key (someone holding it), ids read back by the stale check
    // are compared with their external IDs.
    swapIdsInSnapshot(projectId, API_KEY);
    await writeFile(path, manifest(projectId, lines({ 'c-b': 5 }), true));
    const planned = await runApply(fixture, ['plan', path, '--out', 'swapped.json']);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(fixture.folder, 'swapped.json'), 'utf8'));
    expect(
      plan.projects[0].changes[0],
      planned.stderr + JSON.stringify(plan.projects[0].read),
    ).toMatchObject({
      externalId: 'c-b',
      assetId: idOf.get('c-d'),
    });
    const applied = await runApply(fixture, ['apply', '--plan', 'swapped.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(`asset ${idOf.get('c-d')} is "c-d" in Kili, not "c-b"`);
    expect(await priorities(projectId)).toEqual({ 'c-a': 0, 'c-b': 0, 'c-c': 0, 'c-d': 0 });
  });

  it('a cache git tracks is neither used nor written; the folder kili-sync creates is ignored', async () => {
    const { projectId, path } = await appliedProject('committed');
    expect(readFileSync(join(fixture.folder, '.kili-sync', '.gitignore'), 'utf8')).toContain('*');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        cwd: fixture.folder,
        stdio: 'pipe',
      }).toString();
    git('init', '-q');
    // The .gitignore keeps the cache out of a plain `git add`.
    git('add', '.');
    expect(git('status', '--porcelain')).not.toContain('.kili-sync');
    // A pull request can force it in all the same.
    git('add', '-f', '.kili-sync');
    git('commit', '-qm', 'cache');
    const snapshotFile = snapshotPath(cacheDir(), fixture.emulator.graphqlUrl, projectId);
    const before = readFileSync(snapshotFile);
    await writeFile(path, manifest(projectId, lines({ 'c-a': 2 }), true));
    const planned = await runApply(fixture, ['plan', path]);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toContain('holds files git tracks: they are not used');
    expect(planned.stdout).toContain('~ c-a');
    expect(readFileSync(snapshotFile)).toEqual(before);
    expect(existsSync(join(fixture.folder, '.git'))).toBe(true);
  });
});

/** c-a … c-d with the given priorities (0 otherwise). */
function lines(priorities: Record<string, number>): string {
  return ['c-a', 'c-b', 'c-c', 'c-d']
    .map(
      (id) =>
        `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}.jpg\n    priority: ${priorities[id] ?? 0}`,
    )
    .join('');
}
