import { type Static, type TSchema, type TUnsafe, Type } from '@sinclair/typebox';

/**
 * Small builders for the JSON Schemas kili-sync publishes, on top of TypeBox: each returns a
 * plain JSON Schema node whose TypeScript type is derived from the schema it stands for.
 */

/** `{ "$ref": "#/definitions/<name>" }`, typed as the definition it points at. */
export function definitionRef<T extends TSchema>(name: string, _definition: T): TUnsafe<Static<T>> {
  return Type.Unsafe<Static<T>>({ $ref: `#/definitions/${name}` });
}

/** `{ "enum": [...] }` of strings, typed as their union. */
export function stringEnum<const T extends readonly string[]>(values: T): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ enum: [...values] });
}

/** The schema as plain JSON (TypeBox's symbol keys dropped), as it is published. */
export function toJsonSchema(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}
