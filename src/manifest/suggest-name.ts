/** Edit distance between two strings (insertions, deletions, substitutions). */
export function measureEditDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/**
 * The allowed name closest to `name`, when it is close enough to be a likely typo
 * (`contnet` → `content`, `external_id` → `externalId`); otherwise undefined.
 */
export function suggestName(name: string, allowed: readonly string[]): string | undefined {
  const normalized = normalizeName(name);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    if (normalizeName(candidate) === normalized) return candidate;
    const distance = measureEditDistance(normalized, normalizeName(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= tolerance && bestDistance < name.length ? best : undefined;
}
