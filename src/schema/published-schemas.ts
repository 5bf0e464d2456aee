import { DOCTOR_SCHEMA } from './doctor-schema.js';
import { MANIFEST_SCHEMA } from './manifest-schema.js';
import { PLAN_SCHEMA } from './plan-schema.js';

/** The JSON Schemas published in `schemas/` (and in the npm package), by file name. */
export const PUBLISHED_SCHEMAS: Readonly<Record<string, Record<string, unknown>>> = {
  'doctor.schema.json': DOCTOR_SCHEMA,
  'manifest.schema.json': MANIFEST_SCHEMA,
  'plan.schema.json': PLAN_SCHEMA,
};
