import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS } from '../../src/schema/published-schemas.js';

describe('published JSON Schemas', () => {
  for (const [file, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
    it(`schemas/${file} is the one generated from src/schema (npm run schemas)`, () => {
      const committed: unknown = JSON.parse(
        readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8'),
      );
      expect(committed).toEqual(schema);
    });
  }
});
