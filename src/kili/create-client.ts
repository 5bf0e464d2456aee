import type { Runtime } from '../runtime.js';
import { type ClientEvent, KiliClient, type KiliClientOptions } from './client.js';

/** How a retry notice reads on stderr with `--verbose`. */
export function formatClientEvent(event: ClientEvent): string {
  const wait = `${(event.delayMs / 1000).toFixed(1)} s`;
  return event.kind === 'rate-limited'
    ? `rate limited on ${event.operation} (attempt ${event.attempt}); waiting ${wait}`
    : `retrying ${event.operation} in ${wait} after attempt ${event.attempt} failed (${event.reason})`;
}

/**
 * A client wired to the CLI's runtime: Ctrl-C stops new requests, and retries are reported on
 * stderr with `--verbose`.
 */
export function createClientForRuntime(
  connection: { endpoint: string; apiKey: string },
  runtime: Runtime,
  options: Omit<KiliClientOptions, 'endpoint' | 'apiKey'> = {},
): KiliClient {
  return new KiliClient({
    signal: runtime.signal,
    onEvent: runtime.verbose
      ? (event) => runtime.stderr.write(`${formatClientEvent(event)}\n`)
      : undefined,
    ...options,
    endpoint: connection.endpoint,
    apiKey: connection.apiKey,
  });
}
