import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { upsertPlanComment } from '../../src/action/plan-comment.js';
import { CACHE_FOLDER } from '../../src/files/cache-dir.js';
import { loadSnapshot, saveSnapshot, snapshotPath } from '../../src/files/snapshot-store.js';
import { SNAPSHOT_FIELD_SET } from '../../src/kili/operations.js';
import { startGithubStandIn } from '../../test/action/github-stand-in.js';
import {
  type AttackEmulator,
  forgePlan,
  labelAsset,
  listAssets,
  manifestText,
  runCli,
  sha256,
  startAttackEmulator,
  writeManifestFile,
} from './attack-support.js';

/**
 * What a pull request can try against a reviewed apply, each attack as CI would meet it: the
 * built CLI against an emulator, on files the attacker wrote. An attack holds when kili-sync
 * refuses it (or ignores what was forged) and Kili is left as it was.
 */
export interface AttackOutcome {
  attack: string;
  /** What kili-sync must do. */
  expected: string;
  held: boolean;
  /** What was observed. */
  evidence: string;
}

interface AttackContext {
  workDir: string;
  apiKey: string;
}

const SECRET = 'attack-secret-7f3a';

type Attack = (context: AttackContext) => Promise<AttackOutcome[]>;

/** Runs every attack, one after another (each starts its own emulator). */
export async function runAttacks(context: AttackContext): Promise<AttackOutcome[]> {
  const outcomes: AttackOutcome[] = [];
  for (const attack of ATTACKS) outcomes.push(...(await attack(context)));
  return outcomes;
}

const ATTACKS: Attack[] = [
  symlinkedPath,
  editedSavedPlans,
  forgedSnapshots,
  committedSnapshot,
  deepValue,
  foreignComment,
  signedReadUrl,
];

/** A folder committed as `manifests -> ../..` makes a file outside the checkout "inside". */
async function symlinkedPath({ workDir, apiKey }: AttackContext): Promise<AttackOutcome[]> {
  const outer = await mkdtemp(join(workDir, 'attack-link-'));
  const repo = join(outer, 'work', 'repo');
  await mkdir(join(repo, '.git'), { recursive: true });
  await mkdir(join(repo, 'real'), { recursive: true });
  await mkdir(join(outer, '_temp'), { recursive: true });
  await writeFile(join(outer, '_temp', 'secret.txt'), SECRET);
  await writeFile(
    join(repo, 'real', 'm.yaml'),
    manifestText('attack-text', '\n  - externalId: steal-1\n    file: ../../../_temp/secret.txt'),
  );
  execFileSync('ln', ['-s', '../..', join(repo, 'manifests')]);
  const emulator = await startAttackEmulator(apiKey, [{ id: 'attack-text', inputType: 'TEXT' }]);
  try {
    const plan = await runCli(['plan', 'manifests', '--html', 'r.html'], repo, emulator.env);
    const apply = await runCli(['apply', 'manifests', '--auto-approve'], repo, emulator.env);
    const leaked = [plan, apply].some((run) => `${run.stdout}${run.stderr}`.includes(SECRET));
    const requests = await emulator.requestCount();
    return [
      {
        attack: 'symlinked PATH (`manifests -> ../..`) uploads a file outside the checkout',
        expected: 'refused before any request, naming the link',
        held:
          plan.code === 1 &&
          apply.code === 1 &&
          plan.stderr.includes('is a symbolic link') &&
          !leaked &&
          requests === 0 &&
          !existsSync(join(repo, 'r.html')) &&
          !existsSync(join(outer, '.kili-sync')),
        evidence: `plan and apply exit ${plan.code}/${apply.code}; ${requests} requests; no report, no cache outside`,
      },
    ];
  } finally {
    await emulator.close();
  }
}

