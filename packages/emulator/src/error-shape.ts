import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * The code Kili's server gives the errors GraphQL itself raises while reading the variables
 * (an unknown input field, a missing required variable): the SDK's own test fixture of such an
 * answer carries `INTERNAL_SERVER_ERROR`. The SDK reads `errors[0].extensions` on every error, so
 * an error without `extensions` makes it crash instead of reporting the message.
 */
export const REQUEST_ERROR_CODE = 'INTERNAL_SERVER_ERROR';

/**
 * Shapes failed results the way Kili answers them: `data: null` (never partial data), and every
 * error with an `extensions.code`.
 */
export const kiliErrorShape: Plugin = {
  onExecutionResult({ result, setResult }) {
    if (!result || Symbol.asyncIterator in result) return;
    if (!result.errors || result.errors.length === 0) return;
    setResult({ ...result, data: null, errors: result.errors.map(withCode) });
  },
};

function withCode(error: GraphQLError): GraphQLError {
  if (typeof error.extensions?.code === 'string') return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: REQUEST_ERROR_CODE },
  });
}
