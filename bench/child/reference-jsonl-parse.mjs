// Reference for the JSONL row: the file read as a stream, line by line, each non-blank line
// given to `JSON.parse`, nothing else. Prints how many records it read, as JSON.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: reference-jsonl-parse.mjs FILE');
const lines = createInterface({
  input: createReadStream(file, { encoding: 'utf8' }),
  crlfDelay: Number.POSITIVE_INFINITY,
});
let records = 0;
for await (const line of lines) {
  if (line.trim() === '') continue;
  if (typeof JSON.parse(line) === 'object') records += 1;
}
process.stdout.write(`${JSON.stringify({ records })}\n`);
