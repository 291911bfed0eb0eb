/**
 * The host's session secret: 256 random bits created at each start, kept only in this process's
 * memory (never in a file), and handed to the page the host opens through its launch URL
 * `http://127.0.0.1:PORT/launch?k=SECRET`. The launch sets it as an HttpOnly SameSite=Strict
 * cookie (named by the port: cookies are not kept apart by port) and redirects to `/`, so every
 * window of that browser profile (the projector, a second desk) has it. Every /api request must
 * carry it — the cookie, or the `x-station-secret` header (tests, tools) — or gets 401: another
 * program on this computer can reach 127.0.0.1 but does not know the secret.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HOST_SECRET_HEADER, LAUNCH_ROUTE } from '../../shared/bridge/define';
import { HostError } from './replies';

export interface HostSession {
  readonly secret: string;
  /** The cookie's name: `station-PORT`. */
  readonly cookie: string;
}

export function createHostSession(port: number): HostSession {
  return { secret: randomBytes(32).toString('base64url'), cookie: `station-${port}` };
}

export function launchUrl(baseUrl: string, session: HostSession): string {
  return `${baseUrl}${LAUNCH_ROUTE}?k=${session.secret}`;
}

function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** True when the request carries the secret (header or cookie). */
export function hasSecret(req: IncomingMessage, session: HostSession): boolean {
  const header = req.headers[HOST_SECRET_HEADER];
  if (typeof header === 'string' && sameSecret(header, session.secret)) return true;
  return sameSecret(cookieValue(req, session.cookie), session.secret);
}

/** Refuses (401) an API request without the secret. */
export function admitSession(req: IncomingMessage, session: HostSession): void {
  if (!hasSecret(req, session)) throw new HostError(401, 'open the station through the launch URL the host printed (no session secret)');
}

/** `GET /launch?k=SECRET`: sets the cookie and redirects to `/` (the query is not kept in the address bar). */
export function serveLaunch(req: IncomingMessage, res: ServerResponse, session: HostSession): void {
  if (req.method !== 'GET') {
    res.setHeader('allow', 'GET');
    throw new HostError(405, 'method not allowed');
  }
  const given = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('k') ?? undefined;
  if (!sameSecret(given, session.secret)) throw new HostError(401, 'wrong or missing launch secret');
  res.writeHead(303, {
    'set-cookie': `${session.cookie}=${session.secret}; Path=/; HttpOnly; SameSite=Strict`,
    location: '/',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end();
}
