/// <reference path="./raw-text.d.ts" />
import { createSchema, createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import typeDefs from '../../../contract/kili-api.graphql?raw';
import { findApiError } from './api-error.js';
import { kiliErrorShape } from './error-shape.js';
import { createQueryLimitPlugins } from './query-limits.js';
import { createResolvers, type EmulatorContext } from './resolvers.js';
import type { EmulatorStore } from './store.js';

export const GRAPHQL_PATH = '/api/label/v2/graphql';

export type EmulatorYoga = YogaServerInstance<Record<string, unknown>, EmulatorContext>;

/**
 * The GraphQL side of the emulator: the Kili API contract (contract/kili-api.graphql at the
 * repository's root, which kili-sync's documents are generated from too) and the store-backed
 * resolvers, served by graphql-yoga. The contract is imported as text: the build embeds it in
 * the bundle (scripts/bundle.ts), tests running the source read it through vite.
 */
export function createGraphqlApp(options: {
  store: EmulatorStore;
  apiKey: string;
  log: (line: string) => void;
}): EmulatorYoga {
  const describe = (args: unknown[]) =>
    args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
  return createYoga<Record<string, unknown>, EmulatorContext>({
    schema: createSchema<Record<string, unknown> & EmulatorContext>({
      typeDefs,
      resolvers: createResolvers(),
    }),
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    batching: false,
    maskedErrors: {
      errorMessage: '[unexpectedError] Unexpected error.',
      // Kili's own errors are meant for the client; anything else is hidden, never with a stack.
      maskError: (error, message) =>
        findApiError(error) ? (error as Error) : maskError(error, message, false),
    },
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => options.log(`warning: ${describe(args)}`),
      error: (...args: unknown[]) => options.log(`error: ${describe(args)}`),
    },
    plugins: [kiliErrorShape, ...createQueryLimitPlugins()],
    context: ({ request }) => ({
      store: options.store,
      apiKey: options.apiKey,
      origin: new URL(request.url).origin,
    }),
  });
}
