/**
 * `tsx build/electron/icon.ts`: draws the app icon (a ballot going into a box on red) as
 * build/icon.png (512×512, what electron-builder turns into the Linux and Windows icons) and
 * build/icon.svg (the same drawing). Deterministic; the files are committed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { ROOT } from './build';

const SIZE = 512;
type Rgba = readonly [number, number, number, number];
const RED: Rgba = [0xc8, 0x10, 0x2e, 255];
const GOLD: Rgba = [0xff, 0xd1, 0x4a, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const DARK: Rgba = [0x7a, 0x08, 0x1b, 255];

interface Shape {
  readonly fill: Rgba;
  contains(x: number, y: number): boolean;
  readonly svg: string;
}

const hex = (c: Rgba) => `#${[c[0], c[1], c[2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

function roundRect(x: number, y: number, w: number, h: number, r: number, fill: Rgba): Shape {
  return {
    fill,
    contains(px, py) {
      if (px < x || px >= x + w || py < y || py >= y + h) return false;
      const cx = Math.min(Math.max(px, x + r), x + w - r);
      const cy = Math.min(Math.max(py, y + r), y + h - r);
      return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
    },
    svg: `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r}" fill="${hex(fill)}"/>`,
  };
}

function star(cx: number, cy: number, outer: number, fill: Rgba): Shape {
  const points: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? outer : outer * 0.4;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  return {
    fill,
    contains(px, py) {
      let inside = false;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const [xi, yi] = points[i]!;
        const [xj, yj] = points[j]!;
        if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    },
    svg: `<polygon points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}" fill="${hex(fill)}"/>`,
  };
}

// Back to front: background, ballot paper (with a star), box, slot.
const SHAPES: readonly Shape[] = [
  roundRect(0, 0, SIZE, SIZE, 96, RED),
  roundRect(176, 72, 160, 200, 12, WHITE),
  star(256, 160, 52, RED),
  roundRect(96, 236, 320, 200, 24, GOLD),
  roundRect(150, 236, 212, 26, 10, DARK),
];

export function drawIcon(): { png: Buffer; svg: string } {
  const png = new PNG({ width: SIZE, height: SIZE });
  const samples = [0.25, 0.75];
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const acc = [0, 0, 0, 0];
      for (const sy of samples) {
        for (const sx of samples) {
          let colour: Rgba = [0, 0, 0, 0];
          for (const shape of SHAPES) if (shape.contains(x + sx, y + sy)) colour = shape.fill;
          for (let c = 0; c < 4; c++) acc[c]! += colour[c]! * (c === 3 ? 1 : colour[3] / 255);
        }
      }
      const alpha = acc[3]! / 4;
      const at = (y * SIZE + x) * 4;
      for (let c = 0; c < 3; c++) png.data[at + c] = alpha === 0 ? 0 : Math.round((acc[c]! / 4 / alpha) * 255);
      png.data[at + 3] = Math.round(alpha);
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">${SHAPES.map((s) => s.svg).join('')}</svg>\n`;
  return { png: PNG.sync.write(png), svg };
}

if (process.argv[1]?.endsWith('icon.ts')) {
  const { png, svg } = drawIcon();
  writeFileSync(join(ROOT, 'build', 'icon.png'), png);
  writeFileSync(join(ROOT, 'build', 'icon.svg'), svg);
  process.stdout.write('build/icon.png, build/icon.svg\n');
}
