import { forEachLine } from '../files/for-each-line.js';
import { mayHoldInexactNumbers, parseJsonExact } from '../util/json-number.js';
import { describeSize, MAX_ASSET_CHARS, OVERSIZED_HINT } from './asset-size-limit.js';
import { addDataFileAsset, resolveDataFile } from './build-data-file-asset.js';
import { findDuplicateJsonKey } from './json-duplicate-keys.js';
import type { RawSource } from './manifest-document.js';
import type { SourceContext } from './source-context.js';
import { keepExactNumbersInJsonFieldsOnly } from './yaml-exact-numbers.js';

const JSONL_HINT =
  'each line of a JSONL file is one JSON object, e.g. {"externalId": "cat-1", "content": "https://…"}';

/**
 * Expands a `jsonl` source: one asset per line, read as a stream so that a million lines
 * never sit in memory as text. Blank lines are skipped; every bad line is reported.
 */
export async function expandJsonlSource(source: RawSource, context: SourceContext): Promise<void> {
  const dataFile = await resolveDataFile('jsonl', source, context);
  if (!dataFile) return;
  const file = dataFile.displayPath;
  const at = (lineNumber: number, col = 1) => ({ file, line: lineNumber, col });
  let line = '';
  const findColumn = (field: string): number => {
    const at = line.indexOf(`"${field}"`);
    return at === -1 ? 1 : at + 1;
  };
  const oversized = (lineNumber: number) =>
    context.diagnostics.error(
      `this line takes more than ${describeSize(MAX_ASSET_CHARS)}`,
      at(lineNumber),
      OVERSIZED_HINT,
    );
  await forEachLine(
    dataFile.absolutePath,
    (text, lineNumber) => {
      line = lineNumber === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (line.trim() === '') return;
      // Checked before parsing: one huge value would take gigabytes to parse.
      if (line.length > MAX_ASSET_CHARS) return oversized(lineNumber);
      let row: unknown;
      try {
        // Lossless numbers matter in `jsonMetadata` and `jsonContent` only; plain JSON.parse
        // whenever no number can change (the common case: a million lines at full speed).
        const exact = mayHoldInexactNumbers(line);
        const parsed = exact ? parseJsonExact(line) : JSON.parse(line);
        const duplicate = findDuplicateJsonKey(line, parsed);
        if (duplicate !== undefined) {
          context.diagnostics.error(
            'a key is repeated in this object (JSON.parse would keep only the last one)',
            at(lineNumber, duplicate + 1),
            'write each key once',
          );
          return;
        }
        row = exact ? keepExactNumbersInJsonFieldsOnly(parsed) : parsed;
      } catch (error) {
        const { message, col } = describeJsonError(error);
        context.diagnostics.error(`invalid JSON: ${message}`, at(lineNumber, col), JSONL_HINT);
        return;
      }
      addDataFileAsset(row, at(lineNumber), dataFile.absolutePath, context, findColumn);
    },
    { maxLineChars: MAX_ASSET_CHARS, onOversized: oversized },
  );
}

/**
 * V8's message without any of the line's text: it may quote the line or the character it
 * stopped at, and a data file may hold anything (a `.env` named by mistake or on purpose).
 */
function describeJsonError(error: unknown): { message: string; col: number } {
  const text = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(text);
  const explanation = (
    text.split(/ in JSON at position|, ".*" is not valid JSON|[,:] "/s)[0] ?? text
  )
    .replace(/^Unexpected token .*/s, 'Unexpected character')
    .trim();
  return {
    message: explanation.charAt(0).toLowerCase() + explanation.slice(1),
    col: position ? Number(position[1]) + 1 : 1,
  };
}
