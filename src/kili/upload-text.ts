import { createHash } from 'node:crypto';
import { KiliSyncError } from '../errors.js';
import type { UploadedField } from '../plan/inline-uploads.js';
import type { KiliClient } from './client.js';
import {
  type BucketOutcome,
  buildContentPath,
  buildUploadContentType,
  type UploadOptions,
  uploadToBucket,
} from './upload.js';

/** Inline text of one asset field, uploaded as the SDK uploads raw and rich text. */
export interface TextUpload {
  assetId: string;
  field: UploadedField;
  text: string;
  /** sha256 of the UTF-8 text as planned: the bytes sent must hash to it. */
  sha256: string;
}

/** The outcome key of a text upload. */
export function textUploadKey(assetId: string, field: UploadedField): string {
  return `${assetId}/${field}`;
}

/**
 * Uploads inline texts through signed URLs, as `text/plain; charset=utf-8` (the SDK's
 * `RawTextBatchImporter` and `JsonContentBatchImporter`), each under its asset's `content` or
 * `jsonContent` path and its hash, so a new version never overwrites the object the asset still
 * points at. Outcomes are keyed by {@link textUploadKey}.
 */
export function uploadTexts(
  client: KiliClient,
  projectId: string,
  items: TextUpload[],
  options: UploadOptions = {},
): Promise<BucketOutcome> {
  return uploadToBucket(
    client,
    items.map((item) => ({
      key: textUploadKey(item.assetId, item.field),
      path: buildContentPath(projectId, item.assetId, item.sha256, item.field),
      contentType: buildUploadContentType('text/plain'),
      readBytes: async () => encodeChecked(item),
    })),
    options,
  );
}

/** The UTF-8 bytes to send, refused unless they are exactly the planned ones. */
function encodeChecked(item: TextUpload): Uint8Array {
  const bytes = Buffer.from(item.text, 'utf8');
  if (createHash('sha256').update(bytes).digest('hex') !== item.sha256) {
    throw new KiliSyncError('plan-tampered', `the ${item.field} to upload is not the one planned`, {
      hint: 'the plan was edited after it was made; run plan again',
    });
  }
  return bytes;
}
