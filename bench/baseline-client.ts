import { parse } from 'graphql';
import { GraphQLClient } from 'graphql-request';
import type { TypedDocumentString } from '../src/graphql/generated.js';

export interface BaselineClientOptions {
  endpoint: string;
  apiKey: string;
  /** The SDK's process-wide limiter: 500 calls per minute. */
  rateLimitPerMinute: number;
}

const WINDOW_MS = 60_000;

/**
 * The official SDK's request strategy, reproduced for comparison: a global lock (one request in
 * flight per process) and a limiter allowing `rateLimitPerMinute` calls in any sliding minute,
 * as pyrate-limiter does. No retries: the baseline runs only against a fault-free emulator.
 */
export class BaselineClient {
  private readonly client: GraphQLClient;
  private readonly limit: number;
  private readonly sentAt: number[] = [];
  private lock: Promise<unknown> = Promise.resolve();
  private readonly counts = new Map<string, number>();

  constructor(options: BaselineClientOptions) {
    this.client = new GraphQLClient(options.endpoint, {
      headers: { Authorization: `X-API-Key: ${options.apiKey}` },
    });
    this.limit = options.rateLimitPerMinute;
  }

  /** Sends one operation once the previous one has answered and the limiter allows it. */
  request<T>(
    document: string | TypedDocumentString<T, never>,
    variables: Record<string, unknown>,
  ): Promise<T> {
    const text = document.toString();
    const run = this.lock.then(async () => {
      await this.waitForSlot();
      const field = readRootField(text);
      this.counts.set(field, (this.counts.get(field) ?? 0) + 1);
      return this.client.request<T>(text, variables);
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Requests sent, by root field name. */
  stats(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  private async waitForSlot(): Promise<void> {
    const now = Date.now();
    while (this.sentAt.length > 0 && now - this.sentAt[0]! >= WINDOW_MS) this.sentAt.shift();
    if (this.sentAt.length >= this.limit) {
      const waitMs = this.sentAt[0]! + WINDOW_MS - now;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      this.sentAt.shift();
    }
    this.sentAt.push(Date.now());
  }
}

const rootFields = new Map<string, string>();

function readRootField(document: string): string {
  let field = rootFields.get(document);
  if (field === undefined) {
    const definition = parse(document).definitions[0];
    const selection =
      definition?.kind === 'OperationDefinition'
        ? definition.selectionSet.selections[0]
        : undefined;
    field = selection?.kind === 'Field' ? selection.name.value : 'unknown';
    rootFields.set(document, field);
  }
  return field;
}
