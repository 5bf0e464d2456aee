import { ERROR_CATALOGUE } from '../error-catalogue.js';
import { isKiliSyncError } from '../errors.js';
import type { CheckStatus, DoctorCheck, Fact } from '../schema/doctor-schema.js';

export type { CheckStatus, DoctorCheck, Fact } from '../schema/doctor-schema.js';

export type Facts = Record<string, Fact>;

/** One result line of the doctor's checklist. */
export function check(
  id: string,
  status: CheckStatus,
  reason: string,
  facts: Facts = {},
): DoctorCheck {
  return { id, status, reason, facts };
}

export const pass = (id: string, reason: string, facts?: Facts) => check(id, 'pass', reason, facts);

/**
 * A failed check, with the catalogue code of the error that made it fail (`cause`), or the
 * doctor's own code when the failure is the finding itself.
 */
export function fail(id: string, reason: string, facts?: Facts, cause?: unknown): DoctorCheck {
  const code = isKiliSyncError(cause)
    ? cause.entry.code
    : ERROR_CATALOGUE['doctor-check-failed'].code;
  return { ...check(id, 'fail', reason, facts), code };
}

export const warn = (id: string, reason: string, facts?: Facts) => check(id, 'warn', reason, facts);
export const skip = (id: string, reason: string) => check(id, 'skip', reason);

/** The message of anything thrown, on one line. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
