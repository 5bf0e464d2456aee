import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GithubStandIn,
  READ_ONLY_TOKEN,
  startGithubStandIn,
  TOKEN_USER,
} from './github-stand-in.js';
import {
  HEAD_SHA,
  pullRequestEvent,
  pushEvent,
  REPOSITORY,
  runStep,
  type StepRun,
} from './runner.js';

/**
 * The action's step run the way the runner runs it: a child process with the runner's
 * variables and files, the CLI talking to the emulator, and the comment going to a stand-in
 * of GitHub's API.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const apiKey = 'ks-action-Secret-93be71';
const token = 'ghs_StandInToken_5521';
const TEXT = 'clq0textproj0000000000001';
const PR = 7;
const MARKER = '<!-- kili-sync-plan -->';

const scratch = mkdtempSync(join(tmpdir(), 'kili-sync-action-'));
let emulator: Awaited<ReturnType<typeof startEmulator>>;
let github: GithubStandIn;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    db: ':memory:',
    apiKey,
    seed: join(repoRoot, 'examples/emulator-seed.yaml'),
  });
  github = await startGithubStandIn(REPOSITORY);
  env = { GITHUB_API_URL: github.url, GITHUB_TOKEN: token };
  // Enough other comments that the plan's comment is on the second page of the listing.
  for (let id = 1; id <= 150; id += 1) {
    github.comments.push({ id, issue: PR, body: `comment ${id}` });
  }
});

afterAll(async () => {
  await emulator?.close();
  await github?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const kiliRequests = async () => {
  const response = await fetch(`${emulator.url}/api/label/v2/_emulator/stats`, {
    headers: { Authorization: `X-API-Key: ${apiKey}` },
  });
  const stats = (await response.json()) as { requests: Record<string, number> };
  return Object.values(stats.requests).reduce((sum, count) => sum + count, 0);
};

const planInputs = (extra: Record<string, string> = {}) => ({
  COMMAND: 'plan',
  PATHS: 'examples/manifests',
  API_KEY: apiKey,
  ENDPOINT: emulator.graphqlUrl,
  COMMENT: 'true',
  ...extra,
});

const markedComments = (marker: string) =>
  github.comments.filter((comment) => comment.body.split('\n', 1)[0] === marker);

/** Neither the API key nor the GitHub token in anything the step wrote. */
function expectNoSecrets(run: StepRun, ...more: string[]) {
  const written = [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), ...more];
  const comments = github.comments.map((comment) => comment.body);
  for (const text of [...written, ...comments]) {
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(token);
  }
}

