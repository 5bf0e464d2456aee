export {
  checkDesiredState,
  type LoadDesiredStateOptions,
  loadDesiredState,
} from './load-desired-state.js';
export type {
  ManifestDocument,
  RawAsset,
  RawSharedFields,
  RawSource,
} from './manifest-document.js';
export { RESERVED_METADATA_KEY, SUPPORTED_API_VERSION } from './manifest-document.js';
