export type ColumnAlign = 'left' | 'right';

/**
 * A Markdown table with padded, aligned columns, laid out the way the project's formatter
 * (biome) lays tables out, so the generated RESULTS.md passes `biome check` untouched.
 */
export function renderMarkdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ColumnAlign[] = [],
): string {
  const cells = [headers, ...rows].map((row) => row.map(escapeCell));
  const widths = headers.map((_, column) =>
    Math.max(3, ...cells.map((row) => measure(row[column] ?? ''))),
  );
  const line = (row: readonly string[]) =>
    `| ${widths
      .map((width, column) => pad(row[column] ?? '', width, align[column] ?? 'left'))
      .join(' | ')} |`;
  const rule = `| ${widths
    .map((width, column) =>
      align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
    )
    .join(' | ')} |`;
  const [head, ...body] = cells;
  return [line(head ?? []), rule, ...body.map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function measure(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number, align: ColumnAlign): string {
  const fill = ' '.repeat(width - measure(text));
  return align === 'right' ? fill + text : text + fill;
}
