import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PUBLISHED_SCHEMAS } from '../src/schema/published-schemas.js';

/**
 * `npm run schemas`: writes schemas/*.json from their one definition in src/schema/. A test
 * fails while a committed file differs from what this writes.
 */
for (const [file, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
  const path = fileURLToPath(new URL(`../schemas/${file}`, import.meta.url));
  writeFileSync(path, `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote schemas/${file}\n`);
}