describe('the action on pull requests', () => {
  it('validates without an API key, even on a pull request from a fork', async () => {
    const run = await runStep({
      inputs: { COMMAND: 'validate', PATHS: 'examples/manifests' },
      event: pullRequestEvent(PR, { fromFork: true }),
      cwd: repoRoot,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ 'exit-code': '0', skipped: 'false' });
    expect(run.summary).toContain('4 manifests, 21 assets in 4 projects: valid');
  });

  it('skips plan with a notice on a pull request from a fork, where the key is empty', async () => {
    const before = { kili: await kiliRequests(), github: github.requests.length };
    const run = await runStep({
      inputs: planInputs({ API_KEY: '' }),
      event: pullRequestEvent(PR, { fromFork: true }),
      cwd: repoRoot,
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^::notice::kili-sync plan skipped: this pull request comes from a fork/m,
    );
    expect(run.outputs).toEqual({
      'exit-code': '',
      'has-changes': '',
      'plan-path': '',
      'report-path': '',
      skipped: 'true',
    });
    expect(run.summary).toContain('skipped');
    expect(await kiliRequests()).toBe(before.kili);
    expect(github.requests.length).toBe(before.github);
  });

  it('fails with an error when the key is empty outside a fork', async () => {
    const run = await runStep({
      inputs: planInputs({ API_KEY: '' }),
      event: pullRequestEvent(PR),
      cwd: repoRoot,
      env,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::kili-sync plan: the api-key input is empty/m);
  });

  it('plans, saves the plan, and posts it as one comment', async () => {
    const run = await runStep({
      inputs: planInputs(),
      event: pullRequestEvent(PR),
      cwd: repoRoot,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.outputs['has-changes']).toBe('true');
    expect(run.outputs['plan-path']).toMatch(/kili-sync-plan\.json$/);
    const plan = readFileSync(run.outputs['plan-path']!, 'utf8');
    expect(JSON.parse(plan).projects).toHaveLength(4);
    expect(run.outputs['report-path']).toMatch(/kili-sync-plan-report\.html$/);
    expect(readFileSync(run.outputs['report-path']!, 'utf8')).toMatch(/^<!doctype html>/);
    expect(run.outputs['report-name']).toBe('kili-sync-plan-report');

    const [comment, ...others] = markedComments(MARKER);
    expect(others).toEqual([]);
    expect(comment!.issue).toBe(PR);
    expect(comment!.body).toMatch(/^<!-- kili-sync-plan -->\n## kili-sync plan\n/);
    expect(comment!.body).toContain(`commit ${HEAD_SHA.slice(0, 7)}`);
    expect(comment!.body).toContain(`(https://github.example/${REPOSITORY}/actions/runs/4242)`);
    expect(comment!.body).toContain(
      `[HTML report with thumbnails](https://github.example/${REPOSITORY}/actions/runs/4242#artifacts)`,
    );
    // The CLI itself puts the plan in the job summary.
    expect(run.summary).toContain('## kili-sync plan');
    const calls = github.requests.slice(-3).map((request) => `${request.method} ${request.path}`);
    expect(calls).toEqual([
      `GET /repos/${REPOSITORY}/issues/${PR}/comments?per_page=100&page=1`,
      `GET /repos/${REPOSITORY}/issues/${PR}/comments?per_page=100&page=2`,
      `POST /repos/${REPOSITORY}/issues/${PR}/comments`,
    ]);
    expect(github.requests.at(-1)!.authorization).toBe(`Bearer ${token}`);
    expectNoSecrets(run, plan);
  });

  it('updates that comment on the next run instead of adding one', async () => {
    const [before] = markedComments(MARKER);
    const count = github.comments.length;
    const run = await runStep({
      inputs: planInputs(),
      event: pullRequestEvent(PR),
      cwd: repoRoot,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(github.comments.length).toBe(count);
    expect(markedComments(MARKER).map((comment) => comment.id)).toEqual([before!.id]);
    const last = github.requests.at(-1)!;
    expect(`${last.method} ${last.path}`).toBe(
      `PATCH /repos/${REPOSITORY}/issues/comments/${before!.id}`,
    );
  });

  it('never edits a comment someone else wrote, even one that starts with the marker', async () => {
    const HIJACKED = 9;
    const foreign = {
      id: 1,
      issue: HIJACKED,
      body: `${MARKER}\nposted by someone else: the plan must not land here`,
      user: { id: 666, login: 'attacker' },
    };
    // Listed first, before any comment of the token's own.
    github.comments.unshift({ ...foreign });
    for (const round of ['creates', 'updates']) {
      const run = await runStep({
        inputs: planInputs(),
        event: pullRequestEvent(HIJACKED),
        cwd: repoRoot,
        env,
      });
      expect(run.code, `${round}: ${run.stderr}`).toBe(0);
      const edits = github.requests.filter(
        (request) => request.method === 'PATCH' && request.path.endsWith(`/comments/${foreign.id}`),
      );
      expect(edits).toEqual([]);
      expect(github.comments.find((comment) => comment.id === foreign.id)).toEqual(foreign);
    }
    const own = github.comments.filter(
      (comment) => comment.issue === HIJACKED && comment.user?.id === TOKEN_USER.id,
    );
    expect(own).toHaveLength(1);
    expect(own[0]!.body).toContain('## kili-sync plan');
    // The other tests look for the marker on any issue.
    github.comments.splice(
      0,
      github.comments.length,
      ...github.comments.filter((comment) => comment.issue !== HIJACKED),
    );
  });

  it('replaces the plan in the comment with the error when planning fails', async () => {
    const folder = mkdtempSync(join(scratch, 'bad-'));
    writeFileSync(
      join(folder, 'bad.yaml'),
      'apiVersion: kili-sync/v1\nproject: p1\nassets:\n  - externalId: a\n    contnet: x\n',
    );
    const run = await runStep({
      inputs: planInputs({ PATHS: '.' }),
      event: pullRequestEvent(PR),
      cwd: folder,
      env,
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ 'exit-code': '1', 'has-changes': '', 'plan-path': '' });
    // The CLI's annotation points at the line; the comment shows the message without it.
    expect(run.stderr).toMatch(/^::error file=bad\.yaml,line=5,col=5,title=KS0201::/m);
    const [comment] = markedComments(MARKER);
    expect(comment!.body).toContain('## kili-sync plan failed');
    expect(comment!.body).toContain("bad.yaml:5:5: error: unknown field 'contnet'");
    expect(comment!.body).not.toContain('::error');
    expect(comment!.body).not.toContain('## kili-sync plan\n');
    expect(run.summary).toContain(
      "### kili-sync plan\n\nFailed with exit code 1: see the step's log.",
    );
    expectNoSecrets(run);
  });

  it('keeps one comment per project when a matrix plans projects apart', async () => {
    const [general] = markedComments(MARKER);
    const run = await runStep({
      inputs: planInputs({ PROJECTS: TEXT }),
      event: pullRequestEvent(PR),
      cwd: repoRoot,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    const [comment, ...others] = markedComments(`<!-- kili-sync-plan: ${TEXT} -->`);
    expect(others).toEqual([]);
    expect(comment!.body).toContain(TEXT);
    expect(comment!.body).not.toContain('clq0imageproj000000000001');
    expect(markedComments(MARKER)).toEqual([general]);
  });

  it('fails the step, naming the permission, when the token may not comment', async () => {
    const run = await runStep({
      inputs: planInputs(),
      event: pullRequestEvent(PR),
      cwd: repoRoot,
      env: { ...env, GITHUB_TOKEN: READ_ONLY_TOKEN },
    });
    expect(run.code).toBe(1);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.stdout).toMatch(/^::error::kili-sync: could not comment the plan: .*HTTP 403/m);
    expect(run.stdout).toContain('pull-requests: write');
  });

  it('refuses unknown commands and an API key in args', async () => {
    const unknown = await runStep({
      inputs: { COMMAND: 'destroy' },
      event: pushEvent(),
      cwd: repoRoot,
      env,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain("::error::kili-sync: the command input is 'destroy'");
    const keyInArgs = await runStep({
      inputs: planInputs({ ARGS: `--api-key ${apiKey}`, API_KEY: '' }),
      event: pushEvent(),
      cwd: repoRoot,
      env,
    });
    expect(keyInArgs.code).toBe(1);
    expect(keyInArgs.stdout).toContain(
      '::error::kili-sync: pass the API key with the api-key input',
    );
    expectNoSecrets(keyInArgs);
  });
});

describe('the action on the main branch', () => {
  const applyInputs = (extra: Record<string, string>) => ({
    COMMAND: 'apply',
    PATHS: 'examples/manifests',
    API_KEY: apiKey,
    ENDPOINT: emulator.graphqlUrl,
    ...extra,
  });

  it('applies afresh (selected projects) when there is no reviewed plan', async () => {
    const run = await runStep({
      inputs: applyInputs({ PROJECTS: TEXT }),
      event: pushEvent(),
      cwd: repoRoot,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ 'exit-code': '0', 'has-changes': '', 'plan-path': '' });
    expect(run.summary).toMatch(/### kili-sync apply\n\nApply complete! \d+ added/);
    expectNoSecrets(run);
  });

  it('applies a saved plan, after which the plan has no changes', async () => {
    const planFile = join(scratch, 'reviewed-plan.json');
    const planned = await runStep({
      inputs: planInputs({ COMMENT: 'false', PLAN_FILE: planFile }),
      event: pushEvent(),
      cwd: repoRoot,
      env,
    });
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.outputs).toMatchObject({ 'has-changes': 'true', 'plan-path': planFile });

    const applied = await runStep({
      inputs: applyInputs({ PLAN_FILE: planFile }),
      event: pushEvent(),
      cwd: repoRoot,
      env,
    });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`kili-sync apply --plan ${planFile}`);
    expect(applied.outputs).toMatchObject({ 'exit-code': '0', 'plan-path': planFile });
    expect(applied.summary).toContain('Apply complete!');

    const after = await runStep({
      inputs: planInputs({ COMMENT: 'false' }),
      event: pushEvent(),
      cwd: repoRoot,
      env,
    });
    expect(after.code, after.stderr).toBe(0);
    expect(after.outputs).toMatchObject({ 'exit-code': '0', 'has-changes': 'false' });
    expectNoSecrets(applied, readFileSync(planFile, 'utf8'));
  });

  it('refuses a saved plan that is not what the checked-out manifests mean', async () => {
    // A plan artifact anyone could upload: a real plan of other manifests, re-hashed.
    const folder = mkdtempSync(join(scratch, 'forged-'));
    writeFileSync(
      join(folder, 'm.yaml'),
      `apiVersion: kili-sync/v1\nproject: ${TEXT}\nassets:\n  - externalId: planted\n    content: "not reviewed"\n`,
    );
    const planFile = join(folder, 'forged-plan.json');
    const planned = await runStep({
      inputs: planInputs({ COMMENT: 'false', PATHS: 'm.yaml', PLAN_FILE: planFile }),
      event: pushEvent(),
      cwd: folder,
      env,
    });
    expect(planned.code, planned.stderr).toBe(0);
    const applied = await runStep({
      inputs: applyInputs({ PLAN_FILE: planFile }),
      event: pushEvent(),
      cwd: repoRoot,
      env,
    });
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('--manifests examples/manifests');
    expect(applied.stderr + applied.stdout).toContain(
      'the saved plan is not what examples/manifests means now',
    );
    expect(applied.stderr + applied.stdout).toContain(
      '+ "planted": in the saved plan, not in a plan of the manifests',
    );
    const assets = await fetch(emulator.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `X-API-Key: ${apiKey}` },
      body: JSON.stringify({
        query: `query { countAssets(where: { project: { id: "${TEXT}" }, externalIdStrictlyIn: ["planted"] }) }`,
      }),
    });
    expect(((await assets.json()) as { data: { countAssets: number } }).data.countAssets).toBe(0);
  });
});

describe('the action on a schedule: one issue while Kili differs from the manifests', () => {
  const MARKER_DRIFT = '<!-- kili-sync-drift: drift -->';
  const driftInputs = () => ({
    COMMAND: 'plan',
    PATHS: 'examples/manifests',
    PROJECTS: TEXT,
    API_KEY: apiKey,
    ENDPOINT: emulator.graphqlUrl,
    DRIFT_ISSUE: 'true',
    COMMENT_KEY: 'drift',
  });
  const runDrift = () => runStep({ inputs: driftInputs(), event: pushEvent(), cwd: repoRoot, env });
  /** Makes Kili match the manifests again. */
  const applyManifests = () =>
    runStep({
      inputs: { ...driftInputs(), COMMAND: 'apply', DRIFT_ISSUE: 'false' },
      event: pushEvent(),
      cwd: repoRoot,
      env,
    });
  const drifted = () =>
    github.issues.filter((issue) => issue.body.split('\n', 1)[0] === MARKER_DRIFT);

  /** Someone changes a review's priority in the Kili app (the manifest declares 2). */
  async function changeInKili(priority: number): Promise<void> {
    const request = async (query: string, variables: Record<string, unknown>) =>
      (
        await fetch(emulator.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `X-API-Key: ${apiKey}` },
          body: JSON.stringify({ query, variables }),
        })
      ).json() as Promise<{ data: { data: { id: string }[] } }>;
    const found = await request(
      'query assets($where: AssetWhere!) { data: assets(where: $where, first: 1, skip: 0) { id } }',
      { where: { project: { id: TEXT }, externalIdStrictlyIn: ['review-0002'] } },
    );
    await request(
      'mutation($whereArray: [AssetWhere!]!, $dataArray: [AssetData!]!) { data: updatePropertiesInAssets(where: $whereArray, data: $dataArray) { id } }',
      { whereArray: [{ id: found.data.data[0]!.id }], dataArray: [{ priority }] },
    );
  }

  it('opens the issue on drift, updates it, never touches another, and closes it once they agree', async () => {
    const applied = await applyManifests();
    expect(applied.code, applied.stderr).toBe(0);
    const foreign = {
      number: 1,
      title: 'not ours',
      body: `${MARKER_DRIFT}\nopened by someone else`,
      state: 'open' as const,
      user: { id: 666, login: 'attacker' },
    };
    github.issues.push({ ...foreign });

    const agreeing = await runDrift();
    expect(agreeing.code, agreeing.stderr).toBe(0);
    expect(agreeing.outputs['has-changes']).toBe('false');
    expect(drifted().filter((issue) => issue.user?.id === TOKEN_USER.id)).toEqual([]);

    await changeInKili(9);
    const opened = await runDrift();
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.outputs['has-changes']).toBe('true');
    const [ours, ...more] = drifted().filter((issue) => issue.user?.id === TOKEN_USER.id);
    expect(more).toEqual([]);
    expect(ours).toMatchObject({
      state: 'open',
      title: 'kili-sync: Kili differs from the manifests (drift)',
    });
    expect(ours!.body).toContain('review-0002');
    expect(ours!.body).toContain('priority');

    await changeInKili(7);
    expect((await runDrift()).code).toBe(0);
    expect(drifted().filter((issue) => issue.user?.id === TOKEN_USER.id)).toHaveLength(1);
    expect(github.issues.find((issue) => issue.number === ours!.number)?.body).toContain('7');

    const reapplied = await applyManifests();
    expect(reapplied.code, reapplied.stderr).toBe(0);
    const closed = await runDrift();
    expect(closed.code, closed.stderr).toBe(0);
    expect(github.issues.find((issue) => issue.number === ours!.number)?.state).toBe('closed');
    expect(
      github.comments.some(
        (comment) => comment.issue === ours!.number && comment.body.includes('agree again'),
      ),
    ).toBe(true);
    expect(github.issues.find((issue) => issue.number === foreign.number)).toEqual(foreign);
    expect(
      github.requests.some((request) => request.path.endsWith(`/issues/${foreign.number}`)),
    ).toBe(false);
  });

  it('refuses drift-issue with another command', async () => {
    const run = await runStep({
      inputs: { ...driftInputs(), COMMAND: 'apply' },
      event: pushEvent(),
      cwd: repoRoot,
      env,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('the drift-issue input goes with command: plan');
  });
});
