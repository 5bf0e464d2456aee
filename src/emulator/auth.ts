import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const HEADER_PATTERN = /^X-API-Key:\s*(.+)$/i;

/** The key sent as `Authorization: X-API-Key: <key>`, the only form Kili accepts. */
export function readApiKey(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = header ? HEADER_PATTERN.exec(header.trim()) : null;
  return match?.[1]?.trim() ?? null;
}

/** Compares in constant time, so response timing tells nothing about the key. */
export function isValidApiKey(candidate: string | null, expected: string): boolean {
  if (candidate === null) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(candidate), digest(expected));
}
