import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** kili-sync's own version, read from package.json (one level above `src/` and `dist/`). */
export const VERSION: string = (require('../package.json') as { version: string }).version;

export const GENERATOR = `kili-sync ${VERSION}`;
