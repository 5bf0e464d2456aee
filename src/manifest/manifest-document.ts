/**
 * The shapes of a `kili-sync/v1` manifest as written, after schema validation. They and the
 * field lists derive from the one definition in src/schema/.
 */
export {
  ASSET_FIELDS,
  RESERVED_METADATA_KEY,
  SHARED_FIELDS,
} from '../schema/asset-fields.js';
export type {
  ManifestDocument,
  RawAsset,
  RawSharedFields,
  RawSource,
} from '../schema/manifest-schema.js';
export { SUPPORTED_API_VERSION } from '../schema/manifest-schema.js';
