import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@kili-sync/emulator';
import { computePlanHash } from '../../src/plan/hash.js';
import type { Plan } from '../../src/plan/types.js';
import { fetchStats } from '../emulator-harness.js';

/** The built CLI (`npm run bench` builds it first): attacks run it as CI would. */
const CLI_PATH = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to its end (killed after `timeoutMs`, the bound on a hang). */
export function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = 150_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** An emulator whose clock can be set back, so a snapshot's cut-off lies after its assets. */
export interface AttackEmulator extends RunningEmulator {
  env: Record<string, string>;
  setClockOffset(ms: number): void;
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  requestCount(): Promise<number>;
  filesPut(): Promise<number>;
}

export async function startAttackEmulator(
  apiKey: string,
  projects: { id: string; inputType: string }[],
  clockOffsetMs = 0,
): Promise<AttackEmulator> {
  let offset = clockOffsetMs;
  const emulator = await startEmulator({
    port: 0,
    db: ':memory:',
    apiKey,
    now: () => Date.now() + offset,
    seed: { projects: projects.map((project) => ({ ...project, title: project.id })) },
  });
  const request = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(emulator.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `X-API-Key: ${apiKey}` },
      body: JSON.stringify({ query, variables }),
    });
    return ((await response.json()) as { data: T }).data;
  };
  return {
    ...emulator,
    env: { KILI_API_KEY: apiKey, KILI_API_ENDPOINT: emulator.graphqlUrl },
    setClockOffset: (ms) => {
      offset = ms;
    },
    request,
    requestCount: async () => {
      const stats = await fetchStats(emulator.graphqlUrl, apiKey);
      return Object.values(stats.requests).reduce((sum, count) => sum + count, 0);
    },
    filesPut: async () => (await fetchStats(emulator.graphqlUrl, apiKey)).files.put,
  };
}

export interface AssetState {
  id: string;
  externalId: string;
  content: string;
  priority: number;
  jsonMetadata: string;
}

/** Every asset of a project, as Kili holds it (the few assets an attack makes). */
export async function listAssets(
  emulator: AttackEmulator,
  projectId: string,
): Promise<AssetState[]> {
  const answer = await emulator.request<{ data: AssetState[] }>(
    'query assets($where: AssetWhere!) { data: assets(where: $where, first: 100, skip: 0) { id externalId content priority jsonMetadata } }',
    { where: { project: { id: projectId } } },
  );
  return answer.data;
}

/** Labels an asset: its content is now labeled work. */
export async function labelAsset(emulator: AttackEmulator, assetId: string): Promise<void> {
  await emulator.request(
    'mutation appendManyLabels($data: AppendManyLabelsData!, $where: AssetWhere!) { data: appendManyLabels(data: $data, where: $where) { id } }',
    {
      data: { labelType: 'DEFAULT', labelsData: [{ assetID: assetId, jsonResponse: '{}' }] },
      where: { idIn: [assetId] },
    },
  );
}

/** Edits a saved plan and re-hashes it with kili-sync's own hash, as anyone could. */
export async function forgePlan(path: string, edit: (plan: Plan) => void): Promise<void> {
  const plan = JSON.parse(await readFile(path, 'utf8')) as Plan;
  edit(plan);
  plan.planHash = computePlanHash(plan);
  await writeFile(path, JSON.stringify(plan));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function manifestText(projectId: string, assets: string, prune = false): string {
  return `apiVersion: kili-sync/v1\nproject: ${projectId}\nprune: ${prune}\nassets:${assets}\n`;
}

export async function writeManifestFile(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}
