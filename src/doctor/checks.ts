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
export const fail = (id: string, reason: string, facts?: Facts) => check(id, 'fail', reason, facts);
export const warn = (id: string, reason: string, facts?: Facts) => check(id, 'warn', reason, facts);
export const skip = (id: string, reason: string) => check(id, 'skip', reason);

/** The message of anything thrown, on one line. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
