import { type ColumnAlign, renderMarkdownTable } from './markdown-table.js';

/** What a partial run (`--only`) measured, to be merged into the committed RESULTS.md. */
export interface PartialRun {
  /** The report of the partial run alone, as `renderReport` wrote it. */
  report: string;
  /** The scenarios (first column of the Results table) the run measured. */
  scenarios: string[];
  /** The line that says which run the merged rows come from. */
  note: string;
}

interface Table {
  headers: string[];
  align: ColumnAlign[];
  rows: string[][];
}

const PARTIAL_NOTE = '- Partial run: ';

/**
 * RESULTS.md after a partial run: the partial run's report (its wording), whose tables hold the
 * previous rows and checks of every other scenario, unchanged and in place, and this run's rows
 * where its scenarios' rows were (or at the end). The previous header lines stay, plus one line
 * naming the partial run, so each figure keeps saying where it comes from.
 */
export function mergePartialRun(previous: string, partial: PartialRun): string {
  const previousLines = previous.split('\n');
  const lines = partial.report.split('\n');
  const owned = (first: string) =>
    partial.scenarios.some(
      (name) => first === name || first.startsWith(`${name}:`) || first.startsWith(`${name} (`),
    );
  const merged: string[] = [];
  let section = '';
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.startsWith('## ')) section = line;
    if (line.startsWith('- ') && !lines[index - 1]?.startsWith('- ')) {
      merged.push(...mergeHeaderLines(previousLines, partial.note));
      while (lines[index + 1]?.startsWith('- ')) index += 1;
      continue;
    }
    if (line.startsWith('|') || line === '_none in this run_') {
      const end = blockEnd(lines, index);
      const fresh = parseTable(lines.slice(index, end));
      const old = findSectionTable(previousLines, section);
      const table = old && fresh ? mergeRows(old, fresh, owned) : (fresh ?? old);
      merged.push(
        table ? renderMarkdownTable(table.headers, table.rows, table.align) : lines[index]!,
      );
      index = end - 1;
      continue;
    }
    merged.push(line);
  }
  return merged.join('\n');
}

function mergeHeaderLines(previous: string[], note: string): string[] {
  const start = previous.findIndex((line) => line.startsWith('- '));
  if (start === -1) return [note];
  const end = blockEnd(previous, start, (line) => line.startsWith('- '));
  const noteKey = note.slice(0, note.indexOf(' on '));
  const kept = previous
    .slice(start, end)
    .filter((line) => !(line.startsWith(PARTIAL_NOTE) && line.startsWith(noteKey)));
  return [...kept, note];
}

/** Keeps the previous rows the partial run does not own; its own rows go where theirs were. */
function mergeRows(old: Table, fresh: Table, owned: (first: string) => boolean): Table {
  const rows: string[][] = [];
  let placed = false;
  for (const row of old.rows) {
    if (!owned(row[0] ?? '')) {
      rows.push(row);
    } else if (!placed) {
      rows.push(...fresh.rows);
      placed = true;
    }
  }
  if (!placed) rows.push(...fresh.rows);
  return { ...fresh, rows };
}

function findSectionTable(lines: string[], section: string): Table | undefined {
  const heading = lines.indexOf(section);
  if (heading === -1) return undefined;
  const start = lines.findIndex((line, index) => index > heading && line.startsWith('|'));
  const nextHeading = lines.findIndex((line, index) => index > heading && line.startsWith('## '));
  if (start === -1 || (nextHeading !== -1 && nextHeading < start)) return undefined;
  return parseTable(lines.slice(start, blockEnd(lines, start)));
}

function blockEnd(
  lines: string[],
  start: number,
  inBlock: (line: string) => boolean = (line) => line.startsWith('|'),
): number {
  let end = start + 1;
  while (end < lines.length && inBlock(lines[end]!)) end += 1;
  return end;
}

function parseTable(lines: string[]): Table | undefined {
  const [head, rule, ...body] = lines;
  if (!head?.startsWith('|') || !rule) return undefined;
  return {
    headers: parseCells(head),
    align: parseCells(rule).map((cell) => (cell.endsWith(':') ? 'right' : 'left')),
    rows: body.map(parseCells),
  };
}

/** The cells of `| a | b \| c |`, unescaped (the renderer escapes them again). */
function parseCells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll('\\|', '|'));
}
