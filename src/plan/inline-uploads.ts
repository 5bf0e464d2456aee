import { createHash } from 'node:crypto';
import { stringifyJsonExact } from '../util/json-number.js';

/**
 * Inline text that kili-sync uploads instead of sending it in a mutation, as the official SDK
 * does (see docs/kili-compatibility.md, "Content"): in a TEXT project, `content` that is not a
 * URL is raw text, and `jsonContent` that is not a URL is rich text. Both are PUT to a signed
 * upload URL and the asset stores that URL. What was uploaded is recorded by its sha256 under
 * the reserved `kiliSync` metadata key, one record per field, so an unchanged text costs
 * nothing and an edited one is one content update.
 */

/** The `kiliSync` keys that hold the sha256 of the uploaded content, by field. */
export const UPLOAD_RECORD_KEYS = {
  /** Shared with local files: both are the bytes of `content`. */
  content: 'sha256',
  jsonContent: 'jsonContentSha256',
} as const;

export type UploadedField = keyof typeof UPLOAD_RECORD_KEYS;

/** The SDK's `is_url`: text starting with `http://` or `https://`, in any case. */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Whether a desired `content` is raw text to upload (TEXT projects, not a URL, not empty). */
export function uploadsContent(inputType: string, content: string | undefined): boolean {
  return inputType === 'TEXT' && content !== undefined && content !== '' && !isHttpUrl(content);
}

/**
 * Whether a desired `jsonContent` is rich text to upload (TEXT projects): any object or list,
 * and any string that is not a URL, which the SDK uploads as it is.
 */
export function uploadsJsonContent(inputType: string, jsonContent: unknown): boolean {
  if (inputType !== 'TEXT' || jsonContent === undefined || jsonContent === null) return false;
  if (typeof jsonContent === 'string') return jsonContent !== '' && !isHttpUrl(jsonContent);
  return true;
}

/** `jsonContent` as text: objects and lists as JSON (numbers exact), strings as they are. */
export function serializeJsonContent(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return stringifyJsonExact(value);
}

/** sha256 (hex) of text encoded as UTF-8: the bytes that are uploaded. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
