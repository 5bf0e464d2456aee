import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmulatorStats, type FaultOptions, startEmulator } from '@kili-sync/emulator';
import { main } from '../../src/cli/main.js';
import { inspectLocalFiles } from '../../src/files/local-files.js';
import { KiliClient } from '../../src/kili/client.js';
import { readAssetsByIds, readProjectState } from '../../src/kili/read-assets.js';
import { readProject } from '../../src/kili/read-project.js';
import { loadDesiredState } from '../../src/manifest/index.js';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import {
  assetsTouchedBy,
  type RemoteAsset,
  type RemoteProjectState,
} from '../../src/plan/remote-state.js';
import type { Plan } from '../../src/plan/types.js';
import type { Runtime } from '../../src/runtime.js';
import { captureRuntime } from '../helpers/capture-runtime.js';

export const API_KEY = 'apply-test-Secret-5b1d';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export const MUTATIONS = [
  'appendManyAssets',
  'updatePropertiesInAssets',
  'deleteManyFromDataset',
] as const;

/** A running emulator, a scratch folder, and a client that retries patiently and quickly. */
export interface ApplyFixture {
  emulator: Emulator;
  folder: string;
  client: KiliClient;
  stats(): Promise<EmulatorStats>;
  mutationCount(): Promise<number>;
  createProject(title: string, inputType?: string): Promise<string>;
  /** Writes a manifest file (YAML text) into the scratch folder, returns its path. */
  writeManifest(name: string, text: string): Promise<string>;
  listAssets(projectId: string): Promise<RemoteAsset[]>;
  env(): Record<string, string>;
  close(): Promise<void>;
}

/** `now`: the emulator's clock for asset timestamps (default `Date.now`). */
export async function startApplyFixture(
  faults?: FaultOptions,
  now?: () => number,
): Promise<ApplyFixture> {
  const emulator = await startEmulator({ port: 0, db: ':memory:', apiKey: API_KEY, faults, now });
  const folder = await mkdtemp(join(tmpdir(), 'kili-sync-apply-'));
  const client = createPatientClient(emulator.graphqlUrl);
  const stats = async () =>
    (await (
      await fetch(`${emulator.url}/api/label/v2/_emulator/stats`, {
        headers: { authorization: `X-API-Key: ${API_KEY}` },
      })
    ).json()) as EmulatorStats;
  return {
    emulator,
    folder,
    client,
    stats,
    mutationCount: async () => {
      const { requests } = await stats();
      return MUTATIONS.reduce((sum, name) => sum + (requests[name] ?? 0), 0);
    },
    createProject: async (title, inputType = 'IMAGE') => {
      const result = await client.request<{ data: { id: string } }>(
        'mutation createProject($data: CreateProjectData!) { data: createProject(data: $data) { id } }',
        { data: { title, inputType, jsonInterface: '{}' } },
      );
      return result.data.id;
    },
    writeManifest: async (name, text) => {
      const path = join(folder, name);
      await writeFile(path, text);
      return path;
    },
    listAssets: (projectId) => listAllAssets(client, projectId),
    env: () => ({ KILI_API_KEY: API_KEY, KILI_API_ENDPOINT: emulator.graphqlUrl }),
    close: async () => {
      await emulator.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** Retries many times with short waits: the faults are injected, not real congestion. */
export function createPatientClient(endpoint: string, signal?: AbortSignal): KiliClient {
  return new KiliClient({
    endpoint,
    apiKey: API_KEY,
    concurrency: 4,
    rateLimitPerMinute: Number.POSITIVE_INFINITY,
    retries: 40,
    minRetryDelayMs: 1,
    maxRetryDelayMs: 20,
    timeoutMs: 10_000,
    signal,
  });
}

/** Every asset of a project, read page by page (ids, external ids, fields). */
export async function listAllAssets(client: KiliClient, projectId: string): Promise<RemoteAsset[]> {
  const ids: string[] = [];
  for (let skip = 0; ; skip += 100) {
    const page = await client.request<{ data: { id: string }[] }>(
      'query assets($where: AssetWhere!, $first: PageSize!, $skip: Int!) { data: assets(where: $where, skip: $skip, first: $first) { id } }',
      { where: { project: { id: projectId } }, first: 100, skip },
    );
    ids.push(...page.data.map((asset) => asset.id));
    if (page.data.length < 100) break;
  }
  return readAssetsByIds(client, projectId, [...new Set(ids)]);
}

/** Labels an asset (a DEFAULT label), which protects it from deletion and content changes. */
export async function labelAsset(client: KiliClient, assetId: string): Promise<void> {
  await client.request(
    'mutation appendManyLabels($data: AppendManyLabelsData!, $where: AssetWhere!) { data: appendManyLabels(data: $data, where: $where) { id } }',
    {
      data: { labelType: 'DEFAULT', labelsData: [{ assetID: assetId, jsonResponse: '{}' }] },
      where: { idIn: [assetId] },
    },
  );
}

/** A YAML manifest for one project. */
export function manifest(projectId: string, assets: string, prune = false): string {
  return `apiVersion: kili-sync/v1\nkind: AssetSet\nproject: ${projectId}\nprune: ${prune}\nassets:${assets}\n`;
}

/** Runs the CLI in process against the fixture's emulator. */
export async function runApply(
  fixture: ApplyFixture,
  args: string[],
  overrides: Partial<Runtime> = {},
) {
  const runtime = captureRuntime({ env: fixture.env(), cwd: fixture.folder, ...overrides });
  const code = await main(args, runtime);
  const output = { code, stdout: runtime.out(), stderr: runtime.err() };
  for (const text of [output.stdout, output.stderr]) {
    if (text.includes(API_KEY)) throw new Error('the API key appeared in the output');
  }
  return output;
}

/**
 * The plan pipeline of `readAndPlan`, but reading through the given client, so a test can plan
 * through an emulator that injects faults.
 */
export async function planWithClient(
  client: KiliClient,
  paths: string[],
  cwd: string,
): Promise<Plan> {
  const desired = await loadDesiredState(paths, { cwd, verbose: false, onWarning: () => {} });
  const localFiles = await inspectLocalFiles(desired);
  const remote = new Map<string, RemoteProjectState>();
  for (const project of desired.projects) {
    const declaredExternalIds = project.assets.flatMap((asset) =>
      asset.renamedFrom ? [asset.externalId, asset.renamedFrom] : [asset.externalId],
    );
    remote.set(
      project.projectId,
      await readProjectState(client, await readProject(client, project.projectId), {
        declaredExternalIds,
        prune: project.prune !== false,
        concurrency: 4,
      }),
    );
  }
  const plan = diffToPlan({
    desired,
    remote,
    localFiles,
    options: {
      dedupe: false,
      endpoint: client.endpoint,
      createdAt: '2024-01-01T00:00:00.000Z',
      generator: 'kili-sync test',
    },
  });
  readsOfPlans.set(plan, assetsTouchedBy(plan, remote));
  return plan;
}

const readsOfPlans = new WeakMap<Plan, Map<string, RemoteAsset>>();

/** The assets a plan of planWithClient touches, as its read found them: what apply is given. */
export function currentAssetsOf(plan: Plan): Map<string, RemoteAsset> {
  const current = readsOfPlans.get(plan);
  if (current === undefined) throw new Error('not a plan of planWithClient');
  return current;
}
