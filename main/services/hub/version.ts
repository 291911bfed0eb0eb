/**
 * This build's software version (package.json's `version`): a desk and its hub refuse to share
 * when theirs differ. Read from the nearest package.json above this module — the repository's in
 * development, dist/app/package.json in the Electron bundle (build/electron/build.ts writes it).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function softwareVersion(): string {
  if (cached !== null) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const found = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
      if (typeof found.version === 'string' && found.version !== '') return (cached = found.version);
    } catch {
      // no package.json here: look higher
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('softwareVersion: no package.json with a version above this module');
    dir = parent;
  }
}
