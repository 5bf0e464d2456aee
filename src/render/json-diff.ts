import { structuredPatch } from 'diff';
import { parseJsonExact, stringifySortedJson as stringify } from '../util/json-number.js';

/** One line of a field diff: `+` added, `-` removed, ` ` context, `…` skipped lines. */
export interface DiffLine {
  sign: '+' | '-' | ' ' | '…';
  text: string;
}

/**
 * Multi-line text for a value: JSON (or a string holding a JSON object or list) pretty-printed
 * with sorted keys, other strings as they are.
 */
function toDiffText(value: unknown): string {
  if (typeof value !== 'string') return stringify(value, 2) ?? 'null';
  const trimmed = value.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return stringify(parseJsonExact(value), 2) ?? value;
    } catch {
      return value;
    }
  }
  return value;
}

/**
 * A line diff of two JSON values (pretty-printed with sorted keys): only the changed lines plus
 * `context` lines around them, with `…` between distant hunks.
 */
export function diffJsonLines(before: unknown, after: unknown, context = 2): DiffLine[] {
  const patch = structuredPatch(
    'before',
    'after',
    `${toDiffText(before)}\n`,
    `${toDiffText(after)}\n`,
    undefined,
    undefined,
    { context },
  );
  const lines: DiffLine[] = [];
  patch.hunks.forEach((hunk, index) => {
    if (index > 0 || hunk.oldStart > 1) lines.push({ sign: '…', text: '' });
    for (const line of hunk.lines) {
      const sign = line[0];
      if (sign === '+' || sign === '-' || sign === ' ') lines.push({ sign, text: line.slice(1) });
    }
  });
  return lines;
}

/** Whether a field change is shown as a line diff rather than inline: JSON fields that hold
 * objects, lists or several lines, and multi-line text content. */
export function isDiffed(name: string, before: unknown, after: unknown): boolean {
  if (name === 'content') return isMultiLine(before) || isMultiLine(after);
  if (name !== 'jsonMetadata' && name !== 'jsonContent') return false;
  return isStructured(before) || isStructured(after);
}

function isMultiLine(value: unknown): boolean {
  return typeof value === 'string' && value.includes('\n');
}

function isStructured(value: unknown): boolean {
  return (typeof value === 'object' && value !== null) || isMultiLine(value);
}
