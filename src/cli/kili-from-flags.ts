import type { KiliClient } from '../kili/client.js';
import type { ConnectionSettings } from '../kili/connection.js';
import { createClientForRuntime } from '../kili/create-client.js';
import type { Runtime } from '../runtime.js';
import { type ConnectionFlags, connectionFromFlags } from './shared-options.js';

/**
 * Kept apart from shared-options.ts: the client loads graphql and graphql-request, which only
 * the commands that talk to Kili may pay for at start-up (validate and --version do not).
 */

/** The connection the flags give, and the one client every call of the command goes through. */
export function kiliFromFlags(
  flags: ConnectionFlags,
  runtime: Runtime,
): { connection: ConnectionSettings; client: KiliClient } {
  const connection = connectionFromFlags(flags, runtime);
  const client = createClientForRuntime(connection, runtime, { concurrency: flags.concurrency });
  return { connection, client };
}
