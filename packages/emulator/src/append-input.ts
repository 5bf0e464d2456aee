import { createApiError } from './api-error.js';
import type { NewAsset, StatusName } from './records.js';

/** The parallel arrays of `appendManyAssets` (and of the legacy `appendManyToDataset`). */
export interface AppendArraysInput {
  contentArray?: (string | null)[] | null;
  externalIDArray?: (string | null)[] | null;
  idArray?: (string | null)[] | null;
  isHoneypotArray?: (boolean | null)[] | null;
  jsonContentArray?: (string | null)[] | null;
  jsonMetadataArray?: (string | null)[] | null;
  statusArray?: (StatusName | null)[] | null;
}

const ARRAY_KEYS = [
  'contentArray',
  'externalIDArray',
  'idArray',
  'isHoneypotArray',
  'jsonContentArray',
  'jsonMetadataArray',
  'statusArray',
] as const;

/**
 * Zips the parallel arrays into one item per asset. Arrays left out (or empty) mean "default
 * for every asset"; the others must all have the same length.
 */
export function collectNewAssets(data: AppendArraysInput): NewAsset[] {
  const lengths = new Map<string, number>();
  for (const key of ARRAY_KEYS) {
    const length = data[key]?.length ?? 0;
    if (length > 0) lengths.set(key, length);
  }
  const distinct = [...new Set(lengths.values())];
  if (distinct.length > 1) {
    const described = [...lengths].map(([key, length]) => `${key}: ${length}`).join(', ');
    throw createApiError('invalidInput', `The arrays must have the same length (${described}).`);
  }
  for (const status of data.statusArray ?? []) {
    if (status != null && status !== 'TODO') {
      throw createApiError(
        'statusComputed',
        'Asset status is automatically computed based on its labels and cannot be set.',
      );
    }
  }
  const count = distinct[0] ?? 0;
  return Array.from({ length: count }, (_, index) => ({
    id: data.idArray?.[index] ?? null,
    externalId: data.externalIDArray?.[index] ?? null,
    content: data.contentArray?.[index] ?? null,
    jsonContent: data.jsonContentArray?.[index] ?? null,
    jsonMetadata: data.jsonMetadataArray?.[index] ?? null,
    isHoneypot: data.isHoneypotArray?.[index] ?? null,
  }));
}
