import { isHttpUrl } from '../../plan/inline-uploads.js';
import type { Change } from '../../plan/types.js';
import { diffJsonLines, isDiffed } from '../json-diff.js';
import { diffJsonFields, isJsonObject } from '../json-field-diff.js';
import { formatInline, listChangedFields, printable } from '../render-values.js';

/** Values longer than this are cut with `…`: the report is for reviewing, the plan JSON is whole. */
const VALUE_WIDTH = 300;

/**
 * One changed field as the report lists it: `['+', path, value]`, `['-', path, value]`,
 * `['~', path, before, after]`, or a line diff `['diff', name, [sign, text][]]`. Values are
 * already formatted and made printable (credentials in URLs hidden).
 */
export type FieldLine =
  | ['+' | '-', string, string]
  | ['~', string, string, string]
  | ['diff', string, [string, string][]];

const format = (value: unknown) => formatInline(value, VALUE_WIDTH);

function lineDiff(name: string, before: unknown, after: unknown): FieldLine {
  const lines = diffJsonLines(before, after).map((line): [string, string] => [
    line.sign,
    line.sign === '…' ? '' : printable(line.text),
  ]);
  return ['diff', name, lines];
}

/**
 * The changed fields of a change: every field of an add, metadata key by key (the shared
 * field-level diff), multi-line values and text content as line diffs, the rest before → after.
 */
export function describeFields(
  change: Change,
  inputType: string | undefined,
  currentText?: string,
): FieldLine[] {
  const lines: FieldLine[] = [];
  for (const [name, field] of listChangedFields(change)) {
    const { after } = field;
    // An uploaded text is in the plan only as its hash: diff against the text Kili serves.
    const before =
      name === 'content' && currentText !== undefined && !isInlineText(field.before)
        ? currentText
        : field.before;
    if (change.action === 'add') {
      lines.push(['+', name, format(after)]);
    } else if (name === 'jsonMetadata' && isJsonObject(before) && isJsonObject(after)) {
      for (const diff of diffJsonFields(before, after)) {
        const path = `${name}.${printable(diff.path)}`;
        if (diff.sign === '~') lines.push(['~', path, format(diff.before), format(diff.after)]);
        else lines.push([diff.sign, path, format(diff.sign === '+' ? diff.after : diff.before)]);
      }
    } else if (
      isDiffed(name, before, after) ||
      (name === 'content' && inputType === 'TEXT' && isInlineText(before))
    ) {
      lines.push(lineDiff(name, before, after));
    } else {
      lines.push(['~', name, format(before), format(after)]);
    }
  }
  return lines;
}

/** Text content the plan holds as it is (not a URL or the hash of an uploaded file). */
function isInlineText(value: unknown): boolean {
  return typeof value === 'string' && !isHttpUrl(value) && !value.startsWith('uploaded file ');
}
