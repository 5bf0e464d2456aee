/**
 * The lines of a YAML source, read the way a person reads block YAML: indentation, list
 * indicators, `key:`. Used to say which line a syntax error comes from, and what it should
 * look like; never to parse values.
 */
export class YamlSourceLines {
  private readonly lines: string[];

  constructor(source: string) {
    this.lines = source.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }

  /** The text of a line (1-based), without its line end; '' past the end. */
  text(line: number): string {
    return this.lines[line - 1] ?? '';
  }

  get count(): number {
    return this.lines.length;
  }

  /** The nearest line before `line` that holds more than spaces or a comment. */
  previousContent(line: number): number | undefined {
    for (let at = line - 1; at >= 1; at -= 1) if (hasContent(this.text(at))) return at;
    return undefined;
  }

  /** The next line from `line` on (inclusive) that holds more than spaces or a comment. */
  nextContent(line: number, last = this.count): number | undefined {
    for (let at = line; at <= last; at += 1) if (hasContent(this.text(at))) return at;
    return undefined;
  }

  /** The nearest line before `line` that starts a list item indented less than `indent`. */
  previousListItem(line: number, maxIndent = Number.POSITIVE_INFINITY): number | undefined {
    for (let at = line - 1; at >= 1; at -= 1) {
      const text = this.text(at);
      if (isListItem(text) && indentOf(text) < maxIndent) return at;
    }
    return undefined;
  }
}

export function hasContent(text: string): boolean {
  const trimmed = text.trim();
  return trimmed !== '' && !trimmed.startsWith('#');
}

/** Number of leading spaces. */
export function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

export function isListItem(text: string): boolean {
  return /^\s*-(\s|$)/.test(text);
}

/** 1-based column where the content of a line starts, after indentation and `- ` indicators. */
export function keyColumn(text: string): number {
  return (/^[ \t]*(?:-[ \t]+)*/.exec(text)?.[0].length ?? 0) + 1;
}

/** The key of a `key: value` (or `key:`) line, after any `- ` indicators. */
export function keyOf(text: string): string | undefined {
  return /^\s*(?:-\s+)*([^\s#'"{[-][^#]*?)\s*:(?:\s|$)/.exec(text)?.[1];
}

/** `key: value` split at the first `: ` (the value without a trailing comment). */
export function splitKeyValue(text: string): { key: string; value: string } | undefined {
  const match = /^\s*(?:-\s+)*([^\s#'"{[-][^:#]*?)\s*:\s+(.*?)(?:\s+#.*)?$/.exec(text);
  return match ? { key: match[1]!, value: match[2]! } : undefined;
}

/** The value written in quotes: double, or single when it holds a `"` or `\\`. */
export function quoted(value: string): string {
  return /["\\]/.test(value) ? `'${value.replace(/'/g, "''")}'` : `"${value}"`;
}

/** A line shown inside a message, cut to stay readable. */
export function shown(text: string, max = 40): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}
