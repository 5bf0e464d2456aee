/** The manifest `apiVersion` this build reads. */
export const SUPPORTED_API_VERSION = 'kili-sync/v1';
