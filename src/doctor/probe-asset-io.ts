import { isDeepStrictEqual } from 'node:util';
import { AppendManyAssetsDocument, AssetsDocument } from '../graphql/generated.js';
import { countAssets } from '../kili/asset-pages.js';
import type { KiliClient } from '../kili/client.js';
import type { RawAsset } from '../kili/operations.js';

/** Every asset the probe writes has an external ID with this prefix, and no other asset is touched. */
export const PROBE_PREFIX = 'kili-sync-doctor-';

/** One asset as `assets` returns it with plan's fields, read by id; undefined when absent. */
export async function readRawAsset(
  client: KiliClient,
  projectId: string,
  id: string,
): Promise<RawAsset | undefined> {
  const result = await client.request(AssetsDocument, {
    where: { project: { id: projectId }, idIn: [id] },
    first: 1,
    skip: 0,
  });
  return result.data?.[0] ?? undefined;
}

/** How many assets of the project carry exactly this external ID. */
export function countExternalId(
  client: KiliClient,
  projectId: string,
  externalId: string,
): Promise<number> {
  return countAssets(client, { project: { id: projectId }, externalIdStrictlyIn: [externalId] });
}

/**
 * Metadata whose whole floats must come back written as floats (`3.0`, not `3`): Python clients
 * read `3` as an int, and kili-sync keeps numbers as written.
 */
export const PROBE_METADATA =
  '{"kiliSyncDoctor":"probe","whole":3.0,"half":0.5,"count":7,"flag":true,"list":[1,2.0],"nested":{"text":"é"}}';
export const UPDATED_METADATA = '{"kiliSyncDoctor":"probe","step":"update","whole":4.0}';
const WHOLE_FLOATS = ['"whole":3.0', '2.0]'];

/** Why stored metadata differs from what was sent, or undefined when it is kept as written. */
export function findMetadataProblem(sent: string, stored: unknown): string | undefined {
  if (typeof stored !== 'string') {
    return `jsonMetadata came back as ${typeof stored}, not as JSON text`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return 'jsonMetadata came back as text that is not JSON';
  }
  if (!isDeepStrictEqual(parsed, JSON.parse(sent))) {
    return `jsonMetadata came back with other values: ${stored}`;
  }
  const compact = stored.replace(/\s+/g, '');
  if (sent === PROBE_METADATA && !WHOLE_FLOATS.every((token) => compact.includes(token))) {
    return `whole floats lost their decimal point (sent ${sent}, stored ${stored}): Python reads them as int`;
  }
  return undefined;
}

/** A hosted URL of the project's kind (the probe never fetches it; Kili may). */
export function probeContentUrl(inputType: string): string {
  const extension: Record<string, string> = {
    IMAGE: '.jpg',
    PDF: '.pdf',
    TEXT: '.txt',
    VIDEO: '.mp4',
    AUDIO: '.mp3',
  };
  return `https://example.com/kili-sync-doctor/probe${extension[inputType] ?? ''}`;
}

export interface ProbeAsset {
  id: string;
  externalId: string;
  content: string;
  jsonMetadata: string;
}

/** `appendManyAssets` with one asset, as apply sends it; returns the id Kili answers with. */
export async function appendProbeAsset(
  client: KiliClient,
  projectId: string,
  asset: ProbeAsset,
): Promise<string | undefined> {
  const result = await client.request(
    AppendManyAssetsDocument,
    {
      data: {
        contentArray: [asset.content],
        externalIDArray: [asset.externalId],
        idArray: [asset.id],
        isHoneypotArray: [false],
        jsonContentArray: [''],
        jsonMetadataArray: [asset.jsonMetadata],
      },
      where: { id: projectId },
    },
    // As apply does: an append is never resent blindly.
    { retryUnknownOutcome: false },
  );
  return result.data?.[0]?.id ?? undefined;
}
