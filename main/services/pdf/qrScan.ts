/**
 * Reading the sheet's QR codes back: from a PDF (each page rasterised with poppler's `pdftoppm`
 * at 150 dpi), or from a scan or photo of the paper (PNG or JPEG). The decoder is ZBar compiled
 * to WebAssembly (@undecaf/zbar-wasm); in front of it the project's own segmentation finds the
 * code regions (blocks cut along white space, dense half-dark areas of a turned page), turns
 * each upright and enlarges it — a phone photo at 100 dpi, turned 10°, has too few pixels a
 * module for a decoder that reads the page as it is.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scanGrayBuffer } from '@undecaf/zbar-wasm';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodePageCode, PAGE_CODE_PREFIX } from '../../../shared/sheets/pageCode';

const run = promisify(execFile);

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes a pixel. */
  readonly data: Uint8ClampedArray;
}

export const RASTER_DPI = 150;
/** Photos larger than this (longer side, pixels) are also tried scaled down. */
const LARGE_IMAGE = 2400;
/** The segmentation works on a copy whose longer side is at most this. */
const SEGMENT_SIZE = 1400;

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function crop(image: RgbaImage, rect: Rect): RgbaImage {
  const data = new Uint8ClampedArray(rect.w * rect.h * 4);
  for (let y = 0; y < rect.h; y++) {
    const from = ((rect.y + y) * image.width + rect.x) * 4;
    data.set(image.data.subarray(from, from + rect.w * 4), y * rect.w * 4);
  }
  return { width: rect.w, height: rect.h, data };
}

function downscale(image: RgbaImage, factor: number): RgbaImage {
  const width = Math.max(1, Math.floor(image.width / factor));
  const height = Math.max(1, Math.floor(image.height / factor));
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(y * factor));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(x * factor));
      const from = (sy * image.width + sx) * 4;
      const to = (y * width + x) * 4;
      data[to] = image.data[from]!;
      data[to + 1] = image.data[from + 1]!;
      data[to + 2] = image.data[from + 2]!;
      data[to + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Otsu's threshold of a 256-bin grey histogram: the level that best separates dark from light. */
function otsuThreshold(histogram: Float64Array, total: number): number {
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * histogram[i]!;
  let sumBack = 0;
  let weightBack = 0;
  let best = 0;
  let threshold = 128;
  for (let i = 0; i < 256; i++) {
    weightBack += histogram[i]!;
    if (weightBack === 0) continue;
    const weightFore = total - weightBack;
    if (weightFore === 0) break;
    sumBack += i * histogram[i]!;
    const between = weightBack * weightFore * (sumBack / weightBack - (sum - sumBack) / weightFore) ** 2;
    if (between > best) {
      best = between;
      threshold = i;
    }
  }
  return threshold;
}

/** Dark pixels (1) of a copy scaled by 1/`factor`, with Otsu's threshold on the luminance. */
function darkMask(image: RgbaImage, factor: number): { mask: Uint8Array; width: number; height: number } {
  const width = Math.max(1, Math.floor(image.width / factor));
  const height = Math.max(1, Math.floor(image.height / factor));
  const gray = new Uint8Array(width * height);
  const histogram = new Float64Array(256);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(y * factor));
    for (let x = 0; x < width; x++) {
      const at = (sy * image.width + Math.min(image.width - 1, Math.floor(x * factor))) * 4;
      const value = (image.data[at]! * 299 + image.data[at + 1]! * 587 + image.data[at + 2]! * 114) / 1000;
      gray[y * width + x] = value;
      histogram[gray[y * width + x]!]!++;
    }
  }
  const total = width * height;
  const threshold = otsuThreshold(histogram, total);
  const mask = new Uint8Array(total);
  for (let i = 0; i < total; i++) mask[i] = gray[i]! <= threshold ? 1 : 0;
  return { mask, width, height };
}

/**
 * Recursive whitespace cuts (XY-cut): split a region at every band of white rows, else at every
 * band of white columns; the leaves are blocks such as a single QR code, which never contains
 * two white rows or columns in a row (its timing patterns cross it both ways).
 */
