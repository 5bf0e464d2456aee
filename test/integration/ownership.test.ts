import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computePlanHash } from '../../src/plan/hash.js';
import type { Plan } from '../../src/plan/types.js';
import { type ApplyFixture, listAllAssets, runApply, startApplyFixture } from './apply-support.js';
import { sdkDocument } from './sdk-documents.js';

/**
 * A project shared by several writers, over HTTP against the emulator: owner marks, `prune:
 * owned`, two owners, conflicts and `--take-ownership`, metadata managed key by key, adoption
 * of an exported project, and the official SDK's metadata helpers, sent as the SDK sends them.
 */

const APPEND =
  'mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }';
const SDK_UPDATE = sdkDocument('GQL_UPDATE_PROPERTIES_IN_ASSETS');

let fixture: ApplyFixture;
let projectId: string;

beforeEach(async () => {
  fixture = await startApplyFixture();
  projectId = await fixture.createProject('Shared');
});
afterEach(async () => {
  await fixture.close();
});

/** A manifest of `owner` (none: no `owner:` line) declaring `assets` (YAML list items). */
function ownedManifest(owner: string | undefined, prune: string, assets: string): string {
  return [
    'apiVersion: kili-sync/v1',
    'kind: AssetSet',
    `project: ${projectId}`,
    ...(owner === undefined ? [] : [`owner: ${owner}`]),
    `prune: ${prune}`,
    `assets:${assets === '' ? ' []' : assets}`,
    '',
  ].join('\n');
}

function urlAsset(externalId: string, extra = ''): string {
  return `\n  - externalId: ${externalId}\n    content: https://cdn.example.com/${externalId}.jpg${extra}`;
}

/** Another client (a script, the app) appends assets, with no kili-sync record. */
async function appendByAnotherClient(externalIds: string[], metadata = '{}'): Promise<void> {
  await fixture.client.request(APPEND, {
    data: {
      contentArray: externalIds.map((id) => `https://cdn.example.com/other/${id}.jpg`),
      externalIDArray: externalIds,
      jsonMetadataArray: externalIds.map(() => metadata),
    },
    where: { id: projectId },
  });
}

async function assetsByExternalId() {
  const assets = await listAllAssets(fixture.client, projectId);
  return new Map(assets.map((asset) => [asset.externalId, asset]));
}

async function metadataOf(externalId: string): Promise<Record<string, unknown>> {
  const asset = (await assetsByExternalId()).get(externalId);
  if (asset === undefined) throw new Error(`${externalId} is not in the project`);
  return JSON.parse(asset.jsonMetadata || '{}') as Record<string, unknown>;
}

/** What the SDK's add_metadata / set_metadata send: the metadata, computed client-side. */
async function sdkSetMetadata(externalId: string, metadata: Record<string, unknown>) {
  const asset = (await assetsByExternalId()).get(externalId)!;
  await fixture.client.request(SDK_UPDATE, {
    whereArray: [{ id: asset.id }],
    dataArray: [{ jsonMetadata: JSON.stringify(metadata) }],
  });
}

async function updateCalls(): Promise<number> {
  return (await fixture.stats()).requests.updatePropertiesInAssets ?? 0;
}

