/**
 * The shapes of a `kili-sync/v1` manifest as written, after schema validation. They and the
 * field lists derive from the one definition in src/schema/.
 */

export { SUPPORTED_API_VERSION } from '../schema/api-version.js';
export {
  ASSET_FIELDS,
  RESERVED_METADATA_KEY,
  SHARED_FIELDS,
} from '../schema/asset-field-roles.js';
export type {
  ManifestDocument,
  RawAsset,
  RawSharedFields,
  RawSource,
} from '../schema/manifest-schema.js';
