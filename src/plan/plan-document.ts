/** Reading a saved plan (`plan --out`) back: the plan document checked against its schema. */

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { KiliSyncError } from '../errors.js';
import { PLAN_SCHEMA } from '../schema/plan-schema.js';
import { parseJsonExact } from '../util/json-number.js';
import { computePlanHash } from './hash.js';
import { PLAN_FORMAT_VERSION, type Plan } from './types.js';

const MAX_REPORTED_ERRORS = 5;

let validatePlan: ValidateFunction<Plan> | undefined;

function getPlanValidator(): ValidateFunction<Plan> {
  if (validatePlan === undefined) {
    validatePlan = new Ajv({ allErrors: true, discriminator: true }).compile<Plan>(PLAN_SCHEMA);
  }
  return validatePlan;
}

function formatSchemaError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(top level)' : error.instancePath;
  const allowed =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
      : '';
  return `${where}: ${error.message ?? 'is invalid'}${allowed}`;
}

function invalid(file: string, message: string, details: string[] = []): KiliSyncError {
  return new KiliSyncError('plan-invalid', `${file}: ${message}`, { details });
}

/**
 * Reads a saved plan: JSON syntax, format version, the plan schema, and the plan hash.
 *
 * @throws KiliSyncError `PLAN_INVALID` when any check fails.
 */
export function parsePlanJson(text: string, file: string): Plan {
  let data: unknown;
  try {
    data = parseJsonExact(text);
  } catch (error) {
    throw invalid(file, `not valid JSON (${(error as Error).message})`);
  }
  const version =
    typeof data === 'object' && data !== null
      ? (data as { formatVersion?: unknown }).formatVersion
      : undefined;
  if (version !== PLAN_FORMAT_VERSION) {
    throw invalid(
      file,
      version === undefined
        ? 'not a kili-sync plan (no formatVersion)'
        : `plan format version ${JSON.stringify(version)} is not supported (this kili-sync reads version ${PLAN_FORMAT_VERSION})`,
    );
  }
  const validate = getPlanValidator();
  if (!validate(data)) {
    const errors = validate.errors ?? [];
    const details = errors.slice(0, MAX_REPORTED_ERRORS).map(formatSchemaError);
    if (errors.length > MAX_REPORTED_ERRORS) {
      details.push(`… and ${errors.length - MAX_REPORTED_ERRORS} more problems`);
    }
    throw invalid(file, 'does not match the plan schema', details);
  }
  if (computePlanHash(data) !== data.planHash) {
    throw invalid(file, 'planHash does not match the changes: the file was edited after planning');
  }
  return data;
}
