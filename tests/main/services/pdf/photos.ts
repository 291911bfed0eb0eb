/**
 * Phone-photo-like images of a rendered page for the verify-sheet tests: the page rasterised by
 * pdftoppm at a given dpi, then turned, put in mild perspective, blurred, and saved as PNG or
 * JPEG at a given quality — what a reviewer's phone makes of a sheet on a table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { run } from './support';

export interface Gray {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface PhotoKind {
  readonly dpi: number;
  /** Degrees, counter-clockwise. */
  readonly rotation: number;
  /** Mild keystone: the top edge this much narrower than the bottom (0.04 = 4 %). */
  readonly perspective?: number;
  /** Gaussian blur, σ in millimetres on the paper (0.15 mm: a slightly soft phone photo). */
  readonly blurMm?: number;
  readonly format: 'png' | 'jpeg';
  /** JPEG quality (default 60). */
  readonly quality?: number;
}

export function kindLabel(kind: PhotoKind): string {
  return [`${kind.dpi}dpi`, `${kind.rotation}°`, kind.perspective ? `persp${kind.perspective}` : '', kind.blurMm ? `blur${kind.blurMm}mm` : '', kind.format === 'jpeg' ? `jpeg${kind.quality ?? 60}` : 'png']
    .filter(Boolean)
    .join(' ');
}

/** Page `page` of the PDF as an 8-bit gray image at `dpi`. */
export async function rasterPage(pdf: string, page: number, dpi: number, dir: string): Promise<Gray> {
  const prefix = join(dir, `page-${page}-${dpi}`);
  await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix]);
  const png = PNG.sync.read(readFileSync(`${prefix}.png`));
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = png.data[4 * i]!;
  return { width: png.width, height: png.height, data };
}

function sample(image: Gray, x: number, y: number, background: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const at = (px: number, py: number): number => (px < 0 || py < 0 || px >= image.width || py >= image.height ? background : image.data[py * image.width + px]!);
  const ax = x - x0;
  const ay = y - y0;
  return (at(x0, y0) * (1 - ax) + at(x0 + 1, y0) * ax) * (1 - ay) + (at(x0, y0 + 1) * (1 - ax) + at(x0 + 1, y0 + 1) * ax) * ay;
}

/**
 * Turned by `degrees` about the centre on a larger grey-ish table (the canvas grows to hold the
 * whole page), with the top edge `perspective` narrower than the bottom.
 */
export function photograph(image: Gray, degrees: number, perspective = 0): Gray {
  const angle = (degrees * Math.PI) / 180;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const width = Math.ceil(Math.abs(image.width * c) + Math.abs(image.height * s)) + 40;
  const height = Math.ceil(Math.abs(image.width * s) + Math.abs(image.height * c)) + 40;
  const out = new Uint8Array(width * height);
  const table = 150;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Inverse rotation about the centre, then undo the keystone (narrower towards the top).
      const dx = x - width / 2;
      const dy = y - height / 2;
      let u = c * dx - s * dy;
      const v = s * dx + c * dy;
      const t = (v + image.height / 2) / image.height; // 0 at the top, 1 at the bottom
      const scale = 1 - perspective * (1 - t);
      u /= scale;
      out[y * width + x] = sample(image, u + image.width / 2, v + image.height / 2, table);
    }
  }
  return { width, height, data: out };
}

/** Gaussian blur of `sigma` pixels (separable, kernel ±3σ). */
export function gaussianBlur(image: Gray, sigma: number): Gray {
  const { width, height } = image;
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  const weights = kernel.map((k) => k / total);
  const tmp = new Float32Array(width * height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += weights[k + radius]! * image.data[y * width + Math.min(width - 1, Math.max(0, x + k))]!;
      tmp[y * width + x] = sum;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += weights[k + radius]! * tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x]!;
      out[y * width + x] = Math.round(sum);
    }
  }
  return { width, height, data: out };
}

function rgba(image: Gray): Buffer {
  const data = Buffer.alloc(image.width * image.height * 4);
  for (let i = 0; i < image.data.length; i++) {
    data[4 * i] = data[4 * i + 1] = data[4 * i + 2] = image.data[i]!;
    data[4 * i + 3] = 255;
  }
  return data;
}

/** The photo file's bytes. */
export function encodePhoto(image: Gray, kind: PhotoKind): Buffer {
  if (kind.format === 'jpeg') return Buffer.from(jpeg.encode({ data: rgba(image), width: image.width, height: image.height }, kind.quality ?? 60).data);
  const png = new PNG({ width: image.width, height: image.height });
  rgba(image).copy(png.data);
  return PNG.sync.write(png);
}

/** A photo of `page` (already rasterised at `kind.dpi`). */
export function photoOf(page: Gray, kind: PhotoKind): Buffer {
  let image = kind.rotation !== 0 || kind.perspective ? photograph(page, kind.rotation, kind.perspective ?? 0) : page;
  if (kind.blurMm) image = gaussianBlur(image, (kind.blurMm / 25.4) * kind.dpi);
  return encodePhoto(image, kind);
}