function whitespaceBlocks(mask: Uint8Array, width: number, height: number, minGap: number): Rect[] {
  const leaves: Rect[] = [];
  const bands = (profile: number[], min: number): { start: number; end: number }[] => {
    const out: { start: number; end: number }[] = [];
    let start = -1;
    for (let i = 0; i <= profile.length; i++) {
      const dark = i < profile.length && profile[i]! > 0;
      if (dark && start < 0) start = i;
      if (!dark && start >= 0) {
        out.push({ start, end: i });
        start = -1;
      }
    }
    // Merge dark runs separated by white gaps shorter than `min`.
    const merged: { start: number; end: number }[] = [];
    for (const band of out) {
      const last = merged[merged.length - 1];
      if (last && band.start - last.end < min) last.end = band.end;
      else merged.push({ ...band });
    }
    return merged;
  };
  const visit = (rect: Rect, depth: number): void => {
    if (rect.w < 8 || rect.h < 8) return;
    const rows = new Array<number>(rect.h).fill(0);
    const cols = new Array<number>(rect.w).fill(0);
    for (let y = 0; y < rect.h; y++) {
      const at = (rect.y + y) * width + rect.x;
      for (let x = 0; x < rect.w; x++) {
        if (mask[at + x]) {
          rows[y]!++;
          cols[x]!++;
        }
      }
    }
    const byRows = bands(rows, minGap);
    if (byRows.length === 0) return;
    if (depth < 12 && byRows.length > 1) {
      for (const band of byRows) visit({ x: rect.x, y: rect.y + band.start, w: rect.w, h: band.end - band.start }, depth + 1);
      return;
    }
    const byCols = bands(cols, minGap);
    if (depth < 12 && byCols.length > 1) {
      for (const band of byCols) visit({ x: rect.x + band.start, y: rect.y, w: band.end - band.start, h: rect.h }, depth + 1);
      return;
    }
    const top = byRows[0]!.start;
    const bottom = byRows[byRows.length - 1]!.end;
    const left = byCols[0]?.start ?? 0;
    const right = byCols[byCols.length - 1]?.end ?? rect.w;
    leaves.push({ x: rect.x + left, y: rect.y + top, w: right - left, h: bottom - top });
  };
  visit({ x: 0, y: 0, w: width, h: height }, 0);
  return leaves;
}

