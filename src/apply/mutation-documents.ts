/** The mutations apply sends, written as the official SDK writes them (docs/architecture.md). */

export const APPEND_MANY_ASSETS = `mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) {
  data: appendManyAssets(data: $data, where: $where) { id }
}`;

export const UPDATE_PROPERTIES_IN_ASSETS = `mutation updatePropertiesInAssets($whereArray: [AssetWhere!]!, $dataArray: [AssetData!]!) {
  data: updatePropertiesInAssets(where: $whereArray, data: $dataArray) { id }
}`;

export const DELETE_MANY_FROM_DATASET = `mutation deleteManyFromDataset($where: AssetWhere!) {
  data: deleteManyFromDataset(where: $where) { id }
}`;
