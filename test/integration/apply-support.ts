import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmulatorStats, type FaultOptions, startEmulator } from '@kili-sync/emulator';
import { main } from '../../src/cli/main.js';
import { KiliClient } from '../../src/kili/client.js';
import { readAssetsByIds } from '../../src/kili/read-assets.js';
import type { ApplyResult } from '../../src/plan/apply-result.js';
import type { RemoteAsset } from '../../src/plan/remote-state.js';
import type { Runtime } from '../../src/runtime.js';
import type { ApplyManifestsOptions, ApplyOutcome } from '../../src/workflows/apply.js';
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
export function createPatientClient(
  endpoint: string,
  { signal, concurrency = 4 }: { signal?: AbortSignal; concurrency?: number } = {},
): KiliClient {
  return new KiliClient({
    endpoint,
    apiKey: API_KEY,
    concurrency,
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
 * What the CLI gives the workflows (`readAndPlan`, `applyManifests`, `applyPlanned`), with a
 * client the test chose (the fixture's by default, or one through a proxy) and no cache, as
 * with `--no-cache`; no consent and no prompt, as `apply --auto-approve` without flags.
 */
export function workflowOptions(
  fixture: ApplyFixture,
  paths: string[],
  overrides: Partial<ApplyManifestsOptions> = {},
): ApplyManifestsOptions {
  const client = overrides.client ?? fixture.client;
  return {
    paths,
    runtime: captureRuntime({ env: fixture.env(), cwd: fixture.folder }),
    client,
    connection: { endpoint: client.endpoint, apiKey: API_KEY },
    dedupe: false,
    consent: { allowDelete: false, allowMassDelete: false, allowLabelLoss: false },
    showPlan: () => undefined,
    ...overrides,
  };
}

/** The result of an apply that had something to do. */
export function resultOf(outcome: ApplyOutcome): ApplyResult {
  if (outcome.result === undefined) throw new Error('the plan had nothing to apply');
  return outcome.result;
}
