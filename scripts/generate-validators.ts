import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_FILE, generateManifestValidators } from './manifest-validators-codegen.js';

/**
 * `npm run validators`: writes src/schema/generated-validators.ts from the manifest schema, only
 * when its text changes (so an incremental build has nothing to redo).
 */
const path = fileURLToPath(new URL(`../${GENERATED_FILE}`, import.meta.url));
const text = generateManifestValidators();
let current: string | undefined;
try {
  current = readFileSync(path, 'utf8');
} catch {
  current = undefined;
}
if (current !== text) writeFileSync(path, text);
