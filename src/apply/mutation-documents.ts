/**
 * The mutations apply sends: src/graphql/mutations.graphql, written as the official SDK writes
 * them and typed from the schema at build time.
 */
export {
  AppendManyAssetsDocument as APPEND_MANY_ASSETS,
  AppendManyFramesToDatasetAsynchronouslyDocument as APPEND_MANY_FRAMES_TO_DATASET_ASYNCHRONOUSLY,
  DeleteManyFromDatasetDocument as DELETE_MANY_FROM_DATASET,
  UpdatePropertiesInAssetsDocument as UPDATE_PROPERTIES_IN_ASSETS,
} from '../graphql/generated.js';
