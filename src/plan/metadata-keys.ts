import { isPlainObject, isSameJson } from './normalize.js';
import type { FieldChange } from './types.js';

/**
 * `jsonMetadata` managed key by key (`jsonMetadataMode: keys`): the manifest owns the keys it
 * declares, and the keys kili-sync wrote that it no longer declares (to remove them); every
 * other key belongs to someone else and is neither compared nor written.
 */

/**
 * The change of the keys a manifest manages, or undefined when they match: `before` holds the
 * remote values of the managed keys Kili has, `after` the declared ones. A key in `before` and
 * not in `after` is removed.
 */
export function diffMetadataKeys(
  declared: Record<string, unknown>,
  remote: Record<string, unknown>,
  recorded: readonly string[],
): FieldChange | undefined {
  let changed = false;
  // Entries, not assignments: a key named `__proto__` would set the prototype instead.
  const before = new Map<string, unknown>();
  for (const key of Object.keys(declared)) {
    if (!Object.hasOwn(remote, key)) {
      changed = true;
      continue;
    }
    before.set(key, remote[key]);
    if (!isSameJson(declared[key], remote[key])) changed = true;
  }
  for (const key of recorded) {
    if (Object.hasOwn(declared, key) || !Object.hasOwn(remote, key)) continue;
    before.set(key, remote[key]);
    changed = true;
  }
  return changed ? { before: Object.fromEntries(before), after: declared } : undefined;
}

/**
 * The user metadata after a `jsonMetadata` field change, applied to what Kili holds: the keys of
 * `before` missing from `after` removed, those of `after` set, every other key kept. A change
 * that shows the whole object on both sides (`replace`) replaces it; one that shows only the
 * managed keys leaves the others' keys alone, including any written since the plan read them.
 */
export function applyMetadataChange(
  current: Record<string, unknown>,
  change: FieldChange,
): Record<string, unknown> {
  const before = isPlainObject(change.before) ? change.before : {};
  const after = isPlainObject(change.after) ? change.after : {};
  const next = new Map(Object.entries(current));
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) next.delete(key);
  for (const [key, value] of Object.entries(after)) next.set(key, value);
  return Object.fromEntries(next);
}

/**
 * The keys kili-sync has written after a change: those it recorded before and those it sets,
 * without those it removes and those the asset no longer holds (`written`, the metadata sent),
 * so a key someone else writes later under a forgotten name is never taken for kili-sync's.
 * Sorted, so the record is the same whatever the order of writes.
 */
export function nextRecordedKeys(
  recorded: readonly string[],
  change: FieldChange | undefined,
  written: Record<string, unknown>,
): string[] {
  const keys = new Set(recorded);
  if (change !== undefined) {
    const before = isPlainObject(change.before) ? change.before : {};
    const after = isPlainObject(change.after) ? change.after : {};
    for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) keys.delete(key);
    for (const key of Object.keys(after)) keys.add(key);
  }
  return [...keys].filter((key) => Object.hasOwn(written, key)).sort();
}
