import { Jimp } from 'jimp';
import type { Preview } from '../render/html/previews.js';

/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 128;
const JPEG_QUALITY = 72;

/**
 * A small JPEG thumbnail of an image, as a data URI, made with jimp (pure JavaScript: the
 * installed CLI holds no native module). Never enlarged. Bytes that do not decode as an image
 * give an `unreadable` preview with the decoder's reason, never an error.
 */
export async function makeThumbnail(bytes: Uint8Array): Promise<Preview> {
  try {
    const image = await Jimp.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (image.width > THUMBNAIL_SIZE || image.height > THUMBNAIL_SIZE) {
      image.scaleToFit({ w: THUMBNAIL_SIZE, h: THUMBNAIL_SIZE });
    }
    const dataUri = await image.getBase64('image/jpeg', { quality: JPEG_QUALITY });
    return { kind: 'thumbnail', dataUri };
  } catch (error) {
    return { kind: 'unreadable', reason: describeDecodeError(error) };
  }
}

function describeDecodeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /mime/i.test(message) ? 'not an image format the report can read' : message;
}