/** A rectangle of the mask (scale 1/`factor`) in full-image pixels, grown by `grow` of its size. */
function toImage(image: RgbaImage, rect: Rect, factor: number, grow: number): Rect {
  const margin = Math.max(rect.w, rect.h) * grow + 2;
  const x0 = Math.max(0, Math.floor((rect.x - margin) * factor));
  const y0 = Math.max(0, Math.floor((rect.y - margin) * factor));
  const x1 = Math.min(image.width, Math.ceil((rect.x + rect.w + margin) * factor));
  const y1 = Math.min(image.height, Math.ceil((rect.y + rect.h + margin) * factor));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

const squareish = (rect: Rect, min: number): boolean => rect.w >= min && rect.h >= min && rect.w / rect.h < 1.6 && rect.h / rect.w < 1.6;

/**
 * Areas about half dark, in blocks of `block` pixels: a QR code is ≈50 % dark, text and rules
 * much less. Connected dense blocks make a candidate; this works when the page is turned and
 * no straight white band separates the codes.
 */
function denseRegions(mask: Uint8Array, width: number, height: number, block: number): Rect[] {
  const cols = Math.floor(width / block);
  const rows = Math.floor(height / block);
  const dense = new Uint8Array(cols * rows);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let dark = 0;
      for (let y = by * block; y < (by + 1) * block; y++) {
        const at = y * width + bx * block;
        for (let x = 0; x < block; x++) dark += mask[at + x]!;
      }
      const share = dark / (block * block);
      dense[by * cols + bx] = share >= 0.3 && share <= 0.8 ? 1 : 0;
    }
  }
  const seen = new Uint8Array(cols * rows);
  const out: Rect[] = [];
  for (let start = 0; start < dense.length; start++) {
    if (!dense[start] || seen[start]) continue;
    let minX = cols;
    let minY = rows;
    let maxX = 0;
    let maxY = 0;
    let count = 0;
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const cell = stack.pop()!;
      const cx = cell % cols;
      const cy = (cell - cx) / cols;
      count++;
      minX = Math.min(minX, cx);
      maxX = Math.max(maxX, cx);
      minY = Math.min(minY, cy);
      maxY = Math.max(maxY, cy);
      for (const [nx, ny] of [[cx - 1, cy], [cx + 1, cy], [cx, cy - 1], [cx, cy + 1]] as const) {
        if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
        const next = ny * cols + nx;
        if (dense[next] && !seen[next]) {
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    const rect = { x: minX * block, y: minY * block, w: (maxX - minX + 1) * block, h: (maxY - minY + 1) * block };
    // Mostly filled (a QR code), at least 3 × 3 blocks.
    if (count >= 9 && count >= 0.45 * (maxX - minX + 1) * (maxY - minY + 1)) out.push(rect);
  }
  return out;
}

/** Candidate regions in full-image pixels: white-space blocks first, then dense areas. */
function candidateRegions(image: RgbaImage): { blocks: Rect[]; dense: Rect[] } {
  const factor = Math.max(1, Math.max(image.width, image.height) / SEGMENT_SIZE);
  const { mask, width, height } = darkMask(image, factor);
  const shorter = Math.min(width, height);
  const minGap = Math.max(2, Math.round(shorter / 400));
  const minSide = Math.max(21, Math.round(shorter / 25));
  const blocks = whitespaceBlocks(mask, width, height, minGap)
    .filter((rect) => squareish(rect, minSide))
    .map((rect) => toImage(image, rect, factor, 0.08));
  const dense: Rect[] = [];
  for (const block of [4, 8, 16]) {
    for (const rect of denseRegions(mask, width, height, block)) {
      if (squareish(rect, minSide)) dense.push(toImage(image, rect, factor, 0.12));
    }
  }
  return { blocks, dense };
}

/**
 * Whether nothing more is to be found: a complete set of PSR1 codes and a page code, or a page
 * code of a page other than the last (only the last page carries PSR1 codes).
 */
function allFound(texts: ReadonlySet<string>): boolean {
  const parts = new Set<number>();
  let total = 0;
  let page: { page: number; pages: number } | null = null;
  for (const text of texts) {
    const match = /^PSR1:(\d+)\/(\d+):/.exec(text);
    if (match) {
      parts.add(Number(match[1]));
      total = Number(match[2]);
    } else if (text.startsWith(PAGE_CODE_PREFIX)) {
      const code = decodePageCode(text);
      if (code) page = { page: code.page, pages: code.pages };
    }
  }
  if (page === null) return false;
  if (page.page < page.pages) return true;
  return total > 0 && parts.size >= total;
}

/**
 * The tilt of a crop (radians, ±20°): the angle whose projection of the dark pixels has the
 * smallest box — a QR code is a square, so that is its tilt. 0 when it is not tilted.
 */
function skewAngle(image: RgbaImage): number {
  const { width, height, data } = image;
  const step = Math.max(1, Math.round(Math.sqrt((width * height) / 40_000)));
  const xs: number[] = [];
  const ys: number[] = [];
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y += step) for (let x = 0; x < width; x += step) {
    sum += data[(y * width + x) * 4]!;
    count++;
  }
  const threshold = (sum / Math.max(1, count)) * 0.75;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      if (data[(y * width + x) * 4]! < threshold) {
        xs.push(x - width / 2);
        ys.push(y - height / 2);
      }
    }
  }
  if (xs.length < 100) return 0;
  const spread = (values: Float64Array): number => {
    const sorted = values.sort();
    return sorted[Math.floor(sorted.length * 0.985)]! - sorted[Math.floor(sorted.length * 0.015)]!;
  };
  let best = 0;
  let bestArea = Infinity;
  const u = new Float64Array(xs.length);
  const v = new Float64Array(xs.length);
  for (let tenth = -200; tenth <= 200; tenth += 5) {
    const angle = (tenth / 10) * (Math.PI / 180);
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    for (let i = 0; i < xs.length; i++) {
      u[i] = c * xs[i]! - s * ys[i]!;
      v[i] = s * xs[i]! + c * ys[i]!;
    }
    const area = spread(u) * spread(v);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      best = angle;
    }
  }
  return Math.abs(best) < (0.75 * Math.PI) / 180 ? 0 : best;
}

