/**
 * The security headers of every host response: a strict Content-Security-Policy (the same
 * directives as Electron's app pages, `connect-src` narrowed to the imported package's district
 * server), `X-Frame-Options: DENY`, `Cross-Origin-Opener-Policy: same-origin`, no sniffing, no
 * referrer. Set before a route answers, so refusals carry them too.
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

export function setSecurityHeaders(res: ServerResponse, dataDir: string): void {
  res.setHeader('content-security-policy', hostContentSecurityPolicy(districtConnectSources(dataDir)));
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
}
