import { type EmulatorStats, type FaultOptions, startEmulator } from '@kili-sync/emulator';
import { KiliClient, type KiliClientOptions } from '../../src/kili/client.js';

/** Distinctive, so a test can prove it never shows up in any output. */
export const API_KEY = 'kili-test-Secret-9d2e71';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export type EmulatorFaults = FaultOptions;

export interface SeedAsset {
  externalId: string;
  content?: string;
  jsonContent?: string;
  jsonMetadata?: string;
}

export interface KiliFixture {
  emulator: Emulator;
  /** Fast, unthrottled client for setting projects up; not the one under test. */
  admin: KiliClient;
  /** A client under test with quick retries; pass options to change them. */
  createClient(options?: Partial<KiliClientOptions>): KiliClient;
  stats(): Promise<EmulatorStats>;
  resetStats(): Promise<void>;
  createProject(title: string, inputType?: string): Promise<string>;
  /** Appends assets in order (so they are read back in that order); returns their ids. */
  appendAssets(projectId: string, assets: SeedAsset[]): Promise<string[]>;
  /** Gives each asset one DEFAULT label. */
  labelAssets(assetIds: string[]): Promise<void>;
  close(): Promise<void>;
}

/** A fixed sequence in [0, 1), so fault injection is the same on every run. */
export function createSequence(values: number[]): () => number {
  let index = 0;
  return () => {
    const value = values[index % values.length]!;
    index += 1;
    return value;
  };
}

export async function startKiliFixture(faults?: EmulatorFaults): Promise<KiliFixture> {
  const emulator = await startEmulator({ port: 0, db: ':memory:', apiKey: API_KEY, faults });
  const createClient = (options: Partial<KiliClientOptions> = {}) =>
    new KiliClient({
      endpoint: emulator.graphqlUrl,
      apiKey: API_KEY,
      rateLimitPerMinute: 600_000,
      minRetryDelayMs: 10,
      maxRetryDelayMs: 100,
      retries: 20,
      ...options,
    });
  const admin = createClient();
  const statsUrl = `${emulator.url}/api/label/v2/_emulator/stats`;
  const keyHeader = { authorization: `X-API-Key: ${API_KEY}` };
  return {
    emulator,
    admin,
    createClient,
    stats: async () =>
      (await (await fetch(statsUrl, { headers: keyHeader })).json()) as EmulatorStats,
    resetStats: async () => {
      await (
        await fetch(`${statsUrl}/reset`, { method: 'POST', headers: keyHeader })
      ).arrayBuffer();
    },
    createProject: async (title, inputType = 'IMAGE') => {
      const result = await admin.request<{ data: { id: string } }>(
        'mutation createProject($data: CreateProjectData!) { data: createProject(data: $data) { id } }',
        { data: { title, inputType, jsonInterface: '{}' } },
      );
      return result.data.id;
    },
    appendAssets: async (projectId, assets) => {
      const ids: string[] = [];
      for (let start = 0; start < assets.length; start += 100) {
        const batch = assets.slice(start, start + 100);
        const result = await admin.request<{ data: Array<{ id: string }> }>(
          'mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }',
          {
            data: {
              contentArray: batch.map((asset) => asset.content ?? ''),
              externalIDArray: batch.map((asset) => asset.externalId),
              isHoneypotArray: batch.map(() => false),
              jsonContentArray: batch.map((asset) => asset.jsonContent ?? ''),
              jsonMetadataArray: batch.map((asset) => asset.jsonMetadata ?? '{}'),
            },
            where: { id: projectId },
          },
          { retryUnknownOutcome: false },
        );
        ids.push(...result.data.map((asset) => asset.id));
      }
      return ids;
    },
    labelAssets: async (assetIds) => {
      await admin.request(
        'mutation appendManyLabels($data: AppendManyLabelsData!, $where: AssetWhere!) { data: appendManyLabels(data: $data, where: $where) { id } }',
        {
          data: {
            labelType: 'DEFAULT',
            labelsData: assetIds.map((assetID) => ({ assetID, jsonResponse: '{}' })),
          },
          where: { idIn: assetIds },
        },
      );
    },
    close: () => emulator.close(),
  };
}

/** `count` assets named `<prefix>-0000`, `<prefix>-0001`… */
export function makeAssets(count: number, prefix = 'asset'): SeedAsset[] {
  return Array.from({ length: count }, (_, index) => ({
    externalId: `${prefix}-${String(index).padStart(4, '0')}`,
    content: `https://cdn.example.com/${prefix}/${index}.jpg`,
  }));
}
