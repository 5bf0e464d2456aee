import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the emulator that can misbehave per GraphQL root field the way a
 * slow or lossy Kili would, where the emulator's uniform faults cannot: hold requests the
 * server has accepted and run them later, run a request and lose its answer, refuse one, or
 * let another writer act first. It reports what it did through events, never through time.
 */
export interface TestProxy {
  /** The GraphQL endpoint through the proxy. */
  graphqlUrl: string;
  /** Requests forwarded to the emulator, by root field. */
  forwarded: Record<string, number>;
  /** Holds every request of `operation` from now on, until release(). */
  hold(operation: string): void;
  /** Resolves once `count` requests have been held in all. */
  waitForHeld(count: number): Promise<void>;
  /**
   * Runs the held requests on the emulator one at a time, in arrival order (with those arriving
   * meanwhile), then holds no more.
   */
  release(): Promise<void>;
  /** Runs requests of `operation` on the emulator, then closes the connection unanswered. */
  dropAnswers(operation: string): void;
  /** Answers requests of `operation` with a GraphQL error, without running them. */
  refuse(operation: string, message: string): void;
  /** Runs requests of `operation` on the emulator and answers with `change(answer)` instead. */
  rewrite(operation: string, change: (answer: unknown) => unknown): void;
  /** Runs `hook` (once) before the first request of `operation` is forwarded. */
  before(operation: string, hook: () => Promise<void>): void;
  close(): Promise<void>;
}

interface ProxiedRequest {
  operation: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  res: ServerResponse;
}

export async function startTestProxy(targetGraphqlUrl: string): Promise<TestProxy> {
  const target = new URL(targetGraphqlUrl);
  const held: ProxiedRequest[] = [];
  const holding = new Set<string>();
  const dropping = new Set<string>();
  const refusing = new Map<string, string>();
  const hooks = new Map<string, () => Promise<void>>();
  const rewriting = new Map<string, (answer: unknown) => unknown>();
  const forwarded: Record<string, number> = {};
  const events = new EventEmitter();
  let heldInAll = 0;

  const forward = async (request: ProxiedRequest): Promise<void> => {
    const hook = hooks.get(request.operation);
    if (hook) {
      hooks.delete(request.operation);
      await hook();
    }
    forwarded[request.operation] = (forwarded[request.operation] ?? 0) + 1;
    const answer = await fetch(new URL(request.url, target), {
      method: request.method,
      headers: request.headers,
      body: request.method === 'GET' ? undefined : new Uint8Array(request.body),
    });
    let body = Buffer.from(await answer.arrayBuffer());
    const change = rewriting.get(request.operation);
    if (change) body = Buffer.from(JSON.stringify(change(JSON.parse(body.toString('utf8')))));
    // The client may be gone (killed): the request still ran, its answer goes nowhere.
    if (request.res.destroyed) return;
    if (dropping.has(request.operation)) {
      request.res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'retry-after']) {
      const value = answer.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    request.res.writeHead(answer.status, headers).end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const request: ProxiedRequest = {
      operation: rootField(body),
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers,
      body,
      res,
    };
    const refusal = refusing.get(request.operation);
    if (refusal !== undefined) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: null, errors: [{ message: refusal }] }));
      return;
    }
    if (holding.has(request.operation)) {
      held.push(request);
      heldInAll += 1;
      events.emit('held', heldInAll);
      return;
    }
    await forward(request);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) res.writeHead(502).end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    graphqlUrl: `http://127.0.0.1:${port}${target.pathname}`,
    forwarded,
    hold: (operation) => {
      holding.add(operation);
    },
    waitForHeld: async (count) => {
      while (heldInAll < count) await once(events, 'held');
    },
    release: async () => {
      // Requests arriving meanwhile queue up behind the held ones, so the order is kept.
      while (held.length > 0) await forward(held.shift()!);
      holding.clear();
    },
    dropAnswers: (operation) => {
      dropping.add(operation);
    },
    refuse: (operation, message) => {
      refusing.set(operation, message);
    },
    rewrite: (operation, change) => {
      rewriting.set(operation, change);
    },
    before: (operation, hook) => {
      hooks.set(operation, hook);
    },
    close: async () => {
      for (const request of held.splice(0)) request.res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The root field a GraphQL request calls (`appendManyAssets`), or '' for anything else. */
function rootField(body: Buffer): string {
  try {
    const { query } = JSON.parse(body.toString('utf8')) as { query?: unknown };
    if (typeof query !== 'string') return '';
    return /\{\s*(?:\w+\s*:\s*)?(\w+)/.exec(query)?.[1] ?? '';
  } catch {
    return '';
  }
}
