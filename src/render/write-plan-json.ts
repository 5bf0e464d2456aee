import type { Plan } from '../plan/types.js';
import { stringifySortedJson as stringify } from '../util/json-number.js';

/** Objects and lists nested at most this deep are written piece by piece; deeper ones whole. */
const STREAMED_DEPTH = 4; // plan → projects[] → project → changes[] → change (whole)
/** Pieces are gathered into writes of about this many characters. */
const FLUSH_CHARS = 1 << 16;

/**
 * Writes the plan as JSON (sorted keys, 2-space indent, final newline: the same bytes as
 * `renderPlanJson`) in pieces of about 64 KiB, so a plan of a million changes never has to be
 * one string, which V8 cannot hold ("Invalid string length").
 */
export function writePlanJson(plan: Plan, write: (chunk: string) => void): void {
  let pending = '';
  const emit = (text: string) => {
    pending += text;
    if (pending.length >= FLUSH_CHARS) {
      write(pending);
      pending = '';
    }
  };
  writeValue(plan, '', 0, emit);
  emit('\n');
  if (pending !== '') write(pending);
}

function writeValue(value: unknown, indent: string, depth: number, emit: (text: string) => void) {
  if (depth >= STREAMED_DEPTH || typeof value !== 'object' || value === null) {
    // JSON strings hold no raw newline, so re-indenting the lines is safe.
    emit((stringify(value, 2) ?? 'null').replaceAll('\n', `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return emit('[]');
    emit('[\n');
    value.forEach((item, index) => {
      emit(inner);
      writeValue(item, inner, depth + 1, emit);
      emit(index < value.length - 1 ? ',\n' : '\n');
    });
    return emit(`${indent}]`);
  }
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return emit('{}');
  emit('{\n');
  entries.forEach(([key, item], index) => {
    emit(`${inner}${JSON.stringify(key)}: `);
    writeValue(item, inner, depth + 1, emit);
    emit(index < entries.length - 1 ? ',\n' : '\n');
  });
  emit(`${indent}}`);
}
