/**
 * Who may use the dashboard and its APIs (`/`, `/api/*`, `/admin/*`): a browser on this machine
 * (loopback peer and loopback Host, against DNS rebinding), or anyone presenting the admin
 * token (`Authorization: Bearer …` or `?token=…`) when the server was given one. Stations never
 * need them: `/sync/v1` has its own authentication.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from './loopback';

const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function mayAdminister(req: IncomingMessage, url: URL, adminToken: string | undefined): boolean {
  if (adminToken) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const given = bearer ?? url.searchParams.get('token');
    if (given && sameSecret(given, adminToken)) return true;
  }
  return LOOPBACK_PEERS.has(req.socket.remoteAddress ?? '') && isLoopbackHost(req.headers.host);
}
