import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { refuseWithoutKey } from './auth.js';
import type { FaultInjector } from './faults.js';
import type { EmulatorYoga } from './graphql-app.js';
import { readBody, sendText, toFetchRequest, writeFetchResponse } from './http-io.js';
import { readGraphqlParams, readRootFields } from './root-fields.js';
import type { RequestStats } from './stats.js';

export interface GraphqlEndpointDeps {
  yoga: EmulatorYoga;
  apiKey: string;
  /** Largest request body accepted; beyond it the answer is 413. */
  maxRequestBytes: number;
  faults: FaultInjector;
  stats: RequestStats;
  log: (line: string) => void;
  /** Runs before each operation executes: ends the asynchronous imports whose time is up. */
  beforeExecute: () => void;
}

/**
 * `/api/label/v2/graphql`: checks the key, counts the call, injects faults, then lets yoga
 * execute it. The body is read here (not by yoga) so the call can be counted and faulted before
 * anything runs, and the socket can be dropped after the operation has committed.
 */
export async function handleGraphqlRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: GraphqlEndpointDeps,
): Promise<void> {
  const method = req.method ?? 'GET';
  const started = Date.now();
  if (method === 'GET' && !url.searchParams.has('query')) {
    // GraphiQL's page holds no data; the queries it sends are checked like any other.
    await writeFetchResponse(res, await deps.yoga.fetch(toFetchRequest(req, url, null)));
    return;
  }
  if (refuseWithoutKey(req, res, deps.apiKey)) {
    deps.log(`${method} graphql 401 (missing or invalid API key)`);
    return;
  }
  const body = method === 'GET' ? Buffer.alloc(0) : await readBody(req, deps.maxRequestBytes);
  const fields = readRootFields(readGraphqlParams(method, url, body));
  const label = fields.length > 0 ? fields.join(',') : '(unparsed)';
  deps.stats.countRequest(fields);

  const rejection = deps.faults.reject(deps.apiKey);
  if (rejection) {
    deps.stats.countFault(rejection.kind);
    const headers: Record<string, string> =
      rejection.status === 429 ? { 'retry-after': String(rejection.retryAfterSeconds) } : {};
    const text = rejection.status === 429 ? 'Too Many Requests' : 'Service Unavailable';
    sendText(res, rejection.status, text, headers);
    deps.log(`${method} graphql ${label} ${rejection.status} (injected: ${rejection.kind})`);
    return;
  }
  if (deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs);

  deps.beforeExecute();
  const response = await deps.yoga.fetch(toFetchRequest(req, url, body));
  if (deps.faults.shouldDrop()) {
    await response.arrayBuffer();
    deps.stats.countFault('dropped');
    req.socket.destroy();
    deps.log(`${method} graphql ${label} dropped after executing (injected)`);
    return;
  }
  await writeFetchResponse(res, response);
  deps.log(`${method} graphql ${label} ${response.status} ${Date.now() - started}ms`);
}
