/** A server asking for more than this is capped: waiting longer helps nobody on a CLI run. */
export const MAX_RETRY_AFTER_MS = 300_000;

/**
 * Parses an HTTP `Retry-After` header into milliseconds: either delay-seconds (`"3"`, `"1.5"`)
 * or an HTTP date (`"Wed, 21 Oct 2015 07:28:00 GMT"`, measured from `now`). Returns undefined
 * when the header is absent or unreadable; never negative, capped at {@link MAX_RETRY_AFTER_MS}.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return clamp(Number(text) * 1000);
  // Only HTTP dates: Date.parse would also accept numbers and odd formats we do not want.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return clamp(date - now);
}

function clamp(ms: number): number {
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_RETRY_AFTER_MS);
}
