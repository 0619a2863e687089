// `POST /upload/mask` support: decode PNGs (non-interlaced; grey, RGB, palette, grey+alpha, RGBA; 8/16-bit and
// low-bit palettes), put the mask's alpha channel into the original image and write an RGBA PNG that keeps
// the original's text chunks, as ComfyUI's upload_mask does with PIL (`putalpha`, `PngInfo`).
import { inflateSync } from 'node:zlib';
import { assemblePng, PNG_SIGNATURE } from './png.js';

export interface DecodedPng { width: number; height: number; rgba: Buffer; text: Record<string, string> }

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(buf: Buffer): DecodedPng {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('cannot identify image file (not a PNG)');
  let pos = 8;
  let width = 0;
  let height = 0;
  let depth = 8;
  let colour = 0;
  let interlace = 0;
  let palette: Buffer | null = null;
  let trns: Buffer | null = null;
  const idat: Buffer[] = [];
  const text: Record<string, string> = {};
  while (pos + 8 <= buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    pos += 12 + len;
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8]!;
      colour = data[9]!;
      interlace = data[12]!;
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'tEXt') {
      const z = data.indexOf(0);
      text[data.toString('latin1', 0, z)] = data.toString('latin1', z + 1);
    } else if (type === 'zTXt') {
      const z = data.indexOf(0);
      text[data.toString('latin1', 0, z)] = inflateSync(data.subarray(z + 2)).toString('latin1');
    } else if (type === 'iTXt') {
      const z = data.indexOf(0);
      const key = data.toString('latin1', 0, z);
      const compressed = data[z + 1] === 1;
      const langEnd = data.indexOf(0, z + 3);
      const transEnd = data.indexOf(0, langEnd + 1);
      const body = data.subarray(transEnd + 1);
      text[key] = (compressed ? inflateSync(body) : body).toString('utf8');
    } else if (type === 'IEND') break;
  }
  const channels = CHANNELS[colour];
  if (!width || !height || channels === undefined) throw new Error('unsupported PNG');
  if (interlace !== 0) throw new Error('interlaced PNGs are not supported by the simulator');
  const bitsPerPixel = channels * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : null;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[x - bpp]! : 0;
      const b = prev ? prev[x]! : 0;
      const c = prev && x >= bpp ? prev[x - bpp]! : 0;
      let v = line[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[x] = v & 0xff;
    }
  }
  const sample = (row: Buffer, i: number): number => {
    // i-th sample of the row, scaled to 8 bits
    if (depth === 8) return row[i]!;
    if (depth === 16) return row[i * 2]!;
    const perByte = 8 / depth;
    const byte = row[Math.floor(i / perByte)]!;
    const shift = 8 - depth * ((i % perByte) + 1);
    const v = (byte >> shift) & ((1 << depth) - 1);
    return colour === 3 ? v : Math.round((v * 255) / ((1 << depth) - 1));
  };
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (colour === 3) {
        const idx = sample(row, x);
        rgba[o] = palette?.[idx * 3] ?? 0;
        rgba[o + 1] = palette?.[idx * 3 + 1] ?? 0;
        rgba[o + 2] = palette?.[idx * 3 + 2] ?? 0;
        rgba[o + 3] = trns && idx < trns.length ? trns[idx]! : 255;
      } else if (colour === 0 || colour === 4) {
        const g = sample(row, x * channels);
        rgba[o] = rgba[o + 1] = rgba[o + 2] = g;
        rgba[o + 3] = colour === 4 ? sample(row, x * channels + 1) : 255;
      } else {
        rgba[o] = sample(row, x * channels);
        rgba[o + 1] = sample(row, x * channels + 1);
        rgba[o + 2] = sample(row, x * channels + 2);
        rgba[o + 3] = colour === 6 ? sample(row, x * channels + 3) : 255;
      }
    }
  }
  return { width, height, rgba, text };
}

export function encodeRgbaPng(width: number, height: number, rgba: Buffer, text: Record<string, string> = {}): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height); // filter bytes stay 0 (None)
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return assemblePng(width, height, 6, raw, text, { level: 4 });
}

/** The original (any PNG) with the mask's alpha as its alpha channel; sizes must match, as PIL's putalpha needs. */
export function compositeMask(original: Buffer, mask: Buffer): Buffer {
  const o = decodePng(original);
  const m = decodePng(mask);
  if (o.width !== m.width || o.height !== m.height) throw new Error('images do not match');
  const out = Buffer.from(o.rgba);
  for (let i = 3; i < out.length; i += 4) out[i] = m.rgba[i]!;
  return encodeRgbaPng(o.width, o.height, out, o.text);
}
