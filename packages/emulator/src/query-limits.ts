import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Kili bounds what one GraphQL document may cost (its answers carry an `x-complexity` header)
 * without publishing the figures, so the emulator picks limits with room above anything the SDK
 * or kili-sync sends, and low enough that a hostile document cannot make one request do
 * unbounded work. Data documents are at most 5 levels deep and use one alias; the standard
 * introspection query (graphql-js and the SDK's graphql-core) is 15 levels deep. Introspection is
 * counted too: `__Type.fields.type.fields…` is the one cycle a document can follow.
 */
export const QUERY_LIMITS = {
  /** Selection levels, the root field being level 1; fragments add no level of their own. */
  maxDepth: 20,
  /** Aliased fields in one operation, fragments included. */
  maxAliases: 15,
} as const;

const CODE = 'queryTooComplex';

/** Refuses, before execution, documents deeper or with more aliases than QUERY_LIMITS. */
export function createQueryLimitPlugins(): Plugin[] {
  // Reported as validation errors so they come back like any other refused document, with a
  // Kili-style "[code] message" and the code in `extensions`.
  const report = (context: ValidationContext | null, error: GraphQLError) => {
    const reason = error.message.replace(/^Syntax Error: /, '');
    context?.reportError(new GraphQLError(`[${CODE}] ${reason}`, { extensions: { code: CODE } }));
  };
  return [
    maxDepthPlugin({
      n: QUERY_LIMITS.maxDepth,
      ignoreIntrospection: false,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [report],
    }),
    maxAliasesPlugin({
      n: QUERY_LIMITS.maxAliases,
      propagateOnRejection: false,
      onReject: [report],
    }),
  ];
}
