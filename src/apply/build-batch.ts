import type {
  AppendBatch,
  AppendItem,
  DeleteBatch,
  DeleteItem,
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
