import { createApiError } from './api-error.js';
import type { NewAsset } from './records.js';

/** The upload types each input type takes (the SDK's `_async_import_to_kili`). */
const UPLOAD_TYPES_BY_INPUT_TYPE: Readonly<Record<string, readonly string[]>> = {
  IMAGE: ['GEO_SATELLITE'],
  GEOSPATIAL: ['GEO_SATELLITE'],
  VIDEO: ['NATIVE_VIDEO', 'FRAME_VIDEO', 'VIDEO'],
  VIDEO_LEGACY: ['NATIVE_VIDEO', 'FRAME_VIDEO', 'VIDEO'],
};

/**
 * Refuses an asynchronous import Kili would refuse: an upload type the project's input type does
 * not process, and videos to keep native mixed with videos to cut into frames in one call (each
 * asset's `processingParameters.shouldUseNativeVideo`, true when absent, must agree with the
 * call's NATIVE_VIDEO or FRAME_VIDEO, as the SDK's `are_native_videos` requires).
 */
export function checkAsyncImport(inputType: string, uploadType: string, items: NewAsset[]): void {
  const accepted = UPLOAD_TYPES_BY_INPUT_TYPE[inputType] ?? [];
  if (!accepted.includes(uploadType)) {
    throw createApiError(
      'invalidInput',
      `Import of ${inputType} assets with uploadType ${uploadType} is not supported in async calls.`,
    );
  }
  if (uploadType !== 'NATIVE_VIDEO' && uploadType !== 'FRAME_VIDEO') return;
  const native = items.map((item) => keepsNativeVideo(item.jsonMetadata));
  if (native.some((value) => value !== native[0])) {
    throw createApiError(
      'invalidInput',
      'Cannot upload videos to split into frames and videos to keep as native in the same call.',
    );
  }
  if (native.length > 0 && native[0] !== (uploadType === 'NATIVE_VIDEO')) {
    throw createApiError(
      'invalidInput',
      `uploadType ${uploadType} does not match processingParameters.shouldUseNativeVideo of the assets.`,
    );
  }
}

/** `processingParameters.shouldUseNativeVideo` of a metadata string, read as Python's truth. */
function keepsNativeVideo(jsonMetadata: string | null | undefined): boolean {
  let metadata: unknown;
  try {
    metadata = JSON.parse(jsonMetadata || '{}');
  } catch {
    return true;
  }
  const parameters = isObject(metadata) ? metadata.processingParameters : undefined;
  if (!isObject(parameters) || !('shouldUseNativeVideo' in parameters)) return true;
  const value = parameters.shouldUseNativeVideo;
  return !(
    value === false ||
    value === null ||
    value === 0 ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (isObject(value) && Object.keys(value).length === 0)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