describe('owner marks and prune: owned', () => {
  it('marks what it adds, deletes only its own undeclared assets, and keeps the others', async () => {
    const path = await fixture.writeManifest(
      'cats.yaml',
      ownedManifest('cats-repo', 'owned', urlAsset('cat-1') + urlAsset('cat-2')),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    expect(await metadataOf('cat-1')).toMatchObject({
      kiliSync: { owner: 'cats-repo', manifest: 'cats.yaml' },
    });
    await appendByAnotherClient(['sdk-1', 'sdk-2']);

    await writeFile(path, ownedManifest('cats-repo', 'owned', urlAsset('cat-1')));
    const plan = await runApply(fixture, ['plan', path]);
    expect(plan.stdout).toContain('owner cats-repo, prune: owned');
    expect(plan.stdout).toContain('owned by cats-repo, no longer declared');
    expect(plan.stdout).toContain(
      '2 assets in Kili are not declared in any manifest; kept (not owned by cats-repo)',
    );
    expect(plan.stdout).not.toMatch(/- sdk-/);

    const applied = await runApply(fixture, ['apply', path, '--auto-approve', '--allow-delete']);
    expect(applied.code).toBe(0);
    expect([...(await assetsByExternalId()).keys()].sort()).toEqual(['cat-1', 'sdk-1', 'sdk-2']);
    const replan = await runApply(fixture, ['plan', path, '--detailed-exitcode']);
    expect(replan.code).toBe(0);
  });

  it('with prune: all, deletes every undeclared asset and says whose it was', async () => {
    await appendByAnotherClient(['sdk-1']);
    const path = await fixture.writeManifest(
      'cats.yaml',
      ownedManifest('cats-repo', 'all', urlAsset('cat-1')),
    );
    const plan = await runApply(fixture, ['plan', path]);
    expect(plan.stdout).toContain('sdk-1');
    expect(plan.stdout).toContain('not declared; prune: all');
  });

  it('counts the mass-delete guard against what prune: owned can delete', async () => {
    await appendByAnotherClient(Array.from({ length: 10 }, (_, i) => `sdk-${i}`));
    const four = ['cat-1', 'cat-2', 'cat-3', 'cat-4'].map((id) => urlAsset(id)).join('');
    const path = await fixture.writeManifest(
      'cats.yaml',
      ownedManifest('cats-repo', 'owned', four),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);

    // 3 of 14 assets, but 3 of the 4 this owner has: a mass delete.
    await writeFile(path, ownedManifest('cats-repo', 'owned', urlAsset('cat-1')));
    const before = await fixture.mutationCount();
    const refused = await runApply(fixture, ['apply', path, '--auto-approve', '--allow-delete']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('3 of 4 assets owned by cats-repo would be deleted');
    expect(refused.stderr).toContain('--allow-mass-delete');
    expect(await fixture.mutationCount()).toBe(before);
    const allowed = await runApply(fixture, [
      'apply',
      path,
      '--auto-approve',
      '--allow-delete',
      '--allow-mass-delete',
    ]);
    expect(allowed.code).toBe(0);
    expect((await assetsByExternalId()).size).toBe(11);
  });
});

describe('reads', () => {
  /** The read requests one `plan --no-cache` of `manifest` sends. */
  async function readsOfPlan(manifest: string): Promise<Record<string, number>> {
    const path = await fixture.writeManifest('reads.yaml', manifest);
    const before = (await fixture.stats()).requests;
    expect((await runApply(fixture, ['plan', path, '--no-cache'])).code).toBe(0);
    const after = (await fixture.stats()).requests;
    return Object.fromEntries(
      Object.entries(after)
        .map(([name, count]) => [name, count - (before[name] ?? 0)] as const)
        .filter(([, count]) => count > 0),
    );
  }

  it('ownership comes from what plan already reads: no request more than without an owner', async () => {
    await appendByAnotherClient(Array.from({ length: 250 }, (_, index) => `sdk-${index}`));
    const assets = urlAsset('cat-1') + urlAsset('cat-2');
    const shared = await readsOfPlan(ownedManifest('cats-repo', 'owned', assets));
    const alone = await readsOfPlan(ownedManifest(undefined, 'all', assets));
    expect(shared).toEqual(alone);
    expect(shared.assets).toBeGreaterThan(0);
    const keysOnly = await readsOfPlan(ownedManifest('cats-repo', 'false', assets));
    const wholeObject = await readsOfPlan(ownedManifest(undefined, 'false', assets));
    expect(keysOnly).toEqual(wholeObject);
  });
});

describe('saved plans', () => {
  it('refuses a saved plan edited to prune an asset its owner does not own', async () => {
    await appendByAnotherClient(['sdk-1']);
    const path = await fixture.writeManifest(
      'cats.yaml',
      ownedManifest('cats-repo', 'owned', urlAsset('cat-1') + urlAsset('cat-2')),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    await writeFile(path, ownedManifest('cats-repo', 'owned', urlAsset('cat-1')));
    const saved = join(fixture.folder, 'plan.json');
    expect((await runApply(fixture, ['plan', path, '--out', saved])).code).toBe(0);

    // The delete of cat-2 (owned) is turned into a delete of sdk-1 (another client's).
    const plan = JSON.parse(await readFile(saved, 'utf8')) as Plan;
    const other = (await assetsByExternalId()).get('sdk-1')!;
    const change = plan.projects[0]!.changes.find((c) => c.action === 'delete')!;
    Object.assign(change, {
      externalId: 'sdk-1',
      assetId: other.id,
      updatedAt: other.updatedAt,
      owner: 'cats-repo',
    });
    plan.planHash = computePlanHash(plan);
    await writeFile(saved, JSON.stringify(plan));
    const before = await fixture.mutationCount();
    const refused = await runApply(fixture, ['apply', '--plan', saved, '--allow-delete']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('sdk-1 (');
    expect(refused.stderr).toContain('not owned by cats-repo, which prune: owned alone deletes');
    expect(await fixture.mutationCount()).toBe(before);
  });
});

describe('two owners on one project', () => {
  it('converge independently, each pruning only its own', async () => {
    await mkdir(join(fixture.folder, 'cats'));
    await mkdir(join(fixture.folder, 'dogs'));
    const cats = await fixture.writeManifest(
      'cats/cats.yaml',
      ownedManifest('cats-repo', 'owned', urlAsset('cat-1') + urlAsset('cat-2')),
    );
    const dogs = await fixture.writeManifest(
      'dogs/dogs.yaml',
      ownedManifest('dogs-repo', 'owned', urlAsset('dog-1') + urlAsset('dog-2')),
    );
    expect((await runApply(fixture, ['apply', cats, '--auto-approve'])).code).toBe(0);
    expect((await runApply(fixture, ['apply', dogs, '--auto-approve'])).code).toBe(0);
    for (const path of [cats, dogs]) {
      expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);
    }
    await writeFile(cats, ownedManifest('cats-repo', 'owned', urlAsset('cat-1')));
    await writeFile(dogs, ownedManifest('dogs-repo', 'owned', urlAsset('dog-2')));
    for (const path of [cats, dogs]) {
      const applied = await runApply(fixture, ['apply', path, '--auto-approve', '--allow-delete']);
      expect(applied.code).toBe(0);
    }
    expect([...(await assetsByExternalId()).keys()].sort()).toEqual(['cat-1', 'dog-2']);
    for (const path of [cats, dogs]) {
      expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);
    }
  });

  it('refuses an asset another owner marked, and takes it over with --take-ownership', async () => {
    const cats = await fixture.writeManifest(
      'cats.yaml',
      ownedManifest('cats-repo', 'owned', urlAsset('shared-1', '\n    priority: 1')),
    );
    expect((await runApply(fixture, ['apply', cats, '--auto-approve'])).code).toBe(0);
    const dogs = await fixture.writeManifest(
      'dogs.yaml',
      ownedManifest('dogs-repo', 'owned', urlAsset('shared-1', '\n    priority: 5')),
    );
    const plan = await runApply(fixture, ['plan', dogs, '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('conflict: owned by cats-repo, not dogs-repo');
    expect(plan.stdout).toContain('1 owned by another owner');

    const before = await fixture.mutationCount();
    const refused = await runApply(fixture, ['apply', dogs, '--auto-approve']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('shared-1 (');
    expect(refused.stderr).toContain('is owned by cats-repo, not dogs-repo');
    expect(refused.stderr).toContain('--take-ownership');
    expect(await fixture.mutationCount()).toBe(before);

    const taken = await runApply(fixture, ['apply', dogs, '--auto-approve', '--take-ownership']);
    expect(taken.code).toBe(0);
    expect(taken.stdout).toContain(
      'owned by cats-repo, not dogs-repo — taken over, as --take-ownership allows',
    );
    const asset = (await assetsByExternalId()).get('shared-1')!;
    expect(asset.priority).toBe(5);
    expect(JSON.parse(asset.jsonMetadata)).toMatchObject({ kiliSync: { owner: 'dogs-repo' } });
    expect((await runApply(fixture, ['plan', dogs, '--detailed-exitcode'])).code).toBe(0);
    // Now the first owner sees the conflict, and does not prune what it no longer owns.
    await writeFile(cats, ownedManifest('cats-repo', 'owned', ''));
    const catsPlan = await runApply(fixture, ['plan', cats]);
    expect(catsPlan.stdout).not.toContain('- shared-1');
  });
});

describe('metadata owned key by key', () => {
  it("keeps another writer's key through every apply, and removes a key kili-sync set and the manifest dropped", async () => {
    const path = await fixture.writeManifest(
      'cats.yaml',
      ownedManifest(
        'cats-repo',
        'owned',
        urlAsset('cat-1', '\n    jsonMetadata: {split: train, source: batch-7}'),
      ),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    expect(await metadataOf('cat-1')).toMatchObject({
      split: 'train',
      source: 'batch-7',
      kiliSync: { metadataKeys: ['source', 'split'] },
    });

    // A model pipeline writes its score the way the SDK's add_metadata does: what Kili holds,
    // with its key added, the reserved key included.
    await sdkSetMetadata('cat-1', { ...(await metadataOf('cat-1')), score: 0.93 });
    expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);

    await writeFile(
      path,
      ownedManifest('cats-repo', 'owned', urlAsset('cat-1', '\n    jsonMetadata: {split: val}')),
    );
    const plan = await runApply(fixture, ['plan', path]);
    expect(plan.stdout).toContain('~ jsonMetadata.split: "train" -> "val"');
    expect(plan.stdout).toContain('- jsonMetadata.source: "batch-7"');
    expect(plan.stdout).not.toContain('score');
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);

    const metadata = await metadataOf('cat-1');
    expect(metadata).toMatchObject({ split: 'val', score: 0.93 });
    expect(metadata).not.toHaveProperty('source');
    expect(metadata.kiliSync).toMatchObject({ metadataKeys: ['split'] });
    expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);
  });

  it('never removes a key kili-sync did not write, even when the manifest stops declaring it', async () => {
    await appendByAnotherClient(['sdk-1'], JSON.stringify({ team: 'ml', split: 'train' }));
    const path = await fixture.writeManifest(
      'cats.yaml',
      ownedManifest(
        'cats-repo',
        'false',
        '\n  - externalId: sdk-1\n    jsonMetadata: {split: train}',
      ),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    await writeFile(path, ownedManifest('cats-repo', 'false', '\n  - externalId: sdk-1'));
    expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);
    expect(await metadataOf('sdk-1')).toMatchObject({ team: 'ml', split: 'train' });
  });

  it('replaces the whole object with jsonMetadataMode: replace', async () => {
    await appendByAnotherClient(['sdk-1'], JSON.stringify({ team: 'ml' }));
    const path = await fixture.writeManifest(
      'cats.yaml',
      `${ownedManifest('cats-repo', 'false', '\n  - externalId: sdk-1\n    jsonMetadata: {split: train}')}jsonMetadataMode: replace\n`,
    );
    const plan = await runApply(fixture, ['plan', path]);
    expect(plan.stdout).toContain('- jsonMetadata.team: "ml"');
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    const metadata = await metadataOf('sdk-1');
    expect(metadata).toMatchObject({ split: 'train', kiliSync: { owner: 'cats-repo' } });
    expect(metadata).not.toHaveProperty('team');
  });
});

describe('adoption', () => {
  it('marks an exported project in ceil(N/100) update calls, then plans no changes', async () => {
    const count = 250;
    await appendByAnotherClient(
      Array.from({ length: count }, (_, i) => `photo-${String(i).padStart(3, '0')}`),
      JSON.stringify({ split: 'train' }),
    );
    const exported = await runApply(fixture, ['export', '--project', projectId]);
    expect(exported.code).toBe(0);
    // Exported as the project is (no owner yet), it plans no change: the export is exact.
    const path = await fixture.writeManifest('photos.yaml', exported.stdout);
    expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);

    // The team names itself: every declared asset is adopted.
    await writeFile(path, exported.stdout.replace('prune: false', 'owner: photos\nprune: owned'));
    const plan = await runApply(fixture, ['plan', path, '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`Plan: 0 to add, ${count} to change (${count} to adopt)`);
    expect(plan.stdout).toContain('adopt: mark as owned by photos');

    const before = await updateCalls();
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    expect((await updateCalls()) - before).toBe(Math.ceil(count / 100));
    expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);
    expect(await metadataOf('photo-007')).toMatchObject({
      split: 'train',
      kiliSync: { owner: 'photos' },
    });

    // An export of the adopted project names its owner, and plans no change either.
    const again = await runApply(fixture, ['export', '--project', projectId]);
    expect(again.stdout).toContain('owner: photos');
    await writeFile(path, again.stdout);
    expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);
  });
});

describe("the SDK's metadata helpers", () => {
  it('add_metadata keeps the mark; set_metadata drops it, and the asset is adopted again', async () => {
    const path = await fixture.writeManifest(
      'cats.yaml',
      ownedManifest(
        'cats-repo',
        'owned',
        urlAsset('cat-1', '\n    jsonMetadata: {split: train}') + urlAsset('cat-2'),
      ),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);

    // add_metadata: Kili's metadata updated with the new keys, sent back whole.
    await sdkSetMetadata('cat-1', { ...(await metadataOf('cat-1')), reviewed: 'yes' });
    expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);

    // set_metadata: only text, imageUrl, url and processingParameters are kept: the reserved
    // key goes with the rest.
    await sdkSetMetadata('cat-1', { only: 1.5 });
    await sdkSetMetadata('cat-2', { only: 2 });
    expect(await metadataOf('cat-1')).not.toHaveProperty('kiliSync');
    const plan = await runApply(fixture, ['plan', path]);
    expect(plan.stdout).toContain('adopt: mark as owned by cats-repo');
    expect(plan.stdout).toContain('+ jsonMetadata.split: "train"');
    expect(plan.stdout).not.toContain('jsonMetadata.only');

    // An undeclared asset whose mark vanished is not this owner's any more: never pruned.
    await writeFile(
      path,
      ownedManifest('cats-repo', 'owned', urlAsset('cat-1', '\n    jsonMetadata: {split: train}')),
    );
    const pruning = await runApply(fixture, ['plan', path]);
    expect(pruning.stdout).not.toContain('- cat-2');
    expect(pruning.stdout).toContain('kept (not owned by cats-repo)');
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    expect(await metadataOf('cat-1')).toMatchObject({
      only: 1.5,
      split: 'train',
      kiliSync: { owner: 'cats-repo' },
    });
    expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);
  });
});

