import { type ColumnAlign, renderMarkdownTable } from './markdown-table.js';

/**
 * A run with `--only` measures a few scenarios. Their rows and checks replace those of the same
 * scenarios in the RESULTS.md already there, every other row is kept as it was measured, and a
 * line under the run's facts says which rows were measured again, when and how. Without an
 * earlier file the fresh report stands alone.
 */
export function mergeReport(previous: string | undefined, fresh: string, note: string): string {
  if (previous === undefined || !previous.includes('## Results')) return fresh;
  const old = parseReport(previous);
  const next = parseReport(fresh);
  const scenarios = new Set(next.tables.get('## Results')?.rows.map((row) => row[0]!) ?? []);
  // Results rows are keyed by their scenario; checks by their name, which starts with it.
  const isFresh = (heading: string) => (row: string[]) =>
    heading === '## Results'
      ? scenarios.has(row[0]!)
      : [...scenarios].some((name) => row[0]!.startsWith(`${name}:`));
  const lines = old.lines.map((line) => {
    if (typeof line === 'string') return line;
    if (line.kind === 'facts') {
      const label = `- Re-measured: ${note.split(':')[0]}:`;
      return [...line.facts.filter((fact) => !fact.startsWith(label)), `- Re-measured: ${note}`];
    }
    const table = line.table ?? next.tables.get(line.heading);
    if (table === undefined) return line;
    const rows = mergeRows(
      line.table?.rows ?? [],
      next.tables.get(line.heading)?.rows ?? [],
      isFresh(line.heading),
    );
    return { ...line, table: { ...table, rows } };
  });
  return render(lines);
}

interface ParsedTable {
  header: string[];
  align: ColumnAlign[];
  rows: string[][];
}

type Part =
  | string
  | { kind: 'facts'; facts: string[] }
  /** A table, or the line that says a section has none (then `table` is undefined). */
  | { kind: 'table'; heading: string; table?: ParsedTable; empty?: string };

interface ParsedReport {
  lines: Part[];
  tables: Map<string, ParsedTable>;
}

function parseReport(text: string): ParsedReport {
  const lines: Part[] = [];
  const tables = new Map<string, ParsedTable>();
  const source = text.split('\n');
  let heading = '';
  let facts: { kind: 'facts'; facts: string[] } | undefined;
  for (let i = 0; i < source.length; i += 1) {
    const line = source[i]!;
    if (line.startsWith('## ')) heading = line;
    if (heading === '' && line.startsWith('- ')) {
      if (facts === undefined) {
        facts = { kind: 'facts', facts: [] };
        lines.push(facts);
      }
      facts.facts.push(line);
    } else if (line.startsWith('_none')) {
      lines.push({ kind: 'table', heading, empty: line });
    } else if (line.startsWith('| ')) {
      const table: ParsedTable = {
        header: splitCells(line),
        align: splitCells(source[i + 1] ?? '').map((cell) =>
          cell.endsWith(':') ? 'right' : 'left',
        ),
        rows: [],
      };
      for (i += 2; source[i]?.startsWith('| '); i += 1) table.rows.push(splitCells(source[i]!));
      i -= 1;
      lines.push({ kind: 'table', heading, table });
      tables.set(heading, table);
    } else {
      lines.push(line);
    }
  }
  return { lines, tables };
}

function render(lines: (Part | string[])[]): string {
  return lines
    .map((line) => {
      if (typeof line === 'string') return line;
      if (Array.isArray(line)) return line.join('\n');
      if (line.kind === 'facts') return line.facts.join('\n');
      if (line.table === undefined) return line.empty ?? '';
      return renderMarkdownTable(line.table.header, line.table.rows, line.table.align);
    })
    .join('\n');
}

/** The cells of a table line, unescaped (the renderer escapes them again). */
function splitCells(line: string): string[] {
  return line
    .replace(/^\| /, '')
    .replace(/ \|$/, '')
    .split(/ (?<!\\)\| /)
    .map((cell) => cell.trim().replaceAll('\\|', '|'));
}

/** Old rows in their places, fresh ones replacing theirs, new ones at the end. */
function mergeRows(
  before: string[][],
  fresh: string[][],
  replaced: (row: string[]) => boolean,
): string[][] {
  const merged: string[][] = [];
  let inserted = false;
  for (const row of before) {
    if (!replaced(row)) {
      merged.push(row);
    } else if (!inserted) {
      merged.push(...fresh);
      inserted = true;
    }
  }
  if (!inserted) merged.push(...fresh);
  return merged;
}
