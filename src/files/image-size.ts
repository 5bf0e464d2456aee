import { imageSize } from 'image-size';

/**
 * The pixel size of a local image, which decides (with its byte size and type) whether the
 * official SDK imports it synchronously or asynchronously (see plan/choose-import.ts). Read
 * from the file's first bytes only: headers, never pixels.
 */
export interface ImageSize {
  width: number;
  height: number;
}

/** Bytes of an image read for its size: enough for any header image-size reads. */
export const IMAGE_HEADER_BYTES = 512 * 1024;

/**
 * Types the SDK's image library (Pillow) opens: an image it cannot open (an SVG…) is one the SDK
 * sends to Kili's asynchronous processing, as an unidentified image.
 */
const PILLOW_TYPES: ReadonlySet<string> = new Set([
  'avif',
  'bmp',
  'cur',
  'dds',
  'gif',
  'icns',
  'ico',
  'j2c',
  'jp2',
  'jpg',
  'png',
  'pnm',
  'psd',
  'tga',
  'tiff',
  'webp',
]);

/** Whether facts of this MIME type include the image's size. */
export function needsImageSize(mimeType: string): boolean {
  return mimeType.startsWith('image/');
}

/** The size of the image whose first bytes are `head`, or null when Pillow could not open it. */
export function readImageSize(head: Uint8Array): ImageSize | null {
  try {
    const { width, height, type } = imageSize(head);
    if (type === undefined || !PILLOW_TYPES.has(type)) return null;
    if (!Number.isInteger(width) || !Number.isInteger(height)) return null;
    return { width, height };
  } catch {
    return null;
  }
}
