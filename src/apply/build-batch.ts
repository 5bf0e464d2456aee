import type {
  AppendBatch,
  AppendItem,
  DeleteBatch,
  DeleteItem,
  ImportBatch,
  ImportUploadType,
  UpdateBatch,
  UpdateItem,
} from './mutation-types.js';

/** An `appendManyAssets` batch: the rows spread over Kili's parallel arrays, in item order. */
export function buildAppendBatch(projectId: string, items: AppendItem[]): AppendBatch {
  const rows = items.map((item) => item.row);
  return {
    mutation: 'appendManyAssets',
    items,
    variables: {
      data: {
        contentArray: rows.map((row) => row.content),
        externalIDArray: rows.map((row) => row.externalID),
        idArray: rows.map((row) => row.id),
        isHoneypotArray: rows.map((row) => row.isHoneypot),
        jsonContentArray: rows.map((row) => row.jsonContent),
        jsonMetadataArray: rows.map((row) => row.jsonMetadata),
      },
      where: { id: projectId },
    },
  };
}

/** An asynchronous import batch of one upload type: the SDK's `_async_import_to_kili` payload. */
export function buildImportBatch(
  projectId: string,
  uploadType: ImportUploadType,
  items: AppendItem[],
): ImportBatch {
  const rows = items.map((item) => item.row);
  return {
    mutation: 'appendManyFramesToDatasetAsynchronously',
    items,
    variables: {
      data: {
        contentArray: rows.map((row) => row.content),
        externalIDArray: rows.map((row) => row.externalID),
        idArray: rows.map((row) => row.id),
        jsonMetadataArray: rows.map((row) => row.jsonMetadata),
        uploadType,
      },
      where: { id: projectId },
    },
  };
}

/** An `updatePropertiesInAssets` batch: `whereArray[i]` pairs with `dataArray[i]`. */
export function buildUpdateBatch(items: UpdateItem[]): UpdateBatch {
  return {
    mutation: 'updatePropertiesInAssets',
    items,
    variables: {
      whereArray: items.map((item) => ({ id: item.assetId })),
      dataArray: items.map((item) => item.data),
    },
  };
}

/** A `deleteManyFromDataset` batch. */
export function buildDeleteBatch(items: DeleteItem[]): DeleteBatch {
  return {
    mutation: 'deleteManyFromDataset',
    items,
    variables: { where: { idIn: items.map((item) => item.assetId) } },
  };
}

/**
 * The most a mutation's request body may weigh. Below the emulator's 50 MB limit and small
 * enough to travel within one call's timeout; a batch of large contents is split further, so
 * it cannot fail on every rerun for its size alone.
 */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/** Room kept in each request for the GraphQL document and the JSON around the variables. */
const ENVELOPE_BYTES = 16 * 1024;

/** What one item adds to a request body, in bytes of JSON (an upper bound). */
function measureItem(item: AppendItem | UpdateItem | DeleteItem): number {
  const payload =
    'row' in item ? item.row : 'data' in item ? [item.assetId, item.data] : item.assetId;
  return Buffer.byteLength(JSON.stringify(payload)) + 1;
}

/**
 * Splits items into consecutive batches of at most `size` items whose bodies stay within
 * `maxBytes`. An item heavier than that on its own travels alone.
 */
export function splitIntoBatches<Item extends AppendItem | UpdateItem | DeleteItem>(
  items: readonly Item[],
  size: number,
  maxBytes: number = MAX_REQUEST_BYTES,
): Item[][] {
  const budget = maxBytes - ENVELOPE_BYTES;
  const batches: Item[][] = [];
  let current: Item[] = [];
  let bytes = 0;
  for (const item of items) {
    const weight = measureItem(item);
    if (current.length > 0 && (current.length >= size || bytes + weight > budget)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += weight;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
