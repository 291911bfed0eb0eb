/**
 * Static files for both servers (the district dashboard, dist/dashboard; the station host's
 * renderer, dist/renderer): content types, and a path guard — a request path is decoded once and
 * may not leave the folder (`..`, backslashes, NUL, drive letters, symbolic links that lead out).
 * A path without an extension that is no file is a client route: index.html answers it.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The path part of a request target, decoded, as segments; null when it is malformed or tries to leave the root. */
export function safeSegments(target: string): string[] | null {
  const path = target.split(/[?#]/, 1)[0] ?? '';
  if (!path.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..' || /^[A-Za-z]:/.test(segment))) return null;
  return segments;
}

function realFileIn(root: string, path: string): string | null {
  try {
    if (!statSync(path).isFile()) return null;
    const real = realpathSync(path);
    return real.startsWith(root + sep) ? real : null;
  } catch {
    return null;
  }
}

export type StaticFile = { readonly kind: 'file' | 'index'; readonly path: string };

/**
 * The file of `dir` that answers `target`: the file itself, or index.html for a client route;
 * null when there is none (a missing asset is not answered with the page) or the path is refused.
 */
export function staticFileFor(dir: string, target: string): StaticFile | null {
  const segments = safeSegments(target);
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return null;
  }
  if (segments === null) return null;
  if (segments.length > 0) {
    const file = realFileIn(root, join(root, ...segments));
    if (file) return { kind: 'file', path: file };
    if (extname(segments[segments.length - 1]!) !== '') return null;
  }
  const index = realFileIn(root, join(root, 'index.html'));
  return index ? { kind: 'index', path: index } : null;
}

/** Answers 200 with `file` (headers only when `headOnly`, for HEAD). */
export function sendFile(res: ServerResponse, file: string, options: { readonly cacheControl: string; readonly headOnly?: boolean }): void {
  res.writeHead(200, {
    'content-type': contentTypeOf(file),
    'content-length': statSync(file).size,
    'cache-control': options.cacheControl,
    'x-content-type-options': 'nosniff',
  });
  if (options.headOnly) {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** The district dashboard: serve `urlPath` from `dir` (assets cached an hour, index.html revalidated); false when there is nothing to serve. */
export function serveStatic(dir: string, urlPath: string, res: ServerResponse): boolean {
  const found = staticFileFor(dir, urlPath);
  if (!found) return false;
  sendFile(res, found.path, { cacheControl: found.kind === 'index' || found.path.endsWith(`${sep}index.html`) ? 'no-cache' : 'public, max-age=3600' });
  return true;
}
