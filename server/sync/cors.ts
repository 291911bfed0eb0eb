/**
 * CORS for the station endpoints (`/sync/v1/*`): the station's page is not served by the
 * district server, so its requests are cross-origin. Allowed: the station's browser build on
 * this machine (`http(s)://127.0.0.1`, `localhost` or `[::1]`, any port), the Electron app
 * (`app://station`), and any origin the operator adds. Every other origin gets no allowance
 * (never `*`). No credentials: a station authenticates by signing each request (docs/SYNC.md),
 * so CORS grants a page nothing it could not already do without the station's key.
 *
 * The dashboard (`/`, `/api/*`, `/admin/*`) is same-origin and gets no CORS headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HEADER } from './signing';

/** The Electron app's origin (main/electron/security.ts APP_ORIGIN). */
export const APP_ORIGIN = 'app://station';

const LOOPBACK_ORIGIN = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/;

/** What a station sends: the four signed-request headers, the JSON body's type, and `accept` for the stream. */
export const CORS_ALLOW_HEADERS: readonly string[] = [HEADER.station, HEADER.timestamp, HEADER.nonce, HEADER.signature, 'content-type', 'accept'];
export const CORS_ALLOW_METHODS: readonly string[] = ['GET', 'POST'];
/** Seconds a browser may cache a preflight (Chromium caps it at 7200). */
export const CORS_MAX_AGE = 600;

/** Normalise an operator-given origin (`https://station.example.org/` → `https://station.example.org`); null when it is not one. */
export function normalizeOrigin(text: string): string | null {
  const trimmed = text.trim().replace(/\/+$/, '');
  if (trimmed === APP_ORIGIN) return APP_ORIGIN;
  try {
    const url = new URL(trimmed);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') return null;
    return url.origin;
  } catch {
    return null;
  }
}

export interface CorsPolicy {
  /** The exact `Origin` value to echo, or null when that origin gets no allowance. */
  allowedOrigin(origin: string | undefined): string | null;
}

export function corsPolicy(extraOrigins: readonly string[] = []): CorsPolicy {
  const extra = new Set(extraOrigins.map((origin) => normalizeOrigin(origin)).filter((origin): origin is string => origin !== null));
  return {
    allowedOrigin(origin) {
      if (origin === undefined || origin === '' || origin === 'null') return null;
      return origin === APP_ORIGIN || LOOPBACK_ORIGIN.test(origin) || extra.has(origin) ? origin : null;
    },
  };
}

function addVary(res: ServerResponse, names: readonly string[]): void {
  const current = res.getHeader('vary');
  const have = new Set(
    String(current ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  );
  for (const name of names) have.add(name);
  res.setHeader('vary', [...have].join(', '));
}

/**
 * For a `/sync/` request that is not a preflight: allow its origin to read the answer (set
 * before any status is written, so error answers carry it too).
 */
export function applyCors(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): void {
  addVary(res, ['Origin']);
  const origin = policy.allowedOrigin(req.headers.origin);
  if (origin === null) return;
  res.setHeader('access-control-allow-origin', origin);
}

/** An OPTIONS request to `/sync/`: 204, with the allowance only for an allowed origin. */
export function answerPreflight(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): void {
  addVary(res, ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers', 'Access-Control-Request-Private-Network']);
  const origin = policy.allowedOrigin(req.headers.origin);
  const headers: Record<string, string | number> = { allow: 'GET, POST, OPTIONS', 'cache-control': 'no-store', 'content-length': 0 };
  if (origin !== null) {
    headers['access-control-allow-origin'] = origin;
    headers['access-control-allow-methods'] = CORS_ALLOW_METHODS.join(', ');
    headers['access-control-allow-headers'] = CORS_ALLOW_HEADERS.join(', ');
    headers['access-control-max-age'] = CORS_MAX_AGE;
    // Chromium's Private Network Access: a page may ask before reaching a server on a more private network.
    if (req.headers['access-control-request-private-network'] === 'true') headers['access-control-allow-private-network'] = 'true';
  }
  res.writeHead(204, headers);
  res.end();
}
