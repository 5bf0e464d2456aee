import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderErrorsDoc } from './errors-doc.js';

/** `npm run errors-doc`: writes docs/errors.md from the catalogue; a test fails while they differ. */
const path = fileURLToPath(new URL('../docs/errors.md', import.meta.url));
writeFileSync(path, renderErrorsDoc());
process.stdout.write('wrote docs/errors.md\n');
