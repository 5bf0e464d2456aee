import pc from 'picocolors';
import { type Diagnostic, formatLocation, type KiliSyncError } from '../errors.js';
import { hideCredentials } from '../plan/hide-credentials.js';

/**
 * Turns an error into the lines printed on stderr: `error[KS0301]: …`, details, diagnostics,
 * `hint: …`. The code leads to its section of docs/errors.md. Server messages may echo what
 * was sent (content URLs included): credentials are hidden.
 */
export function renderError(error: KiliSyncError, color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  const location = error.where ? `${formatLocation(error.where)}: ` : '';
  lines.push(`${c.red(c.bold(`error[${error.entry.code}]:`))} ${location}${error.message}`);
  for (const detail of error.details) lines.push(`  ${detail}`);
  // A problem listed under the error line shares its code, so only a code of its own is shown.
  for (const diagnostic of error.diagnostics) lines.push(...renderDiagnostic(diagnostic, color));
  if (error.hint) lines.push(`${c.cyan('hint:')} ${error.hint}`);
  return `${hideCredentials(lines.join('\n'))}\n`;
}

/**
 * `path:line:col: error: message` (`error[KS0202]` for a diagnostic with a code of its own),
 * then the other places involved and a hint, indented.
 */
export function renderDiagnostic(diagnostic: Diagnostic, color: boolean): string[] {
  const c = pc.createColors(color);
  const code = diagnostic.code ? `[${diagnostic.code}]` : '';
  const label =
    diagnostic.severity === 'error' ? c.red(`error${code}`) : c.yellow(`warning${code}`);
  const where = diagnostic.where ? `${formatLocation(diagnostic.where)}: ` : '';
  const lines = [`${where}${label}: ${diagnostic.message}`];
  for (const related of diagnostic.related ?? [])
    lines.push(`  also at ${formatLocation(related)}`);
  if (diagnostic.hint) lines.push(`  ${c.cyan('hint:')} ${diagnostic.hint}`);
  return lines.map(hideCredentials);
}

/**
 * The error's diagnostics, or the error itself when it carries no error diagnostic; each with
 * a code (its own, else the error's).
 */
export function diagnosticsOf(error: KiliSyncError): Diagnostic[] {
  if (error.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
    return withCodes(error, error.diagnostics);
  }
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: error.entry.code,
    message: error.message,
  };
  if (error.hint) diagnostic.hint = error.hint;
  if (error.where) diagnostic.where = error.where;
  return [diagnostic, ...withCodes(error, error.diagnostics)];
}

/** A problem found while checking input is reported under the code of the error it stops. */
function withCodes(error: KiliSyncError, diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map((diagnostic) =>
    diagnostic.code === undefined ? { ...diagnostic, code: error.entry.code } : diagnostic,
  );
}

/**
 * A GitHub Actions workflow command (`::error file=…,line=…,col=…::message`), so problems show
 * up on the pull request's diff. Written to stderr: the runner reads commands from both streams.
 */
export function renderGithubAnnotation(diagnostic: Diagnostic): string {
  const kind = diagnostic.severity === 'error' ? 'error' : 'warning';
  const escapeData = (text: string) =>
    text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (text: string) =>
    escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const place = diagnostic.where
    ? [
        `file=${escapeProperty(diagnostic.where.file)}`,
        `line=${diagnostic.where.line}`,
        `col=${diagnostic.where.col}`,
      ]
    : [];
  const title = diagnostic.code ? [`title=${escapeProperty(diagnostic.code)}`] : [];
  const props = [...place, ...title].length > 0 ? ` ${[...place, ...title].join(',')}` : '';
  const text = hideCredentials(
    diagnostic.hint ? `${diagnostic.message} (${diagnostic.hint})` : diagnostic.message,
  );
  return `::${kind}${props}::${escapeData(text)}`;
}
