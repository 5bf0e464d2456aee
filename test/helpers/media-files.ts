import { deflateSync } from 'node:zlib';

/**
 * Small valid media files made in memory, so tests need no binary fixtures: what the SDK (and
 * kili-sync) decide from a file is its type, its size in bytes and its header's pixel size.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(kind: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(kind, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid RGB PNG of one colour, `width` × `height` pixels. */
export function pngBytes(width: number, height: number, shade = 0): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, shade)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid uncompressed RGB baseline TIFF of one colour (little-endian). */
export function tiffBytes(size = 2, shade = 40): Buffer {
  const pixels = Buffer.alloc(size * size * 3, shade);
  const entries: [number, number, number, number | 'bits' | 'data'][] = [
    [256, 3, 1, size],
    [257, 3, 1, size],
    [258, 3, 3, 'bits'],
    [259, 3, 1, 1],
    [262, 3, 1, 2],
    [273, 4, 1, 'data'],
    [277, 3, 1, 3],
    [278, 3, 1, size],
    [279, 4, 1, pixels.length],
  ];
  const ifdSize = 2 + 12 * entries.length + 4;
  const bitsAt = 8 + ifdSize;
  const dataAt = bitsAt + 6;
  const ifd = Buffer.alloc(ifdSize);
  ifd.writeUInt16LE(entries.length, 0);
  entries.forEach(([tag, type, count, raw], index) => {
    const at = 2 + index * 12;
    const value = raw === 'bits' ? bitsAt : raw === 'data' ? dataAt : raw;
    ifd.writeUInt16LE(tag, at);
    ifd.writeUInt16LE(type, at + 2);
    ifd.writeUInt32LE(count, at + 4);
    if (type === 4 || count > 1) ifd.writeUInt32LE(value, at + 8);
    else ifd.writeUInt16LE(value, at + 8);
  });
  const head = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0]);
  const bits = Buffer.alloc(6);
  bits.writeUInt16LE(8, 0);
  bits.writeUInt16LE(8, 2);
  bits.writeUInt16LE(8, 4);
  return Buffer.concat([head, ifd, bits, pixels]);
}

/** The first boxes of an MP4 file: the SDK, and kili-sync, only look at the extension. */
export function mp4Bytes(tag = 'isom'): Buffer {
  const ftyp = Buffer.concat([
    Buffer.from(`ftyp${tag}`, 'ascii'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2mp41', 'ascii'),
  ]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(4 + ftyp.length);
  return Buffer.concat([size, ftyp, Buffer.from([0, 0, 0, 8]), Buffer.from('mdat', 'ascii')]);
}
