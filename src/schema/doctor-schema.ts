import { type Static, Type } from '@sinclair/typebox';
import { definitionRef, stringEnum, toJsonSchema } from './json-schema.js';

/**
 * The report of `kili-sync doctor --format json`: its JSON Schema (published as
 * `schemas/doctor.schema.json`) and, derived from it, the TypeScript types the checks and the
 * renderers share. Written like the plan document: sorted keys, a `formatVersion`.
 */

export const DOCTOR_FORMAT_VERSION = 1;

/**
 * `pass`: kili-sync's assumption holds. `fail`: it does not (the command exits 1). `warn`: it
 * holds but needs attention (a key that expires soon). `skip`: not checked (no `--project`, or a
 * step that an earlier failure made meaningless).
 */
const Status = stringEnum(['pass', 'fail', 'warn', 'skip']);

/** A value a check learned, for machines: a version, a count, a date, a limit. */
const Fact = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

const Check = Type.Object(
  {
    /** Stable name, e.g. `api-key` or `probe-repeated-id`. */
    id: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
    status: Status,
    /** One line: why it passed or failed. */
    reason: Type.String(),
    /** Failed checks only: the code of the failure, explained in docs/errors.md. */
    code: Type.Optional(Type.String({ pattern: '^KS[0-9]{4}$' })),
    facts: Type.Record(Type.String(), definitionRef('fact', Fact)),
  },
  { additionalProperties: false },
);

const Report = Type.Object(
  {
    formatVersion: Type.Literal(DOCTOR_FORMAT_VERSION),
    generator: Type.String(),
    createdAt: Type.String(),
    endpoint: Type.String(),
    /** In the order they ran. */
    checks: Type.Array(definitionRef('check', Check)),
    /** The ids of the failed checks; empty when every assumption holds. */
    failed: Type.Array(Type.String()),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://kili-sync.dev/schemas/doctor.schema.json',
    title: 'kili-sync doctor report',
    description:
      'What `kili-sync doctor --format json` found about a Kili endpoint, key and project.',
    additionalProperties: false,
    definitions: { check: Check, fact: Fact, status: Status },
  },
);

/** The doctor report JSON Schema, as published in `schemas/doctor.schema.json`. */
export const DOCTOR_SCHEMA = toJsonSchema(Report);

export type DoctorReport = Static<typeof Report>;
export type DoctorCheck = Static<typeof Check>;
export type CheckStatus = DoctorCheck['status'];
export type Fact = Static<typeof Fact>;
