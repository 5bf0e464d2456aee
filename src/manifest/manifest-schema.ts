import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { MANIFEST_SCHEMA } from '../schema/manifest-schema.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** A node of the manifest JSON Schema (see src/schema/manifest-schema.ts). */
export type SchemaNode = Record<string, unknown>;

export interface ManifestValidators {
  schema: SchemaNode;
  /** Validates a whole manifest document. */
  manifest: ValidateFunction;
  /** Validates one asset (a JSONL line or a CSV row). */
  asset: ValidateFunction;
}

let cached: ManifestValidators | undefined;

/**
 * The compiled validators, built once per process: compiling is the expensive part, and a
 * compiled validator checks 100,000 valid assets in milliseconds.
 */
export function getManifestValidators(): ManifestValidators {
  if (cached) return cached;
  const schema = MANIFEST_SCHEMA;
  // `verbose` only affects the error objects, so valid input pays nothing for it.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  addFormats(ajv, ['email']);
  ajv.addSchema(schema);
  const id = schema.$id as string;
  cached = {
    schema,
    manifest: ajv.getSchema(id) as ValidateFunction,
    asset: ajv.compile({ $ref: `${id}#/definitions/asset` }),
  };
  return cached;
}

/** Runs a validator and returns its errors (an empty list when the value is valid). */
export function collectSchemaErrors(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