/** A saved plan showing `~ lab-1 priority 0 -> 3`, edited to replace the labeled text. */
async function editedSavedPlans({ workDir, apiKey }: AttackContext): Promise<AttackOutcome[]> {
  const dir = await mkdtemp(join(workDir, 'attack-plan-'));
  const projectId = 'attack-labeled';
  const emulator = await startAttackEmulator(apiKey, [{ id: projectId, inputType: 'TEXT' }]);
  try {
    const texts = (priority: number) =>
      manifestText(
        projectId,
        `\n  - externalId: lab-1\n    content: "labeled work"\n    priority: ${priority}`,
      );
    await writeManifestFile(dir, 'm.yaml', texts(0));
    await runCli(['apply', 'm.yaml', '--auto-approve'], dir, emulator.env);
    const [labeled] = await listAssets(emulator, projectId);
    await labelAsset(emulator, labeled!.id);
    await writeManifestFile(dir, 'm.yaml', texts(3));
    await writeFile(join(dir, 'evil.txt'), 'replacement');
    const evil = { path: 'evil.txt', sha256: sha256('replacement'), mimeType: 'text/plain' };
    const variants: [string, (change: Record<string, unknown>) => void][] = [
      ['`file` added', (change) => Object.assign(change, { file: evil })],
      [
        '`uploads.content` (sha256 of an empty text) added',
        (change) => Object.assign(change, { uploads: { content: { sha256: sha256('') } } }),
      ],
      [
        '`uploads.content` and a content change of `""` added',
        (change) => {
          Object.assign(change, { uploads: { content: { sha256: sha256('') } } });
          (change.fields as Record<string, unknown>).content = { before: 'x', after: '' };
        },
      ],
    ];
    const outcomes: AttackOutcome[] = [];
    for (const [index, [what, edit]] of variants.entries()) {
      await runCli(['plan', 'm.yaml', '--out', `p${index}.json`], dir, emulator.env);
      await forgePlan(join(dir, `p${index}.json`), (plan) => {
        const change = plan.projects[0]!.changes.find((c) => c.externalId === 'lab-1');
        edit(change as unknown as Record<string, unknown>);
      });
      const putsBefore = await emulator.filesPut();
      const run = await runCli(
        ['apply', '--plan', `p${index}.json`, '--allow-delete'],
        dir,
        emulator.env,
      );
      const [after] = await listAssets(emulator, projectId);
      outcomes.push({
        attack: `saved plan re-hashed with ${what} to the reviewed update of a labeled asset`,
        expected: 'refused (content the plan does not show, or --allow-label-loss missing)',
        held:
          run.code === 1 &&
          after!.content === labeled!.content &&
          after!.priority === 0 &&
          (await emulator.filesPut()) === putsBefore,
        evidence: `exit ${run.code}: ${firstErrorLine(run.stderr)}; content and priority unchanged`,
      });
    }
    // A plan artifact that is not what the merged manifests mean: a real plan of other manifests.
    await writeManifestFile(
      dir,
      'other.yaml',
      manifestText(projectId, '\n  - externalId: planted\n    content: "unreviewed"'),
    );
    await runCli(['plan', 'other.yaml', '--out', 'other.json'], dir, emulator.env);
    const before = await listAssets(emulator, projectId);
    const run = await runCli(
      ['apply', '--plan', 'other.json', '--manifests', 'm.yaml', '--allow-delete'],
      dir,
      emulator.env,
    );
    const after = await listAssets(emulator, projectId);
    outcomes.push({
      attack: 'plan artifact of other manifests applied as the reviewed plan (`--manifests`)',
      expected: 'refused, naming the changes that differ',
      held: run.code === 1 && after.length === before.length && run.stderr.includes('"planted"'),
      evidence: `exit ${run.code}: ${firstErrorLine(run.stderr)}`,
    });
    return outcomes;
  } finally {
    await emulator.close();
  }
}

/**
 * Snapshots with the ids of c-b and c-d swapped: sealed with another key (forged), and with the
 * right key (as only a key holder could). Assets are written ten minutes back on the emulator's
 * clock, so the snapshot is really used, not read again as recent.
 */
