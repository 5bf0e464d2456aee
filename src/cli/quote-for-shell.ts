/** A path as a shell reads it back: plain when safe, else in single quotes. */
export function quoteForShell(path: string): string {
  return /^[\w./@:+,=-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}
