import pc from 'picocolors';
import { type Diagnostic, formatLocation, type KiliSyncError } from '../errors.js';

/** Turns an error into the lines printed on stderr: `error: …`, details, diagnostics, `hint: …`. */
export function renderError(error: KiliSyncError, color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  const location = error.where ? `${formatLocation(error.where)}: ` : '';
  lines.push(`${c.red(c.bold('error:'))} ${location}${error.message}`);
  for (const detail of error.details) lines.push(`  ${detail}`);
  for (const diagnostic of error.diagnostics) lines.push(...renderDiagnostic(diagnostic, color));
  if (error.hint) lines.push(`${c.cyan('hint:')} ${error.hint}`);
  return `${lines.join('\n')}\n`;
}

/** `path:line:col: message`, then the other places involved and a hint, indented. */
export function renderDiagnostic(diagnostic: Diagnostic, color: boolean): string[] {
  const c = pc.createColors(color);
  const label = diagnostic.severity === 'error' ? c.red('error') : c.yellow('warning');
  const where = diagnostic.where ? `${formatLocation(diagnostic.where)}: ` : '';
  const lines = [`${where}${label}: ${diagnostic.message}`];
  for (const related of diagnostic.related ?? [])
    lines.push(`  also at ${formatLocation(related)}`);
  if (diagnostic.hint) lines.push(`  ${c.cyan('hint:')} ${diagnostic.hint}`);
  return lines;
}

/** GitHub Actions workflow commands, so problems show up on the pull request's diff. */
export function renderGithubAnnotation(diagnostic: Diagnostic): string {
  const kind = diagnostic.severity === 'error' ? 'error' : 'warning';
  const escapeData = (text: string) =>
    text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const props = diagnostic.where
    ? ` file=${diagnostic.where.file},line=${diagnostic.where.line},col=${diagnostic.where.col}`
    : '';
  const text = diagnostic.hint ? `${diagnostic.message} (${diagnostic.hint})` : diagnostic.message;
  return `::${kind}${props}::${escapeData(text)}`;
}
