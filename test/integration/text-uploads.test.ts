import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createId } from '@paralleldrive/cuid2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Plan, UpdateChange } from '../../src/plan/types.js';
import {
  API_KEY,
  type ApplyFixture,
  labelAsset,
  listAllAssets,
  manifest,
  runApply,
  startApplyFixture,
} from './apply-support.js';
import { sdkAppend, sdkAppendRichText, sdkAppendTexts } from './sdk-style-assets.js';

/**
 * TEXT projects: inline raw text and rich text go through signed URLs, as the official SDK sends
 * them, and assets the SDK made (hosted text, no `kiliSync` record) are adopted without a change.
 */
describe('inline text uploaded like the SDK', () => {
  let fixture: ApplyFixture;
  beforeAll(async () => {
    fixture = await startApplyFixture();
  });
  afterAll(() => fixture.close());
  beforeEach(() => resetStats(fixture));

  it('adopts SDK-made texts: export then plan, and the same text declared inline, plan no change', async () => {
    const projectId = await fixture.createProject('sdk texts', 'TEXT');
    const texts = { 't-1': 'plain text one', 't-2': 'plain text two, é ✓\n' };
    await sdkAppendTexts(fixture, projectId, texts);

    const exported = await runApply(fixture, [
      'export',
      '--project',
      projectId,
      '--out',
      'sdk-export.yaml',
    ]);
    expect(exported.code).toBe(0);
    const planned = await runApply(fixture, ['plan', 'sdk-export.yaml', '--detailed-exitcode']);
    expect(planned.stdout).toContain('No changes');
    expect(planned.code).toBe(0);

    await resetStats(fixture);
    const path = await fixture.writeManifest(
      'sdk-inline.yaml',
      manifest(projectId, textLines(texts)),
    );
    const plan = await planJson(fixture, path);
    expect(plan.projects[0]?.summary).toMatchObject({ update: 0, add: 0, unchanged: 2 });
    // Each hosted text was fetched once to be compared, and counted in the read figures.
    expect(plan.projects[0]?.read?.hostedFetches).toBe(2);
    expect((await fixture.stats()).files.get).toBe(2);
  });

  it('remembers what it fetched in the snapshot: a text is fetched again only once its asset is written to', async () => {
    const projectId = await fixture.createProject('remembered texts', 'TEXT');
    const texts = { 'm-1': 'remembered one', 'm-2': 'remembered two' };
    await sdkAppendTexts(fixture, projectId, texts);
    const path = await fixture.writeManifest(
      'remembered.yaml',
      manifest(projectId, textLines(texts)),
    );
    const fetches = async (...flags: string[]) => {
      await resetStats(fixture);
      const result = await runApply(fixture, ['plan', path, '--format', 'json', ...flags]);
      expect(result.code).toBe(0);
      const plan = JSON.parse(result.stdout) as Plan;
      expect(plan.projects[0]?.summary).toMatchObject({ update: 0, unchanged: 2 });
      const { files } = await fixture.stats();
      expect(plan.projects[0]?.read?.hostedFetches ?? 0).toBe(files.get);
      return files.get;
    };

    expect(await fetches()).toBe(2);
    // Nothing written since: both comparisons come from the snapshot.
    expect(await fetches()).toBe(0);
    // A label moves the asset's updatedAt: that one text is fetched again, then remembered.
    const assets = await listAllAssets(fixture.client, projectId);
    await labelAsset(fixture.client, assets.find((asset) => asset.externalId === 'm-1')!.id);
    expect(await fetches()).toBe(1);
    expect(await fetches()).toBe(0);
    // --refresh trusts nothing remembered; --no-cache neither reads nor writes it.
    expect(await fetches('--refresh')).toBe(2);
    expect(await fetches('--no-cache')).toBe(2);
    expect(await fetches()).toBe(0);
    // An export rewrites the snapshot and keeps what was remembered.
    const exported = await runApply(fixture, ['export', '--project', projectId, '--out', 'm.yaml']);
    expect(exported.code).toBe(0);
    expect(await fetches()).toBe(0);

    // A text edited in the manifest is compared with the remembered sha256: one update, no fetch.
    await fixture.writeManifest(
      'remembered.yaml',
      manifest(projectId, textLines({ ...texts, 'm-2': 'remembered two, edited' })),
    );
    await resetStats(fixture);
    const plan = await planJson(fixture, path);
    expect(plan.projects[0]?.changes.map((change) => [change.action, change.externalId])).toEqual([
      ['update', 'm-2'],
    ]);
    expect((await fixture.stats()).files.get).toBe(0);
  });

  it('plans exactly one content update for an edited text, uploads it through a signed URL, then converges', async () => {
    const projectId = await fixture.createProject('edited text', 'TEXT');
    const texts = { 'e-1': 'first text', 'e-2': 'second text' };
    await sdkAppendTexts(fixture, projectId, texts);
    const edited = { ...texts, 'e-2': 'second text, edited' };
    const path = await fixture.writeManifest('edited.yaml', manifest(projectId, textLines(edited)));

    const plan = await planJson(fixture, path);
    const changes = plan.projects[0]!.changes as UpdateChange[];
    expect(changes.map((change) => [change.action, change.externalId])).toEqual([
      ['update', 'e-2'],
    ]);
    expect(Object.keys(changes[0]!.fields)).toEqual(['content']);
    expect(changes[0]!.uploads).toEqual({ content: { sha256: sha256('second text, edited') } });
    // The plan names what the asset holds without its signed URL.
    expect(JSON.stringify(plan)).not.toMatch(/signature=(?!\[hidden\])/);

    await resetStats(fixture);
    const applied = await runApply(fixture, ['apply', path, '--auto-approve']);
    expect(applied.code).toBe(0);
    const stats = await fixture.stats();
    expect(stats.files.put).toBe(1);
    expect(stats.requests).toMatchObject({
      createUploadBucketSignedUrls: 1,
      updatePropertiesInAssets: 1,
    });
    expect(stats.requests.appendManyAssets).toBeUndefined();

    const asset = (await listAllAssets(fixture.client, projectId)).find(
      (a) => a.externalId === 'e-2',
    )!;
    expect(asset.content).toMatch(/^http:\/\/.*signature=/);
    expect(await fetchText(asset.content)).toBe('second text, edited');
    expect(JSON.parse(asset.jsonMetadata)).toEqual({
      kiliSync: { sha256: sha256('second text, edited') },
    });

    await resetStats(fixture);
    const again = await runApply(fixture, ['plan', path, '--detailed-exitcode']);
    expect(again.code).toBe(0);
    // e-2 is compared by its record now, and e-1 (still as the SDK made it) by what the first
    // plan fetched, remembered in the snapshot: nothing is fetched.
    expect((await fixture.stats()).files.get).toBe(0);
  });

  it('adds inline texts by uploading them, never inline in appendManyAssets', async () => {
    const projectId = await fixture.createProject('added texts', 'TEXT');
    const texts = { 'a-1': 'added one', 'a-2': 'added two', 'a-url': 'https://example.com/t.txt' };
    const path = await fixture.writeManifest('added.yaml', manifest(projectId, textLines(texts)));
    const applied = await runApply(fixture, ['apply', path, '--auto-approve']);
    expect(applied.code).toBe(0);
    // Two texts uploaded; the URL is a hosted file and is sent as it is, as the SDK does.
    expect((await fixture.stats()).files.put).toBe(2);

    const assets = await listAllAssets(fixture.client, projectId);
    const byId = new Map(assets.map((asset) => [asset.externalId, asset]));
    expect(byId.get('a-url')?.content).toBe('https://example.com/t.txt');
    for (const id of ['a-1', 'a-2'] as const) {
      const asset = byId.get(id)!;
      expect(asset.content).not.toBe(texts[id]);
      expect(await fetchText(asset.content)).toBe(texts[id]);
      expect(JSON.parse(asset.jsonMetadata).kiliSync).toEqual({ sha256: sha256(texts[id]) });
    }
    const again = await runApply(fixture, ['apply', path, '--auto-approve']);
    expect(again.stdout).toContain('No changes');
    expect((await fixture.stats()).files.put).toBe(2);
  });

  it('uploads rich text (jsonContent) the same way, recorded apart from content', async () => {
    const projectId = await fixture.createProject('rich text', 'TEXT');
    const rich = { text: 'Hello', spans: [{ start: 0, end: 5, bold: true }] };
    await sdkAppendRichText(fixture, projectId, 'r-sdk', rich);
    const lines = (value: unknown, extra = '') =>
      `\n  - externalId: r-sdk\n    jsonContent: ${JSON.stringify(value)}` +
      `\n  - externalId: r-ks\n    content: plain body\n    jsonContent: ${JSON.stringify({ v: 1 })}${extra}`;

    // The SDK's rich text declared as it is: no change once the hosted JSON is compared.
    const adds = await fixture.writeManifest('rich.yaml', manifest(projectId, lines(rich)));
    let plan = await planJson(fixture, adds);
    expect(plan.projects[0]?.summary).toMatchObject({ add: 1, update: 0, unchanged: 1 });
    expect(plan.projects[0]?.changes[0]).toMatchObject({
      action: 'add',
      externalId: 'r-ks',
      uploads: {
        content: { sha256: sha256('plain body') },
        jsonContent: { sha256: sha256('{"v":1}') },
      },
    });
    await resetStats(fixture);
    expect((await runApply(fixture, ['apply', adds, '--auto-approve'])).code).toBe(0);
    expect((await fixture.stats()).files.put).toBe(2);
    const added = (await listAllAssets(fixture.client, projectId)).find(
      (asset) => asset.externalId === 'r-ks',
    )!;
    expect(await fetchText(added.jsonContent)).toBe('{"v":1}');
    expect(JSON.parse(added.jsonMetadata).kiliSync).toEqual({
      sha256: sha256('plain body'),
      jsonContentSha256: sha256('{"v":1}'),
    });

    // Edited rich text on both assets: one jsonContent update each, content untouched.
    const edited = { ...rich, text: 'Hello!' };
    const path = await fixture.writeManifest(
      'rich-edited.yaml',
      manifest(projectId, lines(edited)),
    );
    const editedKs = (await readFile(path, 'utf8')).replace('{"v":1}', '{"v":2}');
    await fixture.writeManifest('rich-edited.yaml', editedKs);
    plan = await planJson(fixture, path);
    const changes = plan.projects[0]!.changes as UpdateChange[];
    expect(changes.map((change) => [change.externalId, Object.keys(change.fields)])).toEqual([
      ['r-ks', ['jsonContent']],
      ['r-sdk', ['jsonContent']],
    ]);
    await resetStats(fixture);
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    expect((await fixture.stats()).files.put).toBe(2);
    const after = new Map(
      (await listAllAssets(fixture.client, projectId)).map((asset) => [asset.externalId, asset]),
    );
    expect(JSON.parse(await fetchText(after.get('r-sdk')!.jsonContent))).toEqual(edited);
    expect(JSON.parse(after.get('r-ks')!.jsonMetadata).kiliSync).toEqual({
      sha256: sha256('plain body'),
      jsonContentSha256: sha256('{"v":2}'),
    });
    const again = await runApply(fixture, ['plan', path, '--detailed-exitcode']);
    expect(again.code).toBe(0);
  });

  it('plans a hosted text that cannot be read as changed, and says so without its signature', async () => {
    const projectId = await fixture.createProject('unreadable', 'TEXT');
    const gone = `${fixture.emulator.url}/api/label/v2/files?signature=Gone-Secret-1&id=nothing`;
    await sdkAppend(fixture, projectId, {
      contentArray: [gone],
      externalIDArray: ['g-1'],
      idArray: [createId()],
      jsonContentArray: [''],
    });
    const path = await fixture.writeManifest(
      'unreadable.yaml',
      manifest(projectId, textLines({ 'g-1': 'some text' })),
    );
    const planned = await runApply(fixture, ['plan', path, '--detailed-exitcode']);
    expect(planned.code).toBe(2);
    expect(planned.stderr).toContain('the hosted content of g-1 could not be read');
    expect(planned.stdout + planned.stderr).not.toContain('Gone-Secret-1');
    expect(await runApply(fixture, ['apply', path, '--auto-approve'])).toMatchObject({ code: 0 });
    expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);
  });

  it('applies a saved plan of inline texts exactly: uploads, then converges', async () => {
    const projectId = await fixture.createProject('saved plan', 'TEXT');
    const path = await fixture.writeManifest(
      'saved.yaml',
      manifest(projectId, textLines({ 's-1': 'saved one', 's-2': 'saved two' })),
    );
    expect((await runApply(fixture, ['plan', path, '--out', 'saved.json'])).code).toBe(0);
    const saved = await readFile(join(fixture.folder, 'saved.json'), 'utf8');
    expect(saved).not.toContain('signature=');
    await resetStats(fixture);
    const applied = await runApply(fixture, ['apply', '--plan', 'saved.json', '--auto-approve']);
    expect(applied.code).toBe(0);
    expect((await fixture.stats()).files.put).toBe(2);
    expect((await runApply(fixture, ['plan', path, '--detailed-exitcode'])).code).toBe(0);
  });

  it('refuses to upload a text that is not the one a saved plan was made with', async () => {
    const projectId = await fixture.createProject('tampered', 'TEXT');
    const path = await fixture.writeManifest(
      'tampered.yaml',
      manifest(projectId, textLines({ 'x-1': 'reviewed' })),
    );
    expect((await runApply(fixture, ['plan', path, '--out', 'tampered.json'])).code).toBe(0);
    const planPath = join(fixture.folder, 'tampered.json');
    const saved = JSON.parse(await readFile(planPath, 'utf8')) as Plan;
    const change = saved.projects[0]!.changes[0]!;
    if (change.action !== 'add') throw new Error('expected an add');
    change.fields.content = { before: null, after: 'not reviewed' };
    // The tampered plan keeps a consistent hash, as anyone editing it could make it.
    const { computePlanHash } = await import('../../src/plan/hash.js');
    saved.planHash = computePlanHash(saved);
    await fixture.writeManifest('tampered.json', JSON.stringify(saved));
    await resetStats(fixture);
    const applied = await runApply(fixture, ['apply', '--plan', 'tampered.json', '--auto-approve']);
    expect(applied.code).not.toBe(0);
    // Refused before any request: the upload's sha256 is not that of the text the plan shows.
    expect(applied.stderr).toContain('content the plan does not show');
    const stats = await fixture.stats();
    expect(stats.files.put).toBe(0);
    expect(stats.requests.appendManyAssets).toBeUndefined();
  });
});

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function textLines(texts: Record<string, string>): string {
  return Object.entries(texts)
    .map(([id, text]) => `\n  - externalId: ${id}\n    content: ${JSON.stringify(text)}`)
    .join('');
}

async function resetStats(fixture: ApplyFixture): Promise<void> {
  const response = await fetch(`${fixture.emulator.url}/api/label/v2/_emulator/stats/reset`, {
    method: 'POST',
    headers: { authorization: `X-API-Key: ${API_KEY}` },
  });
  await response.arrayBuffer();
}

async function planJson(fixture: ApplyFixture, path: string): Promise<Plan> {
  const result = await runApply(fixture, ['plan', path, '--format', 'json']);
  if (result.code !== 0) throw new Error(`plan failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Plan;
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.text();
}