interface Gray {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** The crop turned by `angle` about its centre and enlarged `scale` times (bicubic), in gray, white outside. */
function resample(image: RgbaImage, angle: number, scale: number): Gray {
  const { width, height, data } = image;
  const outW = Math.round(width * scale);
  const outH = Math.round(height * scale);
  const out = new Uint8Array(outW * outH);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const gray = (x: number, y: number): number => (x < 0 || y < 0 || x >= width || y >= height ? 255 : data[(y * width + x) * 4]!);
  const cubic = (t: number): [number, number, number, number] => {
    // Catmull-Rom weights.
    const t2 = t * t;
    const t3 = t2 * t;
    return [(-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2];
  };
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const dx = (x + 0.5) / scale - width / 2;
      const dy = (y + 0.5) / scale - height / 2;
      const fx = c * dx + s * dy + width / 2 - 0.5;
      const fy = -s * dx + c * dy + height / 2 - 0.5;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const wx = cubic(fx - x0);
      const wy = cubic(fy - y0);
      let value = 0;
      for (let j = 0; j < 4; j++) {
        let row = 0;
        for (let i = 0; i < 4; i++) row += wx[i]! * gray(x0 - 1 + i, y0 - 1 + j);
        value += wy[j]! * row;
      }
      out[y * outW + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return { width: outW, height: outH, data: out };
}

/** Black and white by Otsu's threshold: zbar's own binariser trips over the grey of a soft photo. */
function binarize(image: Gray): Gray {
  const histogram = new Float64Array(256);
  for (const value of image.data) histogram[value]!++;
  const threshold = otsuThreshold(histogram, image.data.length);
  return { width: image.width, height: image.height, data: image.data.map((value) => (value <= threshold ? 0 : 255)) };
}

/** Unsharp mask (3 × 3 box, amount 1.5): restores the module edges of a soft, blurred photo. */
function sharpen(image: Gray): Gray {
  const { width, height, data } = image;
  const out = new Uint8Array(data);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += data[(y + dy) * width + x + dx]!;
      const at = y * width + x;
      out[at] = Math.max(0, Math.min(255, Math.round(data[at]! + 1.5 * (data[at]! - sum / 9))));
    }
  }
  return { width, height, data: out };
}

function grayOf(image: RgbaImage): Gray {
  const data = new Uint8Array(image.width * image.height);
  for (let i = 0; i < data.length; i++) data[i] = image.data[4 * i]!;
  return { width: image.width, height: image.height, data };
}

/** The QR code texts ZBar (compiled to WebAssembly) reads in a gray image. */
async function zbar(image: Gray): Promise<string[]> {
  const copy = image.data.slice();
  const symbols = await scanGrayBuffer(copy.buffer, image.width, image.height);
  return symbols.filter((symbol) => symbol.typeName === 'ZBAR_QRCODE').map((symbol) => symbol.decode());
}

/** A candidate crop is enlarged to about this many pixels on its longer side before decoding. */
const REGION_TARGET = 720;

/**
 * Codes in one candidate region: cropped, turned upright and enlarged (a phone photo at 100 dpi
 * has about 2.4 pixels a module, too few for any decoder once turned), then read by ZBar; if
 * that fails, black and white, and unturned.
 */
async function scanRegion(image: RgbaImage, region: Rect): Promise<string[]> {
  const part = crop(image, region);
  const scale = Math.max(1, Math.min(4, REGION_TARGET / Math.max(part.width, part.height)));
  const angle = skewAngle(part);
  const upright = resample(part, angle, scale);
  const attempts: (() => Gray)[] = [() => upright, () => binarize(upright), () => binarize(sharpen(upright)), ...(angle !== 0 ? [() => resample(part, 0, scale)] : [])];
  for (const attempt of attempts) {
    const found = await zbar(attempt());
    if (found.length > 0) return found;
  }
  return [];
}

/** Whether two regions are mostly the same (intersection over union above ½): one decoded, the other need not be tried. */
function same(a: Rect, b: Rect): boolean {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return false;
  return (w * h) / (a.w * a.h + b.w * b.h - w * h) > 0.5;
}

/**
 * The texts of every QR code found in the image: ZBar on the whole image (scaled down if it is
 * a large photo), then — unless that found a complete set — on each candidate region of the
 * project's segmentation (blocks separated by white space, then dense half-dark areas for a
 * turned page), each cropped, turned upright and enlarged.
 */
export async function readQrCodes(image: RgbaImage): Promise<string[]> {
  const found = new Set<string>();
  const longer = Math.max(image.width, image.height);
  const whole = longer > LARGE_IMAGE ? downscale(image, longer / LARGE_IMAGE) : image;
  for (const text of await zbar(grayOf(whole))) found.add(text);
  if (allFound(found)) return [...found];
  const { blocks, dense } = candidateRegions(image);
  const decoded: Rect[] = [];
  for (const region of [...blocks, ...dense]) {
    if (decoded.some((done) => same(done, region))) continue;
    const texts = await scanRegion(image, region);
    if (texts.length > 0) decoded.push(region);
    for (const text of texts) found.add(text);
    if (allFound(found)) break;
  }
  return [...found];
}

export function decodePng(bytes: Buffer): RgbaImage {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) };
}

