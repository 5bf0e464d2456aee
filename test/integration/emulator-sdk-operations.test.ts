import { readFileSync } from 'node:fs';
import { buildSchema, isInputObjectType, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SDK_OPERATIONS as sdk, toDocument } from './sdk-documents.js';

/**
 * The emulator's schema against the operations the official SDK sends (see sdk-documents.ts for
 * how the list is extracted): every document validates, every input has every key the SDK's
 * mappers send.
 */
const schema = buildSchema(
  readFileSync(new URL('../../contract/kili-api.graphql', import.meta.url), 'utf8'),
);

describe(`emulator schema against the operations of the official SDK ${sdk.sdkVersion}`, () => {
  it('covers the surface: uploads, workflow, organizations, notifications, members and users', () => {
    const fields = new Set(sdk.operations.map((operation) => operation.field));
    for (const field of [
      'assets',
      'organizations',
      'skipAsset',
      'setAssetConsensus',
      'deleteProjectAsynchronously',
      'appendToRoles',
      'users',
      'createUser',
    ]) {
      expect(fields.has(field)).toBe(true);
    }
  });

  it.each(sdk.operations.map((operation) => [operation.source, operation] as const))(
    '%s validates',
    (_source, operation) => {
      const errors = validate(schema, parse(toDocument(operation)));
      expect(errors.map((error) => error.message)).toEqual([]);
    },
  );

  it.each(Object.entries(sdk.inputKeys))('%s has every key the SDK sends', (typeName, keys) => {
    const type = schema.getType(typeName);
    if (!isInputObjectType(type)) throw new Error(`${typeName} is not an input type`);
    const missing = keys.filter((key) => !(key in type.getFields()));
    expect(missing).toEqual([]);
  });
});
