import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as mutationDocuments from '../../src/apply/mutation-documents.js';
import { ApiKeysDocument, MeDocument, TypedDocumentString } from '../../src/graphql/generated.js';
import * as readDocuments from '../../src/kili/operations.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const schema: GraphQLSchema = buildSchema(
  readFileSync(new URL('../../packages/emulator/src/schema.graphql', import.meta.url), 'utf8'),
);

/** Every document kili-sync's client sends, by the name it is exported under. */
const SENT: [string, string][] = Object.entries<unknown>({
  ...readDocuments,
  ...mutationDocuments,
  // doctor's start-up checks
  ApiKeysDocument,
  MeDocument,
}).flatMap(([name, value]) =>
  value instanceof TypedDocumentString ? [[name, value.toString()] as [string, string]] : [],
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
      'APPEND_MANY_ASSETS',
      'APPEND_MANY_FRAMES_TO_DATASET_ASYNCHRONOUSLY',
      'ASSETS_QUERY',
      'ASSET_IDS_QUERY',
      'ApiKeysDocument',
      'COUNT_ASSETS_QUERY',
      'DELETE_MANY_FROM_DATASET',
      'FILTER_EXISTING_ASSETS_QUERY',
      'MeDocument',
      'NOTIFICATIONS_QUERY',
      'PROJECTS_QUERY',
      'SIGNED_URLS_QUERY',
      'UPDATE_PROPERTIES_IN_ASSETS',
    ]);
  });

  for (const [name, document] of SENT) {
    it(`${name} is valid against packages/emulator/src/schema.graphql`, () => {
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
});
