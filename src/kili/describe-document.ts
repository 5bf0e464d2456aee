import { Kind, parse } from 'graphql';

export interface DocumentInfo {
  /** The root field called, e.g. `assets` (not its `data:` alias). */
  operation: string;
  isMutation: boolean;
}

/** The root field a document calls (what servers and stats count) and whether it mutates. */
export function describeDocument(document: string): DocumentInfo {
  try {
    for (const definition of parse(document).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const field = definition.selectionSet.selections.find(
        (selection) => selection.kind === Kind.FIELD,
      );
      return {
        operation: field?.kind === Kind.FIELD ? field.name.value : 'unknown',
        isMutation: definition.operation === 'mutation',
      };
    }
  } catch {
    // An unparsable document is sent anyway: the server's error message is the useful one.
  }
  return { operation: 'unknown', isMutation: /^\s*mutation\b/.test(document) };
}
