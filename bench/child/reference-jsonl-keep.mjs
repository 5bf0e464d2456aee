// The least any loader that keeps a JSONL file's records can do, as `plan` must (`validate` does
// not), for the JSONL row's notes: the reference's line-by-line `JSON.parse`, with each record
// kept in memory (with its line number, as every loaded asset keeps where it was declared) and
// its `externalId` added to a Set (the one check that needs every record at once: duplicates).
// No validation, no other field. Prints how many records it kept, as JSON.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: reference-jsonl-keep.mjs FILE');
const lines = createInterface({
  input: createReadStream(file, { encoding: 'utf8' }),
  crlfDelay: Number.POSITIVE_INFINITY,
});
const records = [];
const ids = new Set();
let line = 0;
for await (const text of lines) {
  line += 1;
  if (text.trim() === '') continue;
  const record = JSON.parse(text);
  records.push({ record, line });
  ids.add(record.externalId);
}
process.stdout.write(`${JSON.stringify({ records: records.length, ids: ids.size })}\n`);