async function forgedSnapshots({ workDir, apiKey }: AttackContext): Promise<AttackOutcome[]> {
  const dir = await mkdtemp(join(workDir, 'attack-snapshot-'));
  const projects = ['attack-swap-apply', 'attack-swap-plan'];
  const emulator = await startAttackEmulator(
    apiKey,
    projects.map((id) => ({ id, inputType: 'IMAGE' })),
    -10 * 60_000,
  );
  const lines = (priorities: Record<string, number>) =>
    ['c-a', 'c-b', 'c-c', 'c-d']
      .map(
        (id) =>
          `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}.jpg\n    priority: ${priorities[id] ?? 0}`,
      )
      .join('');
  try {
    for (const projectId of projects) {
      await writeManifestFile(dir, `${projectId}.yaml`, manifestText(projectId, lines({}), true));
      await runCli(['apply', `${projectId}.yaml`, '--auto-approve'], dir, emulator.env);
    }
    emulator.setClockOffset(0);
    const swap = async (projectId: string, key: string) => {
      await runCli(['plan', `${projectId}.yaml`], dir, emulator.env);
      const cache = join(dir, CACHE_FOLDER);
      const lookup = loadSnapshot(
        cache,
        emulator.graphqlUrl,
        projectId,
        SNAPSHOT_FIELD_SET,
        apiKey,
      );
      if (!('snapshot' in lookup)) throw new Error(`no snapshot of ${projectId}: ${lookup.reason}`);
      const { snapshot } = lookup;
      const b = snapshot.assets.find((asset) => asset.externalId === 'c-b')!;
      const d = snapshot.assets.find((asset) => asset.externalId === 'c-d')!;
      [b.id, d.id] = [d.id, b.id];
      saveSnapshot(cache, snapshot, SNAPSHOT_FIELD_SET, key);
      await writeManifestFile(
        dir,
        `${projectId}.yaml`,
        manifestText(projectId, lines({ 'c-b': 5 }), true),
      );
    };
    const priorities = async (projectId: string) =>
      Object.fromEntries(
        (await listAssets(emulator, projectId)).map((asset) => [asset.externalId, asset.priority]),
      );

    await swap(projects[0]!, 'someone-elses-key');
    const applied = await runCli(
      ['apply', `${projects[0]}.yaml`, '--auto-approve'],
      dir,
      emulator.env,
    );
    const afterApply = await priorities(projects[0]!);

    await swap(projects[1]!, apiKey);
    await runCli(['plan', `${projects[1]}.yaml`, '--out', 'swapped.json'], dir, emulator.env);
    const saved = await runCli(['apply', '--plan', 'swapped.json'], dir, emulator.env);
    const afterSaved = await priorities(projects[1]!);
    return [
      {
        attack: 'snapshot with two ids swapped, forged without the key, then `apply PATH`',
        expected: 'not used (a full read, with a note); the right asset updated',
        held:
          applied.code === 0 &&
          applied.stderr.includes('snapshot not sealed with this API key') &&
          afterApply['c-b'] === 5 &&
          afterApply['c-d'] === 0,
        evidence: `c-b priority ${afterApply['c-b']}, c-d ${afterApply['c-d']}; "${firstLineWith(applied.stderr, 'full read')}"`,
      },
      {
        attack: 'snapshot with two ids swapped, sealed with the key, then `apply --plan`',
        expected: 'stale: the asset read back by id has another external ID',
        held:
          saved.code === 1 &&
          saved.stderr.includes('in Kili, not "c-b"') &&
          afterSaved['c-b'] === 0 &&
          afterSaved['c-d'] === 0,
        evidence: `exit ${saved.code}: ${firstLineWith(saved.stderr, 'in Kili')}`,
      },
    ];
  } finally {
    await emulator.close();
  }
}

/** A snapshot a pull request committed: whatever it says, a cache git tracks is not used. */
async function committedSnapshot({ workDir, apiKey }: AttackContext): Promise<AttackOutcome[]> {
  const dir = await mkdtemp(join(workDir, 'attack-committed-'));
  const projectId = 'attack-committed';
  const emulator = await startAttackEmulator(apiKey, [{ id: projectId, inputType: 'IMAGE' }]);
  try {
    const assets = '\n  - externalId: a\n    content: https://cdn.example.com/a.jpg';
    await writeManifestFile(dir, 'm.yaml', manifestText(projectId, assets, true));
    await runCli(['apply', 'm.yaml', '--auto-approve'], dir, emulator.env);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=a@example.com', '-c', 'user.name=a', ...args], {
        cwd: dir,
        stdio: 'pipe',
      }).toString();
    git('init', '-q');
    git('add', '.');
    const ignored = !git('status', '--porcelain').includes('.kili-sync');
    git('add', '-f', '.kili-sync');
    git('commit', '-qm', 'a pull request commits the cache');
    const file = snapshotPath(join(dir, CACHE_FOLDER), emulator.graphqlUrl, projectId);
    const before = await readFile(file);
    const plan = await runCli(['plan', 'm.yaml', '--format', 'json'], dir, emulator.env);
    const read = JSON.parse(plan.stdout || '{}').projects?.[0]?.read?.method;
    return [
      {
        attack: 'snapshot committed in a pull request (`git add -f .kili-sync`)',
        expected:
          'kept out of `git add` by .kili-sync/.gitignore; if forced in, not used nor written',
        held:
          ignored &&
          plan.code === 0 &&
          plan.stderr.includes('holds files git tracks') &&
          read === 'full' &&
          (await readFile(file)).equals(before),
        evidence: `plan read ${read}; the committed file unchanged`,
      },
    ];
  } finally {
    await emulator.close();
  }
}

