import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * kili-sync's own version, read from package.json (one level above `src/` and `dist/`). The
 * validate bundle, which lives elsewhere, has it written in by scripts/bundle-validate.ts.
 */
export const VERSION: string = (require('../package.json') as { version: string }).version;

export const GENERATOR = `kili-sync ${VERSION}`;