export function decodeJpeg(bytes: Buffer): RgbaImage {
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024, maxResolutionInMP: 200 });
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length) };
}

export type FileKind = 'pdf' | 'png' | 'jpeg' | 'unknown';

export function fileKind(bytes: Uint8Array): FileKind {
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'pdf';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return 'unknown';
}

/** A binary PGM (P5, 8-bit), as `pdftoppm -gray` writes it. */
export function decodePgm(bytes: Buffer): RgbaImage {
  const header = /^P5\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 200).toString('latin1'));
  if (!header || Number(header[3]) !== 255) throw new Error('not an 8-bit binary PGM image');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = bytes.subarray(header[0].length, header[0].length + width * height);
  if (pixels.length !== width * height) throw new Error('truncated PGM image');
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    data[4 * i] = v;
    data[4 * i + 1] = v;
    data[4 * i + 2] = v;
    data[4 * i + 3] = 255;
  }
  return { width, height, data };
}

/** Each page of the PDF as a grayscale image at `dpi` (poppler-utils' pdftoppm must be installed). */
export async function rasterizePdf(file: string, dpi = RASTER_DPI): Promise<RgbaImage[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sheet-raster-'));
  try {
    await run('pdftoppm', ['-r', String(dpi), '-gray', file, join(dir, 'page')], { maxBuffer: 16 * 1024 * 1024 });
    const pages = (await readdir(dir)).filter((name) => name.endsWith('.pgm')).sort();
    return (await Promise.all(pages.map((name) => readFile(join(dir, name))))).map(decodePgm);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface ScanOutcome {
  readonly kind: FileKind;
  readonly pages: number;
  readonly texts: string[];
  /** For a PDF: the codes found on each page. */
  readonly perPage?: string[][];
}

/** Every QR code text in the file (PDF, PNG or JPEG). Throws for another kind of file or a failing pdftoppm. */
export async function scanFile(file: string): Promise<ScanOutcome> {
  const bytes = await readFile(file);
  const kind = fileKind(bytes);
  switch (kind) {
    case 'pdf': {
      const pages = await rasterizePdf(file);
      const perPage: string[][] = [];
      for (const page of pages) perPage.push(await readQrCodes(page));
      return { kind, pages: pages.length, texts: perPage.flat(), perPage };
    }
    case 'png':
      return { kind, pages: 1, texts: await readQrCodes(decodePng(bytes)) };
    case 'jpeg':
      return { kind, pages: 1, texts: await readQrCodes(decodeJpeg(bytes)) };
    default:
      return { kind, pages: 0, texts: [] };
  }
}
