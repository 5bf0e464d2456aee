import { CreateUploadBucketSignedUrlsDocument } from '../graphql/generated.js';
import type { KiliClient } from '../kili/client.js';
import { type DoctorCheck, fail, pass } from './checks.js';
import { appendProbeAsset, type ProbeAsset, readRawAsset } from './probe-asset-io.js';

export const PROBE_TEXT =
  'kili-sync doctor probe: raw text uploaded as the official SDK uploads it. é\n';

/**
 * A TEXT asset as the SDK makes one: the raw text PUT to a signed upload URL
 * (`projects/<p>/assets/<a>/content`), the full signed URL sent as `content`. Checks the asset
 * stores that URL and that the URL serves the text back, which is what adopting SDK-made assets
 * relies on.
 */
export async function probeTextUpload(
  client: KiliClient,
  projectId: string,
  asset: Omit<ProbeAsset, 'content'>,
  /** Headers to read a URL with: the API key only for Kili's own URLs, as the SDK does. */
  headersFor: (url: string) => Record<string, string>,
): Promise<DoctorCheck> {
  const path = `projects/${projectId}/assets/${asset.id}/content`;
  const signed = await client.request(CreateUploadBucketSignedUrlsDocument, { filePaths: [path] });
  const url = signed.urls?.[0];
  if (typeof url !== 'string' || url === '') {
    return fail('probe-text-upload', 'createUploadBucketSignedUrls returned no URL');
  }
  await client.uploadFile(url, new TextEncoder().encode(PROBE_TEXT), 'text/plain; charset=utf-8');
  await appendProbeAsset(client, projectId, { ...asset, content: url });
  const stored = await readRawAsset(client, projectId, asset.id);
  if (!stored)
    return fail('probe-text-upload', 'the asset with uploaded text was not found by its id');
  if (stored.content !== url) {
    return fail(
      'probe-text-upload',
      'the asset does not store the signed URL it was sent as content (the SDK stores it as sent)',
    );
  }
  const served = await fetch(url, {
    headers: headersFor(url),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await served.text();
  if (!served.ok || text !== PROBE_TEXT) {
    return fail(
      'probe-text-upload',
      `the stored URL does not serve the uploaded text back (HTTP ${served.status})`,
    );
  }
  return pass(
    'probe-text-upload',
    'raw text uploaded through a signed URL; the asset stores the URL, which serves the text back',
  );
}
