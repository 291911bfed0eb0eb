/**
 * A QR code as a small 1-bit PNG (pure: the encoder is the `qrcode` package's core, deflate is
 * fflate's). The image carries `PIXELS_PER_MODULE` pixels a module, so a viewer that smooths an
 * enlarged image still prints sharp module edges; it is lossless, so the printed modules are the
 * encoder's matrix exactly. Drawing the modules as vectors costs ≈200 KB of content stream for
 * two codes (pdfmake's `qr` node: ≈75 bytes a module); the image is ≈2 KB.
 *
 * pdfmake's own encoder (pdfmake/js/qrEnc.js) is not used: for about one code in 40 it made a
 * symbol no reader decodes (zbarimg, jsQR, ours) — issue 18. `qrcode` is maintained and its
 * symbols are checked by two independent decoders in the tests; main also decodes every
 * matrix before a sheet is offered for printing (main/services/pdf/qrCheck.ts).
 */
import * as QRCode from 'qrcode/lib/core/qrcode.js';
import { zlibSync } from 'fflate';
import { base64urlEncode } from '../crypto/encoding';
import { QR_ECC_LEVEL } from './qrPayload';

export const PIXELS_PER_MODULE = 4;

/**
 * The module matrix (true = dark) of `text` in the given version, ECC level M, no quiet zone.
 * The text is written as one alphanumeric segment (every PSR1 character is in that set), as
 * qrPayload's capacity table assumes.
 */
export function qrMatrix(text: string, version: number): boolean[][] {
  const size = 17 + 4 * version;
  const symbol = QRCode.create([{ data: text, mode: 'alphanumeric' }], { version, errorCorrectionLevel: QR_ECC_LEVEL });
  const { modules } = symbol;
  if (modules.size !== size) throw new Error(`QR: expected ${size} modules, the encoder made ${modules.size}`);
  return Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => modules.data[y * size + x] === 1));
}

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A 1-bit grayscale PNG of the matrix with a `quiet`-module white margin, `scale` pixels a module. */
export function matrixPng(matrix: readonly (readonly boolean[])[], quiet = 4, scale = PIXELS_PER_MODULE): Uint8Array {
  const modules = matrix.length + 2 * quiet;
  const side = modules * scale;
  const rowBytes = Math.ceil(side / 8);
  const raw = new Uint8Array((rowBytes + 1) * side);
  for (let y = 0; y < side; y++) {
    const row = matrix[Math.floor(y / scale) - quiet];
    const at = y * (rowBytes + 1); // filter byte 0 (None)
    for (let x = 0; x < side; x++) {
      const dark = row?.[Math.floor(x / scale) - quiet] === true;
      // 1-bit grayscale: 0 = black, 1 = white.
      if (!dark) raw[at + 1 + (x >> 3)]! |= 0x80 >> (x & 7);
    }
    for (let x = side; x < rowBytes * 8; x++) raw[at + 1 + (x >> 3)]! |= 0x80 >> (x & 7);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, side);
  view.setUint32(4, side);
  header[8] = 1; // bit depth
  header[9] = 0; // grayscale
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(raw, { level: 9, mem: 8 })),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Standard base64 (with padding) for a data: URL. */
function base64(bytes: Uint8Array): string {
  const text = base64urlEncode(bytes).replace(/-/g, '+').replace(/_/g, '/');
  return text + '='.repeat((4 - (text.length % 4)) % 4);
}

/** `data:image/png;base64,…` of the code of `text` (quiet zone included). */
export function qrPngDataUrl(text: string, version: number, quiet = 4): string {
  return `data:image/png;base64,${base64(matrixPng(qrMatrix(text, version), quiet))}`;
}
