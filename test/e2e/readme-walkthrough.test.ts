import { type ChildProcess, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { VERSION } from '../../src/version.js';
import { CLI_PATH, runCli } from '../helpers/run-cli.js';
import { runCommand } from '../helpers/run-command.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const TEXT_PROJECT = 'clq0textproj0000000000001';

/** Starts `kili-sync emulator` as the README shows it, and reads its URL from stdout. */
async function startEmulatorCli(): Promise<{ child: ChildProcess; graphqlUrl: string }> {
  const child = spawn(
    process.execPath,
    [
      CLI_PATH,
      'emulator',
      '--port',
      '0',
      '--db',
      ':memory:',
      '--api-key',
      'dev',
      '--seed',
      'examples/emulator-seed.yaml',
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const graphqlUrl = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve(line.trim());
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`emulator exited early with ${code}`)));
  });
  return { child, graphqlUrl };
}

describe("the README's walk-through: emulator, export, edit, plan, apply", () => {
  let emulator: ChildProcess;
  let graphqlUrl: string;
  let folder: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ child: emulator, graphqlUrl } = await startEmulatorCli());
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-readme-'));
    env = { KILI_API_KEY: 'dev', KILI_API_ENDPOINT: graphqlUrl };
  });

  afterAll(async () => {
    if (emulator && emulator.exitCode === null) {
      const exited = new Promise((resolve) => emulator.on('exit', resolve));
      emulator.kill('SIGINT');
      await exited;
    }
    await rm(folder, { recursive: true, force: true });
  });

  it("runs the README's `kili-sync` from node_modules/.bin: the CLI this clone built", async () => {
    const result = await runCommand('kili-sync', ['--version'], {
      cwd: repoRoot,
      env: { PATH: `${join(repoRoot, 'node_modules', '.bin')}:${process.env.PATH}` },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${VERSION}\n`);
    expect(realpathSync(join(repoRoot, 'node_modules', '.bin', 'kili-sync'))).toBe(CLI_PATH);
  });

  it('answers the curl query of the README', async () => {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'X-API-Key: dev' },
      body: JSON.stringify({
        query: '{ projects(where: {}, first: 10, skip: 0) { id title inputType } }',
      }),
    });
    const body = (await response.json()) as { data: { projects: { id: string }[] } };
    expect(body.data.projects.map((project) => project.id)).toContain(TEXT_PROJECT);
  });

  it('brings an existing project under management', async () => {
    const seed = await runCli(['apply', 'examples/manifests', '--auto-approve'], {
      env,
      cwd: repoRoot,
    });
    expect(seed.code, seed.stderr).toBe(0);

    const manifest = join(folder, 'reviews.yaml');
    const exported = await runCli(['export', '--project', TEXT_PROJECT, '--out', manifest], {
      env,
      cwd: folder,
    });
    expect(exported.code, exported.stderr).toBe(0);
    expect(
      await runCli(['plan', 'reviews.yaml', '--detailed-exitcode'], { env, cwd: folder }),
    ).toMatchObject({ code: 0 });

    // The edit a newcomer would make: raise one review's priority.
    const document = parseDocument(await readFile(manifest, 'utf8'));
    const assets = document.get('assets') as YAMLSeq<YAMLMap>;
    const review = assets.items.find((item) => item.get('externalId') === 'review-0001');
    review?.set('priority', 5);
    await writeFile(manifest, document.toString());

    const plan = await runCli(['plan', 'reviews.yaml'], { env, cwd: folder });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('~ review-0001');
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to rename, 0 to delete.');

    const apply = await runCli(['apply', 'reviews.yaml', '--auto-approve'], { env, cwd: folder });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete! 0 added, 1 changed, 0 renamed, 0 deleted.');

    const after = await runCli(['plan', 'reviews.yaml', '--detailed-exitcode'], {
      env,
      cwd: folder,
    });
    expect(after.code, after.stdout).toBe(0);
  });
});
