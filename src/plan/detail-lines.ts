/** Lines listed under a message before the rest is summarised as "… and N more". */
const MAX_DETAIL_LINES = 20;

/** The lines to list under a message: the first {@link MAX_DETAIL_LINES}, then "… and N more". */
export function capDetailLines(lines: string[]): string[] {
  if (lines.length <= MAX_DETAIL_LINES) return lines;
  return [...lines.slice(0, MAX_DETAIL_LINES), `… and ${lines.length - MAX_DETAIL_LINES} more`];
}
