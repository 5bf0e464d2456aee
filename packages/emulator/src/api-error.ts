/**
 * An error the way Kili reports it: the message starts with a bracketed camelCase code, which is
 * repeated in `extensions.code`. GraphQL wraps it with the path and location of the failing
 * field; it is deliberately not a GraphQLError so the check that unmasks it does not depend on
 * which copy of the graphql package created it.
 */
export class KiliApiError extends Error {
  readonly code: string;
  readonly extensions: { code: string };

  constructor(code: string, message: string) {
    super(`[${code}] ${message}`);
    this.name = 'KiliApiError';
    this.code = code;
    this.extensions = { code };
  }
}

/** Builds a Kili-style API error. */
export function createApiError(code: string, message: string): KiliApiError {
  return new KiliApiError(code, message);
}

/** Kili's answer for an object that does not exist or that the key may not see. */
export function createNoAccessError(): KiliApiError {
  return createApiError(
    'noAccessRights',
    'It seems you do not have access to this object. Please double check your credentials.',
  );
}

/** Finds the API error behind a (possibly several times wrapped) GraphQL error. */
export function findApiError(error: unknown): KiliApiError | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && current != null; depth += 1) {
    if (current instanceof KiliApiError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}
