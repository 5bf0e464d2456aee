import type { Diagnostic, SourceLocation } from '../errors.js';

/** Gathers every problem found while loading, so that all of them are reported at once. */
export class DiagnosticCollector {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];

  add(diagnostic: Diagnostic): void {
    if (diagnostic.severity === 'error') this.errors.push(diagnostic);
    else this.warnings.push(diagnostic);
  }

  error(message: string, where: SourceLocation | undefined, hint?: string): void {
    this.errors.push(withOptional({ severity: 'error', message }, where, hint));
  }

  warn(message: string, where: SourceLocation | undefined, hint?: string): void {
    this.warnings.push(withOptional({ severity: 'warning', message }, where, hint));
  }
}

function withOptional(diagnostic: Diagnostic, where?: SourceLocation, hint?: string): Diagnostic {
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
