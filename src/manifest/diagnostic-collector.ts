import { ERROR_CATALOGUE, type ErrorId } from '../error-catalogue.js';
import type { Diagnostic, SourceLocation } from '../errors.js';

/** Gathers every problem found while loading, so that all of them are reported at once. */
export class DiagnosticCollector {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];

  add(diagnostic: Diagnostic): void {
    if (diagnostic.severity === 'error') this.errors.push(diagnostic);
    else this.warnings.push(diagnostic);
  }

  /** An error; without `id`, it takes the code of the error that reports it (KS0201). */
  error(message: string, where: SourceLocation | undefined, hint?: string, id?: ErrorId): void {
    this.errors.push(withOptional({ severity: 'error', message }, where, hint, id));
  }

  warn(
    message: string,
    where: SourceLocation | undefined,
    hint: string | undefined,
    id: ErrorId,
  ): void {
    this.warnings.push(withOptional({ severity: 'warning', message }, where, hint, id));
  }
}

function withOptional(
  diagnostic: Diagnostic,
  where?: SourceLocation,
  hint?: string,
  id?: ErrorId,
): Diagnostic {
  if (id) diagnostic.code = ERROR_CATALOGUE[id].code;
  if (where) diagnostic.where = where;
  if (hint) diagnostic.hint = hint;
  return diagnostic;
}

/** Orders diagnostics by file, line and column (those without a place last). */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    if (!a.where || !b.where) return a.where ? -1 : b.where ? 1 : 0;
    if (a.where.file !== b.where.file) return a.where.file < b.where.file ? -1 : 1;
    return a.where.line - b.where.line || a.where.col - b.where.col;
  });
}
