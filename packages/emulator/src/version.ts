import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The emulator package's version, read from its package.json (one level above `src/` and `dist/`). */
export const VERSION: string = (require('../package.json') as { version: string }).version;
