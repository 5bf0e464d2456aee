import { PROCESSING_PARAMETERS_KEY } from '../schema/asset-field-roles.js';
import { isVideoProject } from './frames.js';
import type { LocalFileFacts } from './local-file-facts.js';
import { isPlainObject } from './normalize.js';
import type { AddImport, MetadataToWrite } from './types.js';

/**
 * How a new asset is imported: the official SDK's path for it. Most assets go through
 * `appendManyAssets` (the plan then records nothing). The others are imported asynchronously with
 * `appendManyFramesToDatasetAsynchronously`, which Kili answers with a notification to wait on:
 * - every VIDEO (and VIDEO_LEGACY) asset made from a video file, hosted or local (`video.py`,
 *   `VideoContentBatchImporter`): uploadType NATIVE_VIDEO, or FRAME_VIDEO when
 *   `processingParameters.shouldUseNativeVideo` is false (`base.py`, `are_native_videos`);
 * - local IMAGE (and GEOSPATIAL) files Kili must process (`image.py`,
 *   `split_asset_by_upload_type`; `constants.py`): TIFF, JPEG 2000 and NITF files, files of
 *   30 MiB or more, images 10,000 px wide or tall or more, and images the SDK's image library
 *   cannot open; uploadType GEO_SATELLITE.
 * A video made of frames is imported synchronously (see frames.ts).
 */

/** Types the SDK always has Kili process (`mime_extensions_that_need_post_processing`). */
const POST_PROCESSED_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.nitf',
  'image/jp2',
  'image/tiff',
]);
/** The SDK's `LARGE_IMAGE_THRESHOLD_SIZE`. */
export const LARGE_IMAGE_BYTES = 30 * 1024 * 1024;
/** The SDK's `MAX_WIDTH_OR_HEIGHT_NON_TILED`. */
export const MAX_UNTILED_SIDE = 10_000;

const ASYNC = 'appendManyFramesToDatasetAsynchronously';

export interface ImportSubject {
  inputType: string;
  /** The new asset's content is a local file (with these facts) or a URL. */
  file?: LocalFileFacts;
  hasContent: boolean;
  /** The asset is a video made of frames. */
  hasFrames: boolean;
  /** The complete metadata sent with it (its `processingParameters` decide native or cut). */
  metadata: MetadataToWrite;
}

/** The asynchronous import of a new asset, or undefined for `appendManyAssets`. */
export function chooseImport(subject: ImportSubject): AddImport | undefined {
  const { inputType } = subject;
  if (isVideoProject(inputType)) {
    if (subject.hasFrames || (!subject.hasContent && subject.file === undefined)) return undefined;
    return keepsNativeVideo(subject.metadata)
      ? { mutation: ASYNC, uploadType: 'NATIVE_VIDEO', why: 'video-file' }
      : { mutation: ASYNC, uploadType: 'FRAME_VIDEO', why: 'video-file' };
  }
  if ((inputType === 'IMAGE' || inputType === 'GEOSPATIAL') && subject.file !== undefined) {
    const why = whyImageIsProcessed(subject.file);
    return why === undefined ? undefined : { mutation: ASYNC, uploadType: 'GEO_SATELLITE', why };
  }
  return undefined;
}

/** Why the SDK has Kili process a local image before it can be labeled, if it does. */
function whyImageIsProcessed(file: LocalFileFacts): AddImport['why'] | undefined {
  if (POST_PROCESSED_TYPES.has(file.mimeType)) return 'processed-type';
  if ((file.size ?? 0) >= LARGE_IMAGE_BYTES) return 'large-file';
  if (file.image === null) return 'unreadable-image';
  if (file.image === undefined) return undefined;
  const { width, height } = file.image;
  return width >= MAX_UNTILED_SIDE || height >= MAX_UNTILED_SIDE ? 'large-image' : undefined;
}

/**
 * `processingParameters.shouldUseNativeVideo` of the metadata sent, true when absent, read with
 * Python's truth as the SDK reads it (`false`, `0`, `""`, `null`, empty lists and objects are false).
 */
export function keepsNativeVideo(metadata: MetadataToWrite): boolean {
  const parameters = metadata[PROCESSING_PARAMETERS_KEY];
  if (!isPlainObject(parameters) || !Object.hasOwn(parameters, 'shouldUseNativeVideo')) return true;
  return isTruthy(parameters.shouldUseNativeVideo);
}

function isTruthy(value: unknown): boolean {
  if (value === false || value === null || value === undefined || value === 0 || value === '') {
    return false;
  }
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}
