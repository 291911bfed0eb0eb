/**
 * The `app://station` scheme's handler (for `protocol.handle`): the renderer's files from the
 * bundled `renderer/` folder, the stored sheets from the data folder, PDFs main shows for
 * printing — nothing else, never the network. Pure Node (Request → Response), so tests call it
 * without Electron.
 *
 *   app://station/                       → renderer/index.html (also any path without an extension: client routes)
 *   app://station/assets/…               → renderer/assets/… (no way out of the folder)
 *   app://station/sheets/NAME.pdf        → DATA/sheets/NAME.pdf (readSheetFile's names only)
 *   app://station/print/TOKEN.pdf        → a PDF main registered for showing/printing (printing.ts)
 *
 * HTML pages carry the Content-Security-Policy header of security.ts (frame-ancestors 'none'); the
 * PDFs carry SHEET_FRAMING (main/host/headers.ts): the app's own page may show them in its sheet
 * preview frame, no other page may frame them.
 */
import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { contentTypeOf } from '../../server/http/static';
import { readSheetFile } from '../services/stationSheets';
import { districtConnectSources } from '../services/districtOrigin';
import { SHEET_FRAMING } from '../host/headers';
import { APP_HOST, APP_SCHEME, contentSecurityPolicy, type CspOptions } from './security';

export interface AppProtocolOptions {
  /** The built renderer (index.html and assets). */
  readonly rendererDir: string;
  /** The station's data folder (for `sheets/`). */
  readonly dataDir: string;
  /** PDFs registered for the sheet window, by token (printing.ts). */
  readonly printJobs?: ReadonlyMap<string, Uint8Array>;
  /** Default: `connect-src` only the imported package's district server (main/services/districtOrigin.ts), read at each page. */
  readonly csp?: CspOptions;
}

export type AppRoute =
  | { readonly kind: 'file'; readonly segments: readonly string[] }
  | { readonly kind: 'sheet'; readonly name: string }
  | { readonly kind: 'print'; readonly token: string }
  | { readonly kind: 'refused'; readonly status: 400 | 403 | 404 | 405; readonly reason: string };

/** Where a request goes (pure: URL and method only). */
export function routeAppRequest(url: string, method = 'GET'): AppRoute {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'refused', status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { kind: 'refused', status: 403, reason: 'not the app' };
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405, reason: 'method not allowed' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return { kind: 'refused', status: 400, reason: 'bad path' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', status: 400, reason: 'bad path' };
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..' || /^[A-Za-z]:/.test(segment))) return { kind: 'refused', status: 400, reason: 'bad path' };
  if (segments[0] === 'sheets') {
    return segments.length === 2 ? { kind: 'sheet', name: segments[1]! } : { kind: 'refused', status: 404, reason: 'no such sheet' };
  }
  if (segments[0] === 'print') {
    const token = /^([A-Za-z0-9_-]{16,64})\.pdf$/.exec(segments[1] ?? '')?.[1];
    return token && segments.length === 2 ? { kind: 'print', token } : { kind: 'refused', status: 404, reason: 'no such document' };
  }
  return { kind: 'file', segments };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function refusal(status: number, reason: string): Response {
  return new Response(reason, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
}

/** The handler to pass to `protocol.handle('app', …)`. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const root = resolve(options.rendererDir);
  // Read at each page load: an import changes the district server the page may connect to.
  const csp = (): string => contentSecurityPolicy(options.csp ?? { connect: districtConnectSources(options.dataDir) });

  function pdf(bytes: Uint8Array, method: string): Response {
    return new Response(method === 'HEAD' ? null : Buffer.from(bytes), {
      status: 200,
      headers: { 'content-type': 'application/pdf', 'content-length': String(bytes.length), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...SHEET_FRAMING },
    });
  }

  async function file(path: string, method: string): Promise<Response> {
    const type = contentTypeOf(path);
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
    if (type.startsWith('text/html')) headers['content-security-policy'] = csp();
    const bytes = await readFile(path);
    headers['content-length'] = String(bytes.length);
    return new Response(method === 'HEAD' ? null : bytes, { status: 200, headers });
  }

  return async (request) => {
    const method = request.method.toUpperCase();
    const route = routeAppRequest(request.url, method);
    switch (route.kind) {
      case 'refused':
        return refusal(route.status, route.reason);
      case 'sheet': {
        const bytes = readSheetFile(options.dataDir, route.name);
        return bytes ? pdf(bytes, method) : refusal(404, 'no such sheet');
      }
      case 'print': {
        const bytes = options.printJobs?.get(route.token);
        return bytes ? pdf(bytes, method) : refusal(404, 'no such document');
      }
      case 'file': {
        let realRoot: string;
        try {
          realRoot = realpathSync(root);
        } catch {
          return refusal(404, `no renderer at ${root}`);
        }
        const candidate = join(realRoot, ...route.segments);
        if (route.segments.length > 0 && isFile(candidate)) {
          // A symbolic link may not lead out of the renderer folder either.
          const real = realpathSync(candidate);
          return real.startsWith(realRoot + sep) ? file(real, method) : refusal(404, 'not found');
        }
        const last = route.segments[route.segments.length - 1];
        // A missing asset is a 404, not the page.
        if (last !== undefined && extname(last) !== '') return refusal(404, 'not found');
        const index = join(realRoot, 'index.html');
        return isFile(index) ? file(index, method) : refusal(404, 'no index.html (build the renderer)');
      }
    }
  };
}
