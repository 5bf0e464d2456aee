/**
 * Kili's timestamps as kili-sync relies on them: ISO-8601 in UTC with milliseconds
 * (`2024-01-24T15:40:12.097Z`), so that they sort as text and a change within the same second
 * still moves `updatedAt`.
 */
const MILLISECOND_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function isMillisecondTimestamp(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    MILLISECOND_TIMESTAMP.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/**
 * Why a sequence of `updatedAt` values, one after each change, breaks the rule incremental plans
 * and stale checks rely on (each later than the one before, with millisecond precision), or
 * undefined when it holds.
 */
export function findUpdatedAtProblem(
  steps: { step: string; updatedAt: unknown }[],
): string | undefined {
  for (const { step, updatedAt } of steps) {
    if (!isMillisecondTimestamp(updatedAt)) {
      return `updatedAt after ${step} is ${JSON.stringify(updatedAt)}, not an ISO time with milliseconds`;
    }
  }
  for (let index = 1; index < steps.length; index += 1) {
    const before = steps[index - 1]!;
    const after = steps[index]!;
    if (Date.parse(after.updatedAt as string) <= Date.parse(before.updatedAt as string)) {
      return (
        `updatedAt did not move forward on ${after.step}: ${String(before.updatedAt)} ` +
        `then ${String(after.updatedAt)}`
      );
    }
  }
  return undefined;
}
