import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KiliClient } from '../../src/kili/client.js';
import { runCli } from '../helpers/run-cli.js';
import { labelAsset, listAllAssets } from '../integration/apply-support.js';

const apiKey = 'consent-flags-Secret-91c2';

const APPEND =
  'mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }';
const CREATE_PROJECT =
  'mutation createProject($data: CreateProjectData!) { data: createProject(data: $data) { id } }';

/** Every consent flag an output names, sorted. */
function flagsNamed(text: string): string[] {
  const found = text.match(/--(allow-label-loss|allow-delete|allow-mass-delete|take-ownership)\b/g);
  return [...new Set(found ?? [])].sort();
}

interface Scenario {
  name: string;
  /** What Kili holds before: external IDs, which are labeled, which another owner marked. */
  assets: string[];
  labeled?: string[];
  markedBy?: Record<string, string>;
  /** The manifest's header lines after `project:`, and its assets. */
  header: string[];
  declared: { externalId: string; content?: string; metadata?: string }[];
  /** What apply needs, as the README documents it. */
  expected: string[];
}

const url = (id: string) => `https://cdn.example.com/${id}.jpg`;

/** One scenario per combination the consent rule knows, and one with every consent at once. */
const SCENARIOS: Scenario[] = [
  {
    name: 'none',
    assets: ['n1'],
    header: ['prune: true'],
    declared: [{ externalId: 'n1' }, { externalId: 'n2' }],
    expected: [],
  },
  {
    name: 'delete',
    assets: ['d1', 'd2', 'd3', 'd4'],
    header: ['prune: true'],
    declared: [{ externalId: 'd1' }, { externalId: 'd2' }, { externalId: 'd3' }],
    expected: ['--allow-delete'],
  },
  {
    name: 'mass-delete',
    assets: ['m1', 'm2', 'm3', 'm4'],
    header: ['prune: true'],
    declared: [{ externalId: 'm1' }],
    expected: ['--allow-delete', '--allow-mass-delete'],
  },
  {
    name: 'label-loss',
    assets: ['l1', 'l2'],
    labeled: ['l1'],
    header: ['prune: false'],
    declared: [{ externalId: 'l1', content: url('l1-new') }, { externalId: 'l2' }],
    expected: ['--allow-label-loss'],
  },
  {
    name: 'ownership',
    assets: ['o1', 'o2'],
    markedBy: { o1: 'dogs-repo' },
    header: ['owner: cats-repo', 'prune: false'],
    declared: [{ externalId: 'o1', metadata: '{ split: train }' }],
    expected: ['--take-ownership'],
  },
  {
    name: 'everything',
    assets: ['e1', 'e2', 'e3', 'e4'],
    labeled: ['e2'],
    markedBy: { e1: 'dogs-repo' },
    header: ['owner: cats-repo', 'prune: all'],
    declared: [{ externalId: 'e1', metadata: '{ split: train }' }],
    expected: ['--allow-delete', '--allow-label-loss', '--allow-mass-delete', '--take-ownership'],
  },
];

/**
 * The consent flags apply needs come from one rule: every output that names them (the text,
 * Markdown and HTML plans, the GitHub step summary, `plan --out`'s next-step command, the
 * refusal without a terminal, `apply --plan`'s refusal) names exactly the same ones, for every
 * combination of deletes, mass delete, label loss and ownership conflict. Through the built
 * CLI, against the emulator.
 */
