import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';
import { captureRuntime } from '../helpers/capture-runtime.js';
import { API_KEY, type KiliFixture, makeAssets, startKiliFixture } from './kili-fixture.js';

const UPDATE = `mutation($whereArray: [AssetWhere!]!, $dataArray: [AssetData!]!) { data: updatePropertiesInAssets(where: $whereArray, data: $dataArray) { id } }`;

interface ExportedManifest {
  apiVersion: string;
  kind: string;
  project: string;
  prune: boolean;
  assets: Array<Record<string, unknown>>;
}

describe('kili-sync export', () => {
  let fixture: KiliFixture;
  let folder: string;
  let projectId: string;
  const env = () => ({
    KILI_API_KEY: API_KEY,
    KILI_API_ENDPOINT: fixture.emulator.graphqlUrl,
  });
  const run = async (argv: string[], extraEnv: Record<string, string> = {}) => {
    const runtime = captureRuntime({ env: { ...env(), ...extraEnv }, cwd: folder });
    const code = await main(argv, runtime);
    return { code, stdout: runtime.out(), stderr: runtime.err() };
  };

  beforeAll(async () => {
    fixture = await startKiliFixture();
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-export-'));
    projectId = await fixture.createProject('Cats & dogs');
    const ids = await fixture.appendAssets(projectId, [
      { externalId: 'plain', content: 'https://cdn.example.com/plain.jpg' },
      {
        externalId: 'rich',
        content: 'https://cdn.example.com/rich.jpg?sig=1&id=projects/p/assets/a/content',
        jsonContent: '{"pages": [1, 2.0]}',
        jsonMetadata: '{"split": "train", "kiliSync": {"sha256": "abc"}}',
      },
      { externalId: 'dup', content: 'https://cdn.example.com/dup.jpg' },
      { externalId: 'text', content: 'first line\nsecond: line\n' },
      { externalId: 'dup', content: 'https://cdn.example.com/dup-labeled.jpg' },
    ]);
    await fixture.admin.request(UPDATE, {
      whereArray: [{ id: ids[1] }],
      dataArray: [
        {
          priority: 2,
          isHoneypot: true,
          honeypotMark: 0.5,
          consensusMark: 0.25,
          isUsedForConsensus: true,
          toBeLabeledBy: ['zoe@example.com', 'ana@example.com'],
          shouldResetToBeLabeledBy: true,
        },
      ],
    });
    // The newer copy of `dup` holds a label: plan manages that copy, so export writes it.
    await fixture.labelAssets([ids[4]!]);
  });
  afterAll(async () => {
    await fixture.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('writes a manifest that reproduces the project on stdout', async () => {
    const { code, stdout, stderr } = await run(['export', '--project', projectId]);
    expect(code).toBe(0);
    const manifest = parse(stdout) as ExportedManifest;
    expect(manifest).toEqual({
      apiVersion: 'kili-sync/v1',
      kind: 'AssetSet',
      project: projectId,
      prune: false,
      assets: [
        { externalId: 'plain', content: 'https://cdn.example.com/plain.jpg' },
        {
          externalId: 'rich',
          // Its content is a signed URL: left out (a credential), so it is not managed.
          jsonContent: { pages: [1, 2] },
          jsonMetadata: { split: 'train' },
          priority: 2,
          isHoneypot: true,
          honeypotMark: 0.5,
          consensusMark: 0.25,
          isUsedForConsensus: true,
          toBeLabeledBy: ['ana@example.com', 'zoe@example.com'],
        },
        { externalId: 'dup', content: 'https://cdn.example.com/dup-labeled.jpg' },
        { externalId: 'text', content: 'first line\nsecond: line\n' },
      ],
    });
    expect(stderr).toContain('1 external ID is held by several assets');
    expect(stderr).toContain(`exported 4 assets of project ${projectId}`);
    expect(stdout + stderr).not.toContain(API_KEY);
  });

  it('writes to --out without leaving a temporary file, and plans no change', async () => {
    const { code, stdout } = await run(['export', '--project', projectId, '--out', 'cats.yaml']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    // Beside the manifest: the snapshot of what the export read, for the next plan.
    expect((await readdir(folder)).sort()).toEqual(['.kili-sync', 'cats.yaml']);
    const manifest = parse(await readFile(join(folder, 'cats.yaml'), 'utf8')) as ExportedManifest;
    expect(manifest.assets.map((asset) => asset.externalId)).toEqual([
      'plain',
      'rich',
      'dup',
      'text',
    ]);

    const plan = await run(['plan', 'cats.yaml', '--format', 'json', '--detailed-exitcode']);
    expect(plan.stderr).not.toContain('error');
    expect(plan.code).toBe(0);
    const document = JSON.parse(plan.stdout) as {
      projects: Array<{ summary: Record<string, number>; read: { method: string } }>;
    };
    expect(document.projects[0]!.summary).toMatchObject({
      add: 0,
      update: 0,
      rename: 0,
      delete: 0,
      unchanged: 4,
    });
    // The export's snapshot makes that plan incremental, and it still sees every asset.
    expect(document.projects[0]!.read.method).toBe('incremental');
  });

  it('creates the folder --out names, and says how to manage hosted content by project type', async () => {
    const image = await run(['export', '--project', projectId, '--out', 'exported/cats.yaml']);
    expect(image.code, image.stderr).toBe(0);
    expect((await readdir(join(folder, 'exported'))).sort()).toEqual(['cats.yaml']);
    expect(image.stderr).toContain('declare `file:` to manage it from the repository');

    const textProject = await fixture.createProject('Reviews', 'TEXT');
    await fixture.appendAssets(textProject, [
      { externalId: 'r-1', content: 'https://cdn.example.com/r-1.txt?signature=s&id=x' },
    ]);
    const text = await run(['export', '--project', textProject, '--out', 'exported/texts/r.yaml']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toContain('declare its text as `content:` (or a `file:`)');
  });

  it('keeps no snapshot with --no-cache, and plans in full after it', async () => {
    const bare = await mkdtemp(join(tmpdir(), 'kili-sync-export-no-cache-'));
    try {
      const out = join(bare, 'cats.yaml');
      const { code } = await run(['export', '--project', projectId, '--out', out, '--no-cache']);
      expect(code).toBe(0);
      expect(await readdir(bare)).toEqual(['cats.yaml']);
      const plan = await run(['plan', out, '--format', 'json', '--detailed-exitcode']);
      expect(plan.code).toBe(0);
      expect(JSON.parse(plan.stdout).projects[0].read.method).toBe('full');
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });

  it('reads a large project page by page', async () => {
    const bigId = await fixture.createProject('Big');
    await fixture.appendAssets(bigId, makeAssets(250));
    await fixture.resetStats();
    const { code, stdout } = await run(['export', '--project', bigId]);
    expect(code).toBe(0);
    const manifest = parse(stdout) as ExportedManifest;
    expect(manifest.assets).toHaveLength(250);
    expect(manifest.assets[249]).toEqual({
      externalId: 'asset-0249',
      content: 'https://cdn.example.com/asset/249.jpg',
    });
    expect((await fixture.stats()).requests).toEqual({ projects: 1, countAssets: 2, assets: 3 });
  });

  it('exports an empty project as an empty asset list', async () => {
    const emptyId = await fixture.createProject('Empty');
    const { code, stdout } = await run(['export', '--project', emptyId]);
    expect(code).toBe(0);
    expect((parse(stdout) as ExportedManifest).assets).toEqual([]);
  });

  it('fails clearly for an unknown project, a missing key or a refused key', async () => {
    const unknown = await run(['export', '--project', 'clnothere000000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('project clnothere000000000000000 does not exist');
    expect(unknown.stdout).toBe('');

    const runtime = captureRuntime({ env: { KILI_API_ENDPOINT: fixture.emulator.graphqlUrl } });
    expect(await main(['export', '--project', projectId], runtime)).toBe(1);
    expect(runtime.err()).toContain('KILI_API_KEY');

    const refusedKey = 'refused-Secret-key-0a9b';
    const refused = await run(['export', '--project', projectId], { KILI_API_KEY: refusedKey });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the API key was refused');
    expect(refused.stderr + refused.stdout).not.toContain(refusedKey);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });

  it('requires --project', async () => {
    const { code, stderr } = await run(['export']);
    expect(code).toBe(1);
    expect(stderr).toContain('--project');
  });
});
