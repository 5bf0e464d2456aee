import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_FILE, generateOperationTypes } from './graphql-codegen.js';

/**
 * `npm run graphql`: writes src/graphql/generated.ts from the operations and the schema, only
 * when its text changes (so an incremental build has nothing to redo).
 */
const path = fileURLToPath(new URL(`../${GENERATED_FILE}`, import.meta.url));
const text = await generateOperationTypes();
let current: string | undefined;
try {
  current = readFileSync(path, 'utf8');
} catch {
  current = undefined;
}
if (current !== text) writeFileSync(path, text);
