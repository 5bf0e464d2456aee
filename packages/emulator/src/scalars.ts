import { GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';
import { createApiError } from './api-error.js';

const MAX_PAGE_SIZE = 100;

function parsePageSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw createApiError(
      'invalidPageSize',
      `PageSize must be an integer between 0 and ${MAX_PAGE_SIZE}, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** Kili's page size: an Int from 0 to 100; 101 is refused before anything runs. */
export const PageSizeScalar = new GraphQLScalarType({
  name: 'PageSize',
  description: 'An integer between 0 and 100.',
  serialize: (value) => parsePageSize(value),
  parseValue: (value) => parsePageSize(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) return parsePageSize(undefined);
    return parsePageSize(Number.parseInt(ast.value, 10));
  },
});

/** Any JSON value, as used by `AssetWhere.metadata`. */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
