// Reference for the validate row: the `yaml` library's bare parse of the same manifest, nothing
// else (no positions kept, no schema, no checks). Prints how many assets it read, as JSON.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: reference-yaml-parse.mjs MANIFEST');
const document = parse(readFileSync(file, 'utf8'));
const records = Array.isArray(document?.assets) ? document.assets.length : 0;
process.stdout.write(`${JSON.stringify({ records })}\n`);
