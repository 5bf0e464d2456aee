import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendApiError } from './http-io.js';

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

/**
 * Answers 401 (and drains the body) unless the request carries the key; returns whether it did,
 * so a route can stop there.
 */
export function refuseWithoutKey(
  req: IncomingMessage,
  res: ServerResponse,
  expected: string,
): boolean {
  if (isValidApiKey(readApiKey(req), expected)) return false;
  req.resume();
  sendApiError(
    res,
    401,
    'unauthorized',
    'Missing or invalid API key. Send the header "Authorization: X-API-Key: <key>".',
  );
  return true;
}
