/**
 * One HTTPS exchange with the hub over a pinned TLS connection (issue 16): the connection is
 * made, the certificate the peer shows is fingerprinted (SHA-256 of its DER) and compared with
 * the pin, and only then is a byte of the request written — on that same connection. The
 * hub's certificate is self-signed, so no CA is asked: the pin is the whole trust.
 *
 * The outcome is an answer (any HTTP status) or `offline` (refused, reset, timed out, host
 * unreachable: the desk keeps working, 离线); a certificate other than the pin throws
 * HubCertificateError — never "offline", never retried quietly.
 */
import { request as httpRequest } from 'node:http';
import { connect, type TLSSocket } from 'node:tls';
import { issue } from '../../shared/election/issues';
import { ValidationError } from '../../shared/election/issues';
import { certificateFingerprint } from './certificate';

export type HubOutcome =
  | { readonly kind: 'answer'; readonly status: number; readonly body: string }
  | { readonly kind: 'offline'; readonly reason: string };

export class HubCertificateError extends ValidationError {
  constructor(
    readonly hub: string,
    readonly seen: string,
    readonly pinned: string,
  ) {
    super([issue('hub.certificateChanged', [], { hub, seen, pinned })]);
    this.name = 'HubCertificateError';
  }
}

/** Never a wait without end: a hub that does not answer within this is offline. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The most a reply may hold (a pull page, the package). */
export const MAX_REPLY_BYTES = 64 * 1024 * 1024;

export interface Exchange {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

class Offline extends Error {}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

/**
 * A TLS connection to `hub` (`https://host:port`) whose certificate has the fingerprint `pin`
 * (any certificate when `pin` is null: the first contact of a typed code). Resolves with the
 * socket and the fingerprint seen; nothing has been written on it.
 */
export function connectPinned(hub: URL, pin: string | null, timeoutMs: number): Promise<{ socket: TLSSocket; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hub.hostname.replace(/^\[|\]$/g, ''), port: Number(hub.port || 443), rejectUnauthorized: false, minVersion: 'TLSv1.2', ALPNProtocols: ['http/1.1'] });
    const timer = setTimeout(() => socket.destroy(new Offline('timeout')), timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof Offline ? error : new Offline(reasonOf(error)));
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const fingerprint = certificateFingerprint(socket.getPeerCertificate().raw);
      if (pin !== null && fingerprint !== pin) {
        socket.destroy();
        reject(new HubCertificateError(hub.origin, fingerprint, pin));
        return;
      }
      resolve({ socket, fingerprint });
    });
  });
}

/** One request on a connection `connectPinned` made (and verified); the connection is closed after. */
export function exchangeOn(socket: TLSSocket, hub: URL, exchange: Exchange, timeoutMs: number): Promise<HubOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HubOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ kind: 'offline', reason: 'timeout' }), timeoutMs);
    const body = Buffer.from(exchange.body, 'utf8');
    const req = httpRequest(
      {
        host: hub.hostname,
        port: hub.port,
        method: exchange.method,
        path: exchange.path,
        headers: { ...exchange.headers, ...(exchange.method === 'POST' ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}), connection: 'close' },
        createConnection: () => socket,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_REPLY_BYTES) settle({ kind: 'offline', reason: `reply over ${MAX_REPLY_BYTES} bytes` });
          else chunks.push(chunk);
        });
        res.once('end', () => settle({ kind: 'answer', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.once('error', (error) => settle({ kind: 'offline', reason: reasonOf(error) }));
        res.once('aborted', () => settle({ kind: 'offline', reason: 'ECONNRESET' }));
      },
    );
    req.once('error', (error) => settle({ kind: 'offline', reason: reasonOf(error) }));
    req.end(exchange.method === 'POST' ? body : undefined);
  });
}

/** Connect (pinned), then exchange; unreachable is `offline`, a wrong certificate throws. */
export async function pinnedExchange(hub: URL, pin: string, exchange: Exchange, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<HubOutcome> {
  const started = Date.now();
  let socket: TLSSocket;
  try {
    socket = (await connectPinned(hub, pin, timeoutMs)).socket;
  } catch (error) {
    if (error instanceof Offline) return { kind: 'offline', reason: error.message };
    throw error;
  }
  return exchangeOn(socket, hub, exchange, Math.max(1, timeoutMs - (Date.now() - started)));
}

export function isOffline(error: unknown): error is Error {
  return error instanceof Offline;
}