describe('consent flags, named alike everywhere', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let folder: string;
  let client: KiliClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-consent-'));
    emulator = await startEmulator({ port: 0, db: ':memory:', apiKey });
    client = new KiliClient({ endpoint: emulator.graphqlUrl, apiKey });
    env = { KILI_API_KEY: apiKey, KILI_API_ENDPOINT: emulator.graphqlUrl };
  });

  afterAll(async () => {
    await emulator?.close();
    await rm(folder, { recursive: true, force: true });
  });

  /** Creates the scenario's project as Kili holds it, and writes its manifest. */
  async function prepare(scenario: Scenario): Promise<{ projectId: string; path: string }> {
    const created = await client.request<{ data: { id: string } }>(CREATE_PROJECT, {
      data: { title: scenario.name, inputType: 'IMAGE', jsonInterface: '{}' },
    });
    const projectId = created.data.id;
    await client.request(APPEND, {
      data: {
        contentArray: scenario.assets.map(url),
        externalIDArray: scenario.assets,
        jsonMetadataArray: scenario.assets.map((id) => {
          const owner = scenario.markedBy?.[id];
          return JSON.stringify(owner === undefined ? {} : { kiliSync: { owner } });
        }),
      },
      where: { id: projectId },
    });
    const assets = await listAllAssets(client, projectId);
    for (const externalId of scenario.labeled ?? []) {
      await labelAsset(client, assets.find((asset) => asset.externalId === externalId)!.id);
    }
    const lines = scenario.declared.flatMap(({ externalId, content, metadata }) => [
      `  - externalId: ${externalId}`,
      `    content: ${content ?? url(externalId)}`,
      ...(metadata === undefined ? [] : [`    jsonMetadata: ${metadata}`]),
    ]);
    const path = join(folder, `${scenario.name}.yaml`);
    await writeFile(
      path,
      [
        'apiVersion: kili-sync/v1',
        'kind: AssetSet',
        `project: ${projectId}`,
        ...scenario.header,
        'assets:',
        ...lines,
        '',
      ].join('\n'),
    );
    return { projectId, path };
  }

  const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
    runCli(args, { env: { ...env, ...extraEnv }, cwd: folder });

  /** The command `plan --out` prints as the next step, as arguments after `kili-sync`. */
  const nextStep = (stderr: string): string[] | undefined =>
    stderr
      .split('\n')
      .find((line) => line.trim().startsWith('kili-sync apply --plan'))
      ?.trim()
      .split(' ')
      .slice(1);

  for (const scenario of SCENARIOS) {
    it(`names ${scenario.expected.join(' ') || 'no flag'} in every output (${scenario.name})`, async () => {
      const { path } = await prepare(scenario);
      const summaryFile = join(folder, `${scenario.name}.summary.md`);
      const planFile = `${scenario.name}.plan.json`;
      // Read-only runs, at once: the plans, and apply without a terminal or a flag, which
      // refuses before any write, naming all it lacks.
      const [text, markdown, html, refused] = await Promise.all([
        cli(['plan', path, '--out', planFile]),
        cli(['plan', path, '--format', 'markdown'], {
          GITHUB_ACTIONS: 'true',
          GITHUB_STEP_SUMMARY: summaryFile,
        }),
        cli(['plan', path, '--format', 'html', '--report-images', 'none']),
        cli(['apply', path]),
      ]);
      for (const run of [text, markdown, html]) expect(run.code, run.stderr).toBe(0);
      const command = nextStep(text.stderr);
      expect(command, text.stderr).toBeDefined();
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('--auto-approve');

      const outputs = {
        text: text.stdout,
        markdown: markdown.stdout,
        summary: await readFile(summaryFile, 'utf8'),
        html: html.stdout,
        nextStep: command!.join(' '),
        refusal: refused.stderr,
      };
      for (const [output, content] of Object.entries(outputs)) {
        expect(flagsNamed(content), output).toEqual([...scenario.expected].sort());
      }

      // The saved plan without its flags is refused for exactly those; with them it runs.
      if (scenario.expected.length > 0) {
        const saved = await cli(['apply', '--plan', planFile]);
        expect(saved.code).toBe(1);
        expect(flagsNamed(saved.stderr)).toEqual([...scenario.expected].sort());
      }
      const applied = await cli(command!);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stdout).toContain('Apply complete!');
      const again = await cli(['plan', path, '--detailed-exitcode']);
      expect(again.code, again.stdout).toBe(0);
    });
  }

  describe('a pruned plan that deletes 3 of 4 assets', () => {
    const massDelete = SCENARIOS.find((scenario) => scenario.name === 'mass-delete')!;

    it('says in text and Markdown that apply needs --allow-mass-delete', async () => {
      const { path } = await prepare({ ...massDelete, name: 'measured-text' });
      const text = await cli(['plan', path]);
      expect(text.stdout).toContain(
        'Apply needs --allow-mass-delete: 1 project would lose more than half of its assets.',
      );
      expect(text.stdout).toContain('Apply needs --allow-delete: 3 assets would be deleted.');
      const markdown = await cli(['plan', path, '--format', 'markdown']);
      expect(markdown.stdout).toContain(
        '**Apply needs** `--allow-delete` (3 assets would be deleted), `--allow-mass-delete` (1 project would lose more than half of its assets).',
      );
    });

    it('prints a next-step command that apply accepts as it is', async () => {
      const { projectId, path } = await prepare({ ...massDelete, name: 'measured-out' });
      const planned = await cli(['plan', path, '--out', 'measured.json']);
      expect(planned.stderr).toContain(
        'kili-sync apply --plan measured.json --allow-delete --allow-mass-delete\n',
      );
      const applied = await cli(nextStep(planned.stderr)!);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stdout).toContain('3 deleted');
      expect(await listAllAssets(client, projectId)).toHaveLength(1);
    });

    it('without a terminal, names every missing flag and --auto-approve in one refusal', async () => {
      const { projectId, path } = await prepare({ ...massDelete, name: 'measured-tty' });
      const refused = await cli(['apply', path]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        'refusing to apply: 3 assets would be deleted; 1 project would lose more than half of its assets; apply needs confirmation, and stdin is not a terminal',
      );
      expect(refused.stderr).toContain(
        'rerun with --allow-delete --allow-mass-delete --auto-approve',
      );
      expect(await listAllAssets(client, projectId)).toHaveLength(4);
      const rerun = await cli([
        'apply',
        path,
        '--allow-delete',
        '--allow-mass-delete',
        '--auto-approve',
      ]);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(await listAllAssets(client, projectId)).toHaveLength(1);
    });
  });
});
