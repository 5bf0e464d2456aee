import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuseWithoutKey } from './auth.js';
import type { FaultInjector } from './faults.js';
import { handleFilesRequest } from './files-endpoint.js';
import { type EmulatorYoga, GRAPHQL_PATH } from './graphql-app.js';
import { handleGraphqlRequest } from './graphql-endpoint.js';
import { BodyTooLargeError, sendApiError, sendJson } from './http-io.js';
import type { EmulatorStats, RequestStats } from './stats.js';
import type { EmulatorStore } from './store.js';
import { VERSION } from './version.js';

const PREFIX = '/api/label/v2';

export interface RequestHandlerDeps {
  store: EmulatorStore;
  yoga: EmulatorYoga;
  apiKey: string;
  maxRequestBytes: number;
  faults: FaultInjector;
  stats: RequestStats;
  log: (line: string) => void;
}

/** Routes every HTTP request of the emulator; never lets an error escape to node. */
export function createRequestHandler(
  deps: RequestHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    routeRequest(req, res, deps).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof BodyTooLargeError))
        deps.log(`error: ${req.method} ${req.url}: ${message}`);
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) {
        // The rest of the body is being discarded (see readBody): the connection stays usable.
        sendApiError(res, 413, 'payloadTooLarge', message);
        return;
      }
      sendApiError(res, 500, 'unexpectedError', 'Unexpected error.');
    });
  };
}

async function routeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RequestHandlerDeps,
): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const method = req.method ?? 'GET';
  switch (url.pathname) {
    case GRAPHQL_PATH:
      return handleGraphqlRequest(req, res, url, {
        ...deps,
        beforeExecute: () => deps.store.imports.settleDue(),
      });
    case `${PREFIX}/files`:
      return handleFilesRequest(req, res, url, deps);
    case `${PREFIX}/version`:
      return method === 'GET' ? sendJson(res, 200, { version: VERSION }) : notAllowed(req, res);
    case `${PREFIX}/_emulator/stats`:
      if (method !== 'GET') return notAllowed(req, res);
      if (refuseWithoutKey(req, res, deps.apiKey)) return;
      return sendStats(res, deps);
    case `${PREFIX}/_emulator/stats/reset`:
      if (method !== 'POST') return notAllowed(req, res);
      if (refuseWithoutKey(req, res, deps.apiKey)) return;
      req.resume();
      deps.stats.reset();
      return sendStats(res, deps);
    case `${PREFIX}/_emulator/imports/finish`:
      if (method !== 'POST') return notAllowed(req, res);
      if (refuseWithoutKey(req, res, deps.apiKey)) return;
      req.resume();
      return sendJson(res, 200, { finished: deps.store.imports.finishAll() });
    default:
      req.resume();
      return sendApiError(res, 404, 'notFound', `No route for ${method} ${url.pathname}.`);
  }
}

function sendStats(res: ServerResponse, deps: RequestHandlerDeps): void {
  deps.store.imports.settleDue();
  const imports = deps.store.notifications.countByStatus();
  const stats: EmulatorStats = {
    ...deps.stats.snapshot(deps.store.projects.summarize()),
    imports: { pending: imports.PENDING, succeeded: imports.SUCCESS, failed: imports.FAILURE },
  };
  sendJson(res, 200, stats);
}

function notAllowed(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  sendApiError(res, 405, 'methodNotAllowed', `${req.method} is not supported here.`);
}
