import {
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
} from 'graphql';

interface GraphqlParams {
  query?: unknown;
  operationName?: unknown;
}

/**
 * The root field names (not aliases) an HTTP GraphQL request calls, e.g. `["assets"]`, used to
 * count requests per operation. Unparseable requests give an empty list.
 */
export function readRootFields(params: GraphqlParams | GraphqlParams[] | null): string[] {
  if (Array.isArray(params)) return params.flatMap((item) => readRootFields(item));
  if (!params || typeof params.query !== 'string') return [];
  let document: DocumentNode;
  try {
    document = parse(params.query);
  } catch {
    return [];
  }
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    typeof params.operationName === 'string'
      ? operations.find((candidate) => candidate.name?.value === params.operationName)
      : operations[0];
  return operation ? collectFields(operation.selectionSet, document, new Set()) : [];
}

function collectFields(
  selectionSet: SelectionSetNode,
  document: DocumentNode,
  visited: Set<string>,
): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      return collectFields(selection.selectionSet, document, visited);
    }
    const name = selection.name.value;
    if (visited.has(name)) return [];
    visited.add(name);
    const fragment = document.definitions.find(
      (definition) =>
        definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === name,
    );
    return fragment && fragment.kind === Kind.FRAGMENT_DEFINITION
      ? collectFields(fragment.selectionSet, document, visited)
      : [];
  });
}

/** Reads GraphQL params from a POST body (JSON) or a GET query string. */
export function readGraphqlParams(method: string, url: URL, body: Buffer): GraphqlParams | null {
  if (method === 'GET') {
    return {
      query: url.searchParams.get('query') ?? undefined,
      operationName: url.searchParams.get('operationName') ?? undefined,
    };
  }
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as GraphqlParams) : null;
  } catch {
    return null;
  }
}
