import {
  type EmulatorOptions,
  type EmulatorStats,
  type RunningEmulator,
  startEmulator,
} from '@kili-sync/emulator';
import { GraphQLClient } from 'graphql-request';

/** Operation documents exactly as the official SDK sends them (see docs/architecture.md). */
export const OPS = {
  viewer: 'query me { data: viewer { id email firstname lastname } }',
  apiKeys:
    'query apiKeys($where: ApiKeyWhere!) { data: apiKeys(where: $where, skip: 0, first: 1) { expiryDate key } }',
  createProject: 'mutation($data: CreateProjectData!) { data: createProject(data: $data) { id } }',
  projects:
    'query projects($where: ProjectWhere!, $first: PageSize!, $skip: Int!) { data: projects(where: $where, first: $first, skip: $skip) { id title description inputType jsonInterface workflowVersion steps { id name } numberOfAssets createdAt updatedAt } }',
  countProjects:
    'query countProjects($where: ProjectWhere!) { data: countProjects(where: $where) }',
  assets:
    'query assets($where: AssetWhere!, $first: PageSize!, $skip: Int!) { data: assets(where: $where, skip: $skip, first: $first) { id externalId content jsonContent jsonMetadata priority isHoneypot honeypotMark consensusMark isUsedForConsensus toBeLabeledBy { id user { id email } } status createdAt updatedAt skipped project { id } labels { id labelType createdAt author { id email } jsonResponse isLatestLabelForUser } latestLabel { id labelType } } }',
  countAssets: 'query countAssets($where: AssetWhere!) { data: countAssets(where: $where) }',
  filterExisting:
    'query FilterExistingAssets($projectID: ID!, $externalIDs: [String!]!) { external_ids: filterExistingAssets(projectID: $projectID, externalIDs: $externalIDs) }',
  signedUrls:
    'query($filePaths: [String!]) { urls: createUploadBucketSignedUrls(filePaths: $filePaths) }',
  appendManyAssets:
    'mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }',
  appendManyToDataset:
    'mutation appendManyToDataset($data: AppendManyToDatasetData!, $where: ProjectWhere!) { data: appendManyToDataset(data: $data, where: $where) { id } }',
  update:
    'mutation($whereArray: [AssetWhere!]!, $dataArray: [AssetData!]!) { data: updatePropertiesInAssets(where: $whereArray, data: $dataArray) { id } }',
  delete: 'mutation($where: AssetWhere!) { data: deleteManyFromDataset(where: $where) { id } }',
  appendManyLabels:
    'mutation appendManyLabels($data: AppendManyLabelsData!, $where: AssetWhere!) { data: appendManyLabels(data: $data, where: $where) { id labelType author { id email } } }',
} as const;

export interface TestAsset {
  id: string;
  externalId: string;
  content: string;
  jsonContent: string;
  jsonMetadata: string;
  priority: number;
  isHoneypot: boolean;
  honeypotMark: number | null;
  consensusMark: number | null;
  isUsedForConsensus: boolean;
  toBeLabeledBy: { id: string; user: { id: string; email: string } }[];
  status: string;
  createdAt: string;
  updatedAt: string;
  skipped: boolean;
  project: { id: string };
  labels: { id: string; labelType: string; isLatestLabelForUser: boolean }[];
  latestLabel: { id: string; labelType: string } | null;
}

export const API_KEY = 'emulator-test-key';

/** The emulator on a free loopback port with an in-memory database, unless told otherwise. */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ host: '127.0.0.1', port: 0, db: ':memory:', apiKey: API_KEY, ...options });
}

/** A graphql-request client sending the key the way the SDK does. */
export function createClient(emulator: RunningEmulator, apiKey = API_KEY): GraphQLClient {
  return new GraphQLClient(emulator.graphqlUrl, {
    headers: { Authorization: `X-API-Key: ${apiKey}` },
  });
}

/** A thin typed wrapper over the SDK operations, for terse tests. */
export function createKili(client: GraphQLClient) {
  const data = async <T>(document: string, variables?: Record<string, unknown>) =>
    (await client.request<{ data: T }>(document, variables)).data;
  return {
    createProject: async (title = 'Project', inputType = 'IMAGE') =>
      (await data<{ id: string }>(OPS.createProject, { data: { title, inputType } })).id,
    append: (projectId: string, arrays: Record<string, unknown[]>) =>
      data<{ id: string }[]>(OPS.appendManyAssets, { data: arrays, where: { id: projectId } }),
    assets: (where: Record<string, unknown>, first = 100, skip = 0) =>
      data<TestAsset[]>(OPS.assets, { where, first, skip }),
    count: (where: Record<string, unknown>) => data<number>(OPS.countAssets, { where }),
    update: (whereArray: unknown[], dataArray: unknown[]) =>
      data<{ id: string }[]>(OPS.update, { whereArray, dataArray }),
    delete: (where: Record<string, unknown>) => data<{ id: string } | null>(OPS.delete, { where }),
    label: (
      labelType: string,
      labelsData: Record<string, unknown>[],
      where: Record<string, unknown>,
    ) =>
      data<{ id: string; labelType: string }[]>(OPS.appendManyLabels, {
        data: { labelType, labelsData },
        where,
      }),
  };
}

/** The bracketed code of the first GraphQL error of a failed request. */
export async function captureErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { response?: { errors?: { extensions?: { code?: string } }[] } })
      .response;
    return response?.errors?.[0]?.extensions?.code ?? `no code: ${String(error)}`;
  }
  throw new Error('expected the request to fail');
}

/** `count` ids in the SDK's cuid style, distinct per prefix. */
export function makeIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `c${prefix}${String(index).padStart(6, '0')}`);
}

/** A random source that replays `values` in order, then repeats the last one. */
export function replay(values: number[]): () => number {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)]!;
}

/** POSTs a GraphQL document with fetch, for checks on status codes and headers. */
export function postGraphql(
  emulator: RunningEmulator,
  query: string,
  variables: Record<string, unknown> = {},
  apiKey: string | null = API_KEY,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== null) headers.authorization = `X-API-Key: ${apiKey}`;
  return fetch(emulator.graphqlUrl, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
}

/** Ends every asynchronous import still PENDING (the emulator's control route); returns how many. */
export async function finishImports(emulator: RunningEmulator): Promise<number> {
  const response = await fetch(`${emulator.url}/api/label/v2/_emulator/imports/finish`, {
    method: 'POST',
    headers: { authorization: `X-API-Key: ${API_KEY}` },
  });
  if (!response.ok) throw new Error(`imports/finish answered ${response.status}`);
  return ((await response.json()) as { finished: number }).finished;
}

export async function fetchStats(emulator: RunningEmulator): Promise<EmulatorStats> {
  const response = await fetch(`${emulator.url}/api/label/v2/_emulator/stats`, {
    headers: { authorization: `X-API-Key: ${API_KEY}` },
  });
  return (await response.json()) as EmulatorStats;
}

/** Zeroes the emulator's counters; returns the answer so a test can check its status. */
export function resetStats(emulator: RunningEmulator, apiKey = API_KEY): Promise<Response> {
  return fetch(`${emulator.url}/api/label/v2/_emulator/stats/reset`, {
    method: 'POST',
    headers: { authorization: `X-API-Key: ${apiKey}` },
  });
}
