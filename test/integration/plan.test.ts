import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlanJson } from '../../src/plan/plan-document.js';
import type { Change, Plan } from '../../src/plan/types.js';
import {
  type ApplyFixture,
  labelAsset,
  manifest,
  runApply as runCli,
  startApplyFixture,
} from './apply-support.js';
import { OPS } from './emulator-support.js';

/** Seeds assets with raw GraphQL, as any other Kili client would have created them. */
async function appendRaw(
  fixture: ApplyFixture,
  projectId: string,
  assets: { id: string; externalId: string; content: string; metadata?: object }[],
): Promise<void> {
  await fixture.client.request(OPS.appendManyAssets, {
    data: {
      contentArray: assets.map((asset) => asset.content),
      externalIDArray: assets.map((asset) => asset.externalId),
      idArray: assets.map((asset) => asset.id),
      isHoneypotArray: assets.map(() => false),
      jsonContentArray: assets.map(() => ''),
      jsonMetadataArray: assets.map((asset) => JSON.stringify(asset.metadata ?? {})),
    },
    where: { id: projectId },
  });
}

const summaryOf = (change: Change) => ({
  action: change.action,
  externalId: change.externalId,
  fields: 'fields' in change ? Object.keys(change.fields).sort() : [],
  blocked: 'blocked' in change ? change.blocked : undefined,
});

