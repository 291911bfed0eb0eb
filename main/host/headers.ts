/**
 * The security headers of every host response: a strict Content-Security-Policy (the same
 * directives as Electron's app pages, `connect-src` narrowed to the imported package's district
 * server), `X-Frame-Options: DENY`, `Cross-Origin-Opener-Policy: same-origin`, no sniffing, no
 * referrer. Set before a route answers, so refusals carry them too.
 *
 * One route differs: a stored sheet (`GET /api/sheets/NAME.pdf`) is shown inside the app's own
 * page (the results' sheet preview, an iframe of `sheetUrl`), so it may be framed by this host's
 * page and no other — `X-Frame-Options: SAMEORIGIN` and `frame-ancestors 'self'` (SHEET_FRAMING,
 * the same for Electron's app:// sheets). Its policy is only that: a PDF runs no script of ours,
 * and Chromium's PDF viewer must not be blocked by a page policy's `object-src 'none'`.
 */
import type { ServerResponse } from 'node:http';
import { districtConnectSources } from '../services/districtOrigin';

export function hostContentSecurityPolicy(connect: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "media-src 'none'",
    "object-src 'none'",
    "worker-src 'self'",
    "frame-src 'self'",
    "manifest-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The framing headers of a stored sheet PDF: the app's own page may show it in a frame, no other page. */
export const SHEET_FRAMING: Readonly<Record<string, string>> = {
  'content-security-policy': "frame-ancestors 'self'",
  'x-frame-options': 'SAMEORIGIN',
};

/** The host's path of the stored sheets (sheetFiles.ts serves them). */
export const SHEETS_ROUTE = '/api/sheets/';

/** The headers of a response to `path` (the request's path, without query). */
export function securityHeadersFor(path: string, dataDir: string): Record<string, string> {
  const common = { 'cross-origin-opener-policy': 'same-origin', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  if (path.startsWith(SHEETS_ROUTE)) return { ...common, ...SHEET_FRAMING };
  return {
    ...common,
    'content-security-policy': hostContentSecurityPolicy(districtConnectSources(dataDir)),
    'x-frame-options': 'DENY',
  };
}

export function setSecurityHeaders(res: ServerResponse, dataDir: string, path: string): void {
  for (const [name, value] of Object.entries(securityHeadersFor(path, dataDir))) res.setHeader(name, value);
}
