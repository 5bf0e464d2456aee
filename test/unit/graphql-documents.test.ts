import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as generated from '../../src/graphql/generated.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const schema: GraphQLSchema = buildSchema(
  readFileSync(new URL('../../contract/kili-api.graphql', import.meta.url), 'utf8'),
);

/** Every document kili-sync's client sends: the typed documents of src/graphql/generated.ts. */
const SENT: [string, string][] = Object.entries<unknown>(generated).flatMap(([name, value]) =>
  value instanceof generated.TypedDocumentString
    ? [[name, value.toString()] as [string, string]]
    : [],
);

function problemsOf(document: string): string[] {
  return validate(schema, parse(document)).map((error) => error.message);
}

function listSources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('GraphQL documents', () => {
  it('finds the reads and the mutations', () => {
    expect(SENT.map(([name]) => name).sort()).toEqual([
      'ApiKeysDocument',
      'AppendManyAssetsDocument',
      'AppendManyFramesToDatasetAsynchronouslyDocument',
      'AssetIdsDocument',
      'AssetsDocument',
      'CountAssetsDocument',
      'CreateUploadBucketSignedUrlsDocument',
      'DeleteManyFromDatasetDocument',
      'FilterExistingAssetsDocument',
      'MeDocument',
      'NotificationsDocument',
      'ProjectsDocument',
      'UpdatePropertiesInAssetsDocument',
    ]);
  });

  for (const [name, document] of SENT) {
    it(`${name} is valid against contract/kili-api.graphql`, () => {
      expect(problemsOf(document)).toEqual([]);
    });
  }

  it('a document the schema does not allow is refused (the check can fail)', () => {
    expect(problemsOf('query { assets(where: {}) { id colour } }')).toEqual([
      'Cannot query field "colour" on type "Asset".',
    ]);
  });

  it('kili-sync sends no hand-written document and declares no result type by hand', () => {
    const handWritten = listSources(SRC)
      // The Action's one GraphQL query goes to GitHub's API, not Kili's.
      .filter((path) => !path.includes('/graphql/') && !path.includes('/action/'))
      .flatMap((path) => {
        const text = readFileSync(path, 'utf8');
        const found = [
          ...text.matchAll(/['`](query|mutation)\s+\w*\s*[({]/g),
          ...text.matchAll(/\.request<(?!unknown>)/g),
        ];
        return found.map((match) => `${path.slice(SRC.length + 1)}: ${match[0]}`);
      });
    expect(handWritten).toEqual([]);
  });

  it('the typed documents have one module: no other module of src/ re-exports them', () => {
    const reExports = listSources(SRC)
      .filter((path) => !path.includes('/graphql/'))
      .flatMap((path) => {
        const text = readFileSync(path, 'utf8');
        const found = text.matchAll(
          /export\s*(?:type\s*)?\{[^}]*\}\s*from\s*'[^']*\/graphql\/[^']*'/g,
        );
        return [...found].map(() => path.slice(SRC.length + 1));
      });
    expect(reExports).toEqual([]);
  });
});