describe('kili-sync plan against the emulator', () => {
  let fixture: ApplyFixture;
  let projectId: string;

  beforeAll(async () => {
    fixture = await startApplyFixture();
    projectId = await fixture.createProject('Plan test');
    await appendRaw(fixture, projectId, [
      { id: 'ckeep000000000000000000001', externalId: 'keep', content: 'https://x/keep.jpg' },
      {
        id: 'cmeta000000000000000000001',
        externalId: 'meta',
        content: 'https://x/meta.jpg',
        metadata: { b: 2, a: 1 },
      },
      { id: 'cold0000000000000000000001', externalId: 'old-name', content: 'https://x/old.jpg' },
      { id: 'cgone000000000000000000001', externalId: 'gone', content: 'https://x/gone.jpg' },
      { id: 'clabl000000000000000000001', externalId: 'labeled', content: 'https://x/l.jpg' },
      { id: 'cdup1000000000000000000001', externalId: 'dup', content: 'https://x/dup.jpg' },
      { id: 'cdup2000000000000000000001', externalId: 'dup', content: 'https://x/dup.jpg' },
    ]);
    await labelAsset(fixture.client, 'clabl000000000000000000001');
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('plans add, update, rename, delete, blocked and duplicate changes as JSON', async () => {
    const path = await fixture.writeManifest(
      'project.yaml',
      manifest(
        projectId,
        `
  - externalId: keep
    content: https://x/keep.jpg
  - externalId: meta
    jsonMetadata: { a: 1.0, b: 2 }
    priority: 4
  - externalId: new-name
    renamedFrom: old-name
  - externalId: added
    content: https://x/added.jpg
  - externalId: dup
  - externalId: labeled
    content: https://x/replaced.jpg`,
        true,
      ),
    );
    const result = await runCli(fixture, ['plan', path, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const plan = parsePlanJson(result.stdout, 'stdout') as Plan;
    const [project] = plan.projects;
    expect(project?.remote.count).toBe(7);
    expect(project?.changes.map(summaryOf)).toEqual([
      {
        action: 'add',
        externalId: 'added',
        fields: ['content'],
        blocked: undefined,
      },
      { action: 'delete', externalId: 'dup', fields: [], blocked: undefined },
      { action: 'delete', externalId: 'gone', fields: [], blocked: undefined },
      {
        action: 'update',
        externalId: 'labeled',
        fields: ['content'],
        blocked: 'content-change-labeled',
      },
      // Key order and 1 vs 1.0 in metadata are not changes: only the priority is.
      { action: 'update', externalId: 'meta', fields: ['priority'], blocked: undefined },
      { action: 'rename', externalId: 'new-name', fields: ['externalId'], blocked: undefined },
    ]);
    const rename = project?.changes.find((change) => change.action === 'rename');
    expect(rename && 'assetId' in rename ? rename.assetId : undefined).toBe(
      'cold0000000000000000000001',
    );
    expect(project?.summary).toEqual({
      add: 1,
      update: 2,
      rename: 1,
      delete: 2,
      unchanged: 2,
      blocked: 1,
    });
    expect(project?.warnings.map((warning) => warning.code)).toContain('remote-duplicate');
  });

  it('with prune off, reads only the declared assets and never deletes', async () => {
    const path = await fixture.writeManifest(
      'partial.yaml',
      manifest(projectId, '\n  - externalId: keep\n    priority: 1'),
    );
    const before = (await fixture.stats()).requests.assets ?? 0;
    const result = await runCli(fixture, ['plan', path, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const [project] = (JSON.parse(result.stdout) as Plan).projects;
    expect(project?.changes.map(summaryOf)).toEqual([
      { action: 'update', externalId: 'keep', fields: ['priority'], blocked: undefined },
    ]);
    expect((await fixture.stats()).requests.assets).toBe(before + 1);
  });

  it('with prune off, says how many assets no manifest declares, and lists them with --verbose', async () => {
    const big = await fixture.createProject('Mostly undeclared');
    const ids = Array.from({ length: 210 }, (_, i) => `u-${String(i).padStart(3, '0')}`);
    for (let start = 0; start < ids.length; start += 100) {
      await appendRaw(
        fixture,
        big,
        ids.slice(start, start + 100).map((externalId, i) => ({
          id: `cundeclared${String(start + i).padStart(14, '0')}`,
          externalId,
          content: `https://x/${externalId}.jpg`,
        })),
      );
    }
    const path = await fixture.writeManifest(
      'kept.yaml',
      manifest(big, '\n  - externalId: u-000\n  - externalId: u-001'),
    );
    // Only the declared assets are read: the others are counted, not named.
    const text = await runCli(fixture, ['plan', path, '--no-cache']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      '(208 assets in Kili are not declared in any manifest; kept (prune is off); --verbose lists them)',
    );
    const json = JSON.parse(
      (await runCli(fixture, ['plan', path, '--format', 'json', '--no-cache'])).stdout,
    ) as Plan;
    expect(json.projects[0]?.undeclared).toEqual({ count: 208 });
    const markdown = await runCli(fixture, ['plan', path, '--format', 'markdown', '--no-cache']);
    expect(markdown.stdout).toContain(
      `\`${big}\`: 208 assets in Kili are not declared in any manifest; kept (prune is off).`,
    );

    // --verbose reads the whole project, so it can name them (the first 100).
    const verbose = await runCli(fixture, ['plan', path, '--verbose', '--no-cache']);
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(verbose.stdout).toContain(
      '(208 assets in Kili are not declared in any manifest; kept (prune is off))',
    );
    expect(verbose.stdout).toContain('    · u-002\n');
    expect(verbose.stdout).toContain('    … and 108 more\n');
    const listed = JSON.parse(
      (await runCli(fixture, ['plan', path, '--format', 'json', '--verbose', '--no-cache'])).stdout,
    ) as Plan;
    expect(listed.projects[0]?.undeclared?.externalIds).toEqual(ids.slice(2, 102));
  });

  it('writes Markdown, appends it to the GitHub step summary, and exits 2 on changes', async () => {
    const path = await fixture.writeManifest(
      'summary.yaml',
      manifest(projectId, '\n  - externalId: keep\n    priority: 2'),
    );
    const summaryFile = join(fixture.folder, 'step-summary.md');
    await writeFile(summaryFile, '# Earlier step\n');
    const env = { ...fixture.env(), GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile };
    const result = await runCli(
      fixture,
      ['plan', path, '--format', 'markdown', '--detailed-exitcode'],
      { env },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toContain('| Project |');
    expect(result.stdout).toContain('Plan: 0 to add, 1 to change, 0 to rename, 0 to delete.');
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary.startsWith('# Earlier step\n')).toBe(true);
    expect(summary).toContain(result.stdout.trim());
  });
});
