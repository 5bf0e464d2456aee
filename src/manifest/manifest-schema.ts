import type { ErrorObject, ValidateFunction } from 'ajv';
import { asset, manifest, manifestSchema } from '../schema/generated-validators.js';

/** A node of the manifest JSON Schema (see src/schema/manifest-schema.ts). */
export type SchemaNode = Record<string, unknown>;

export interface ManifestValidators {
  schema: SchemaNode;
  /** Validates a whole manifest document. */
  manifest: ValidateFunction;
  /** Validates one asset (a JSONL line or a CSV row). */
  asset: ValidateFunction;
}

/**
 * The manifest validators, compiled when the CLI is built (`npm run validators`): compiling
 * the schema at startup cost more than the rest of `validate` on a small manifest, and a
 * compiled validator checks 100,000 valid assets in milliseconds.
 */
export const manifestValidators: ManifestValidators = { schema: manifestSchema, manifest, asset };

/** Runs a validator and returns its errors (an empty list when the value is valid). */
export function collectSchemaErrors(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
