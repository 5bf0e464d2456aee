import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AsyncImportSettings } from './async-import-store.js';
import { KiliSyncError } from './errors.js';
import { FaultInjector, type FaultOptions, findInvalidFaultOption } from './faults.js';
import { createGraphqlApp, GRAPHQL_PATH } from './graphql-app.js';
import { describeExposure, formatHost, isLoopbackHost } from './listen-address.js';
import { createRequestHandler } from './request-handler.js';
import { applySeed, checkSeed, loadSeedFile, type SeedFile } from './seed.js';
import { RequestStats } from './stats.js';
import { EmulatorStore } from './store.js';

export type { FaultOptions } from './faults.js';
export type { SeedFile } from './seed.js';

export interface EmulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** A SQLite file path, or `:memory:` (the default). */
  db?: string;
  apiKey?: string;
  faults?: FaultOptions;
  /** Projects to create at start: the seed itself or the path of its YAML file. */
  seed?: SeedFile | string;
  /**
   * The clock timestamps are taken from (default `Date.now`); a benchmark can seed data "in the
   * past" with it. Timestamps still never repeat nor go back.
   */
  now?: () => number;
  /**
   * How long an asynchronous import stays PENDING before its assets appear, in milliseconds
   * (default 300). Set it high to hold imports in flight, then end them with
   * `POST /api/label/v2/_emulator/imports/finish`.
   */
  asyncImportMs?: number;
  /** Largest GraphQL request body accepted (default 50 MiB); beyond it the answer is 413. */
  maxRequestBytes?: number;
  log?: (line: string) => void;
  /** Warnings meant for the person running the emulator; defaults to `log`. */
  warn?: (line: string) => void;
}

export interface RunningEmulator {
  /** Base origin, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** `<url>/api/label/v2/graphql`. */
  graphqlUrl: string;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 1000;
const DEFAULT_MAX_REQUEST_BYTES = 50 * 1024 * 1024;

/**
 * Starts a local Kili-compatible GraphQL server. Resolves once it listens; `close()` stops
 * accepting, ends idle keep-alive connections, and closes the database.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const faultOptions = options.faults ?? {};
  const invalid = findInvalidFaultOption(faultOptions);
  if (invalid) throw new KiliSyncError('USAGE', `invalid fault option: ${invalid}`);
  const { asyncImportMs } = options;
  if (asyncImportMs !== undefined && !(Number.isFinite(asyncImportMs) && asyncImportMs >= 0)) {
    throw new KiliSyncError(
      'USAGE',
      `asyncImportMs must be a number of at least 0, got ${asyncImportMs}`,
    );
  }
  const seed =
    typeof options.seed === 'string'
      ? loadSeedFile(options.seed)
      : options.seed && checkSeed(options.seed);
  const log = options.log ?? (() => {});
  const apiKey = options.apiKey ?? 'dev';
  const store = openStore(options.db ?? ':memory:', options.now, {
    processingMs: asyncImportMs,
    failRate: faultOptions.asyncImportFailRate,
    random: faultOptions.random,
  });
  try {
    if (seed) applySeed(store, seed);
    const yoga = createGraphqlApp({ store, apiKey, log });
    const handler = createRequestHandler({
      store,
      yoga,
      apiKey,
      maxRequestBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      faults: new FaultInjector(faultOptions),
      stats: new RequestStats(),
      log,
    });
    const server = createServer({ keepAliveTimeout: 5000 }, handler);
    const host = options.host ?? '127.0.0.1';
    const address = await listen(server, host, options.port ?? 0);
    const url = `http://${formatHost(host)}:${address.port}`;
    if (!isLoopbackHost(host)) (options.warn ?? log)(describeExposure(host));
    return {
      url,
      graphqlUrl: `${url}${GRAPHQL_PATH}`,
      close: () => closeServer(server).finally(() => store.close()),
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

function openStore(
  path: string,
  now: (() => number) | undefined,
  asyncImports: AsyncImportSettings,
): EmulatorStore {
  try {
    return EmulatorStore.open(path, now, asyncImports);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new KiliSyncError('USAGE', `cannot open the emulator database ${path}: ${reason}`, {
      hint: 'pass --db with a writable file path, or --db :memory:',
      cause: error,
    });
  }
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const message =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use`
          : `cannot listen on ${host}:${port}: ${error.message}`;
      reject(
        new KiliSyncError('USAGE', message, {
          hint: 'choose another --port (0 picks a free one)',
          cause: error,
        }),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // Requests still running get a moment to finish before their sockets are cut.
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
