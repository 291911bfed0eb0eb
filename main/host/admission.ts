/**
 * Which requests the station host admits. The import can re-pin the district key, so requests
 * from other web pages are refused: the Host header must name a loopback address (DNS
 * rebinding), an API call's Origin, when given, must be a loopback origin, and a POST must be
 * application/json (a cross-site form cannot send that without a CORS preflight, which is never
 * granted).
 */
import type { IncomingMessage } from 'node:http';
import { mediaTypeOf } from '../../server/http/io';
import { isLoopbackHost, isLoopbackOrigin } from '../../server/http/loopback';
import { HostError } from './replies';

export function admitHost(req: IncomingMessage): void {
  if (!isLoopbackHost(req.headers.host)) throw new HostError(403, 'unexpected Host header');
}

export function admitApiCall(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) throw new HostError(403, 'cross-origin requests are not allowed');
}

export function requireJsonBody(req: IncomingMessage): void {
  if (mediaTypeOf(req) !== 'application/json') throw new HostError(415, 'content-type must be application/json');
}
