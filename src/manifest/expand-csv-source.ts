import { createReadStream } from 'node:fs';
import { type CsvError, parse } from 'csv-parse';
import { describeSize, MAX_ASSET_CHARS, OVERSIZED_HINT } from './asset-size-limit.js';
import { addDataFileAsset, resolveDataFile } from './build-data-file-asset.js';
import { ASSET_FIELDS, type RawSource, RESERVED_METADATA_KEY } from './manifest-document.js';
import type { SourceContext } from './source-context.js';
import { suggestName } from './suggest-name.js';

const METADATA_PREFIX = 'jsonMetadata.';
const NUMBER_FIELDS = new Set(['priority', 'honeypotMark', 'consensusMark']);
const BOOLEAN_FIELDS = new Set(['isHoneypot', 'isUsedForConsensus']);
const CSV_HINT = 'check the quoting and the number of cells on this row against the header';

interface CsvRecord {
  record: Record<string, string>;
  info: { lines: number };
  raw: string;
}

/**
 * Expands a `csv` source: a header row names the fields (`externalId`, `content`|`file`, …,
 * `jsonMetadata.<key>`), each further row is one asset. Every malformed row is reported with
 * its line in the CSV file.
 */
export async function expandCsvSource(source: RawSource, context: SourceContext): Promise<void> {
  const dataFile = await resolveDataFile('csv', source, context);
  if (!dataFile) return;
  const file = dataFile.displayPath;
  const columnStarts = new Map<string, number>();
  const oversizedLines = new Set<number>();
  let headerValid = true;
  const parser = createReadStream(dataFile.absolutePath).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim());
        headerValid = checkHeader(names, file, context, columnStarts);
        return names;
      },
      record_delimiter: ['\r\n', '\n'],
      skip_empty_lines: true,
      info: true,
      raw: true,
      skip_records_with_error: true,
      // Refused before it is kept: one huge cell would take gigabytes to parse.
      max_record_size: MAX_ASSET_CHARS,
      on_skip: (error: CsvError | undefined) => {
        if (!error) return;
        const line = Number((error as unknown as { lines?: number }).lines) || 1;
        if (error.code === 'CSV_MAX_RECORD_SIZE') {
          // Raised again for each further chunk of the same row: said once.
          if (oversizedLines.has(line)) return;
          oversizedLines.add(line);
          const message = `this row takes more than ${describeSize(MAX_ASSET_CHARS)}`;
          context.diagnostics.error(message, { file, line, col: 1 }, OVERSIZED_HINT);
          return;
        }
        const message = describeCsvError(error);
        context.diagnostics.error(
          `malformed CSV row: ${message}`,
          { file, line, col: 1 },
          CSV_HINT,
        );
      },
    }),
  );
  for await (const { record, info, raw } of parser as AsyncIterable<CsvRecord>) {
    if (!headerValid) continue;
    const body = raw.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
    const line = info.lines - (body.match(/\n/g)?.length ?? 0);
    const where = { file, line, col: 1 };
    const cellStarts = findCellStarts(body);
    const headerIndex = [...columnStarts.keys()];
    addDataFileAsset(convertRecord(record), where, dataFile.absolutePath, context, (field) => {
      return cellStarts[headerIndex.indexOf(field)] ?? columnStarts.get(field) ?? 1;
    });
  }
}

/**
 * The 1-based column where each cell of a CSV row starts, so an error points at its cell.
 * Commas inside quotes do not split cells; `""` is an escaped quote.
 */
function findCellStarts(row: string): number[] {
  const starts = [1];
  let quoted = false;
  for (let index = 0; index < row.length; index += 1) {
    const char = row[index];
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) starts.push(index + 2);
  }
  return starts;
}

function checkHeader(
  names: string[],
  file: string,
  context: SourceContext,
  columnStarts: Map<string, number>,
): boolean {
  let valid = true;
  let col = 1;
  for (const [index, name] of names.entries()) {
    const where = { file, line: 1, col };
    columnStarts.set(name, col);
    col += name.length + 1;
    if (name.startsWith(METADATA_PREFIX) && name.length > METADATA_PREFIX.length) {
      if (name.slice(METADATA_PREFIX.length) === RESERVED_METADATA_KEY) {
        valid = false;
        context.diagnostics.error(
          `CSV column '${name}': the metadata key '${RESERVED_METADATA_KEY}' is reserved`,
          where,
          'kili-sync keeps its own data there (the sha256 of uploaded files); use another key',
        );
      }
      continue;
    }
    if ((ASSET_FIELDS as readonly string[]).includes(name)) continue;
    valid = false;
    const suggestion = suggestName(name, ASSET_FIELDS);
    context.diagnostics.error(
      // The header is the file's own text: say which column, not what it holds.
      `unknown CSV column ${index + 1}${suggestion ? ` — did you mean '${suggestion}'?` : ''}`,
      where,
      `columns are asset fields (${ASSET_FIELDS.join(', ')}) or jsonMetadata.<key>`,
    );
  }
  if (!names.includes('externalId')) {
    valid = false;
    context.diagnostics.error(
      "the CSV header has no 'externalId' column",
      { file, line: 1, col: 1 },
      'the first row names the columns; every asset needs an externalId',
    );
  }
  return valid;
}

/**
 * csv-parse's message without the row's text: it quotes the character it stopped at, and a
 * data file may hold anything.
 */
function describeCsvError(error: CsvError): string {
  return error.message
    .replace(/\s+on line \d+$/, '')
    .replace(/ at line \d+/, '')
    .replace(/:? got "(?:[^"\\]|\\.)*"/g, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '…');
}

/** Turns CSV cells into asset fields; empty cells are left out, metadata stays text. */
function convertRecord(record: Record<string, string>): Record<string, unknown> {
  const asset: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (cell === '') continue;
    if (column.startsWith(METADATA_PREFIX)) {
      const metadata = (asset.jsonMetadata ?? {}) as Record<string, unknown>;
      metadata[column.slice(METADATA_PREFIX.length)] = cell;
      asset.jsonMetadata = metadata;
    } else if (NUMBER_FIELDS.has(column)) {
      const value = Number(cell.trim());
      asset[column] = cell.trim() !== '' && Number.isFinite(value) ? value : cell;
    } else if (BOOLEAN_FIELDS.has(column)) {
      const lowered = cell.trim().toLowerCase();
      asset[column] = lowered === 'true' ? true : lowered === 'false' ? false : cell;
    } else if (column === 'toBeLabeledBy' || column === 'frames') {
      // Emails are separated by `,` or `;`; frame URLs may hold commas, so only `;` separates them.
      const entries = cell.split(column === 'frames' ? ';' : /[;,]/).map((entry) => entry.trim());
      asset[column] = entries.filter((entry) => entry !== '');
    } else {
      asset[column] = cell;
    }
  }
  return asset;
}
