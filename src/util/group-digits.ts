/**
 * A whole number with its thousands grouped, `1204` → `1,204`, as `toLocaleString('en-US')`
 * writes it, without loading the locale data: that first call costs tens of milliseconds,
 * which a short command like `validate` notices.
 */
export function groupDigits(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ',');
  return value < 0 ? `-${digits}` : digits;
}