/** 28,000 plain assets and one `jsonMetadata` 2,000 deep: the chunk worker's reply was lost. */
async function deepValue({ workDir }: AttackContext): Promise<AttackOutcome[]> {
  const dir = await mkdtemp(join(workDir, 'attack-deep-'));
  const lines = ['apiVersion: kili-sync/v1', 'project: attack-deep', 'assets:'];
  for (let i = 0; i < 28_000; i += 1) {
    lines.push(`  - externalId: plain-${i}`, `    content: https://cdn.example.com/${i}.jpg`);
  }
  lines.push(
    '  - externalId: deep',
    `    jsonMetadata: ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}`,
  );
  await writeFile(join(dir, 'deep.yaml'), `${lines.join('\n')}\n`);
  const run = await runCli(['validate', 'deep.yaml'], dir);
  return [
    {
      attack: 'a value nested 2,000 deep in a large manifest (chunks parsed on workers)',
      expected: 'a located error, within a bound (it hung at 0% CPU)',
      held: run.signal === null && run.code === 1 && run.stderr.includes('deeper than 64 levels'),
      evidence:
        run.signal === null
          ? `exit ${run.code}: ${firstLineWith(run.stderr, 'deeper than')}`
          : 'killed after 150 s: it hung',
    },
  ];
}

/** A comment starting with the plan's marker, by someone else, listed before the Action's own. */
async function foreignComment(_context: AttackContext): Promise<AttackOutcome[]> {
  const repository = 'owner/repo';
  const github = await startGithubStandIn(repository);
  try {
    const marker = '<!-- kili-sync-plan -->';
    const foreign = {
      id: 1,
      issue: 5,
      body: `${marker}\nposted by someone else`,
      user: { id: 666, login: 'attacker' },
    };
    github.comments.push({ ...foreign });
    const api = {
      url: github.url,
      graphqlUrl: `${github.url}/graphql`,
      token: 'ghs_x',
      repository,
    };
    const comment = { issueNumber: 5, marker, body: '## kili-sync plan' };
    const first = await upsertPlanComment(api, comment);
    const second = await upsertPlanComment(api, comment);
    const untouched =
      github.comments.find((stored) => stored.id === foreign.id)?.body === foreign.body;
    return [
      {
        attack: 'PR comment with the plan marker written by someone else, listed first',
        expected: "never edited: the Action edits only its own token's comment",
        held: untouched && first === 'created' && second === 'updated',
        evidence: `the Action ${first} its own comment, then ${second} it; the foreign one unchanged`,
      },
    ];
  } finally {
    await github.close();
  }
}

/** The signed URL an asset keeps as its content, used to write instead of read. */
async function signedReadUrl({ apiKey }: AttackContext): Promise<AttackOutcome[]> {
  const emulator: AttackEmulator = await startAttackEmulator(apiKey, []);
  try {
    const { urls } = await emulator.request<{ urls: string[] }>(
      'query($filePaths: [String!]) { urls: createUploadBucketSignedUrls(filePaths: $filePaths) }',
      { filePaths: ['projects/p/assets/a/content'] },
    );
    const url = urls[0]!;
    await fetch(url.split('&id=')[0]!, { method: 'PUT', body: 'the labeled text' });
    const overwrite = await fetch(url, { method: 'PUT', body: 'replaced' });
    const now = await (await fetch(url)).text();
    return [
      {
        attack: "PUT without the key on an asset's signed read URL (emulator)",
        expected: 'refused: a read URL reads',
        held: overwrite.status === 403 && now === 'the labeled text',
        evidence: `HTTP ${overwrite.status}; the file unchanged`,
      },
    ];
  } finally {
    await emulator.close();
  }
}

function firstErrorLine(stderr: string): string {
  return firstLineWith(stderr, 'error');
}

function firstLineWith(text: string, needle: string): string {
  const line = text.split('\n').find((candidate) => candidate.includes(needle)) ?? '';
  return line
    .replace(/^(error|warning|note): /, '')
    .replace(/\|/g, '\\|')
    .slice(0, 140);
}