describe('provenance and the default owner', () => {
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-C', fixture.folder, '-c', 'user.name=t', '-c', 'user.email=t@e', ...args],
      {
        encoding: 'utf8',
      },
    ).trim();

  it('names the owner after the git remote, and records the commit and manifest of each write', async () => {
    await writeFile(
      join(fixture.folder, 'cats.yaml'),
      ownedManifest(undefined, 'owned', urlAsset('cat-1')),
    );
    git('init', '--quiet');
    git('remote', 'add', 'origin', 'git@github.com:acme/cats-repo.git');
    git('add', 'cats.yaml');
    git('commit', '--quiet', '-m', 'cats');
    const commit = git('rev-parse', 'HEAD');

    const plan = await runApply(fixture, ['plan', 'cats.yaml']);
    expect(plan.stdout).toContain('owner cats-repo, prune: owned');
    expect((await runApply(fixture, ['apply', 'cats.yaml', '--auto-approve'])).code).toBe(0);
    expect(await metadataOf('cat-1')).toMatchObject({
      kiliSync: { owner: 'cats-repo', commit, manifest: 'cats.yaml' },
    });

    await writeFile(join(fixture.folder, 'cats.yaml'), ownedManifest(undefined, 'owned', ''));
    const report = join(fixture.folder, 'plan.html');
    expect((await runApply(fixture, ['plan', 'cats.yaml', '--html', report])).code).toBe(0);
    const html = await readFile(report, 'utf8');
    expect(html).toContain(`written by ${commit.slice(0, 7)}, cats.yaml (owner cats-repo)`);
  });

  it('asks for an owner by name outside a git repository', async () => {
    const path = await fixture.writeManifest('cats.yaml', ownedManifest(undefined, 'owned', ''));
    const before = (await fixture.stats()).requests;
    const result = await runApply(fixture, ['plan', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cats.yaml:4:8');
    expect(result.stderr).toContain('owner: NAME');
    expect((await fixture.stats()).requests).toEqual(before);
  });
});
