// A tiny, dependency-free PNG encoder (8-bit RGB or RGBA, no interlace) built on node:zlib (deflate and CRC-32).
import { crc32, deflateSync, type ZlibOptions } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data and the CRC of type and data. */
export function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

export type Rgb = [number, number, number];

/**
 * A PNG of 8-bit samples (colour type 2 RGB or 6 RGBA) from its scanlines, each a filter byte then the row.
 * `text` entries become text chunks, like PIL's PngInfo.add_text: tEXt when latin-1 suffices, else
 * uncompressed UTF-8 iTXt (ComfyUI stores `prompt` and `workflow` there).
 */
export function assemblePng(width: number, height: number, colourType: 2 | 6, scanlines: Buffer, text: Record<string, string> = {}, deflate: ZlibOptions = {}): Buffer {
  const ihdr = Buffer.alloc(13); // compression, filter and interlace methods stay 0
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colourType;
  const texts = Object.entries(text).map(([k, v]) =>
    /^[\u0000-\u00ff]*$/.test(v)
      ? chunk('tEXt', Buffer.concat([Buffer.from(k, 'latin1'), Buffer.from([0]), Buffer.from(v, 'latin1')]))
      : chunk('iTXt', Buffer.concat([Buffer.from(k, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(v, 'utf8')])),
  );
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    ...texts,
    chunk('IDAT', deflateSync(scanlines, deflate)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Encode an RGB image; `pixel(x, y)` returns the colour of each pixel. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgb, text: Record<string, string> = {}): Buffer {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter type None
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = y * stride + 1 + x * 3;
      raw[o] = r & 0xff;
      raw[o + 1] = g & 0xff;
      raw[o + 2] = b & 0xff;
    }
  }
  return assemblePng(width, height, 2, raw, text);
}

/** Derive a stable colour from a string (e.g. a prompt id). */
export function colourOf(seed: string): Rgb {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  return [(h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
}

/** The simulator's "generated image": a gradient over a colour derived from `seed`. */
export function simImage(seed: string, size = 64, text: Record<string, string> = {}): Buffer {
  const [r, g, b] = colourOf(seed);
  return encodePng(
    size,
    size,
    (x, y) => {
      const shade = (x + y) / (2 * (size - 1)); // 0..1 diagonal gradient
      const f = 0.55 + 0.45 * shade;
      return [Math.round(r * f), Math.round(g * f), Math.round(b * f)];
    },
    text,
  );
}
