/**
 * One HTTPS exchange with the hub over a pinned TLS connection (issue 16): the connection is
 * made, the certificate the peer shows is fingerprinted (SHA-256 of its DER) and compared with
 * the pin, and only then is a byte of the request written — on that same connection. The
 * hub's certificate is self-signed, so no CA is asked: the pin is the whole trust.
 *
 * The outcome is an answer (any HTTP status) or `offline` (refused, reset, timed out, host
 * unreachable: the desk keeps working, 离线); a certificate other than the pin throws
 * HubCertificateError — never "offline", never retried quietly. Two bounds (shared/hub/timing.ts):
 * connecting with the handshake (`connectMs`: past it, offline — `timeout`), and the answer once
 * the hub accepted the connection (`answerMs`: past it, `offline` marked `slow` — the hub is there
 * but slow; the desk decides what that means, main/services/hub/desk.ts).
 */
import { Agent, request as httpRequest } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';
import { issue } from '../../shared/election/issues';
import { ValidationError } from '../../shared/election/issues';
import type { HubBounds } from '../../shared/hub/timing';
import { certificateFingerprint } from './certificate';
import { serverTimingMs } from './serverTiming';

export type HubOutcome =
  | { readonly kind: 'answer'; readonly status: number; readonly body: string; readonly hubMs?: number }
  /** `slow`: the hub accepted the connection but did not answer within the answer's bound. */
  | { readonly kind: 'offline'; readonly reason: string; readonly slow?: true };

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

/** Never a wait without end: a hub that does not answer within this is offline (pairing; a client given no bounds). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** One number bounds both the connection and the answer. */
const boundsOf = (bounds: number | HubBounds): HubBounds => (typeof bounds === 'number' ? { connectMs: bounds, answerMs: bounds } : bounds);

/** The pinned connections of each agent that are open now: the hub accepted them. */
const openConnections = new WeakMap<Agent, Set<TLSSocket>>();
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

/** Where an exchange goes: the one connection `connectPinned` made, or a keep-alive pool of them. */
type Via = { readonly socket: TLSSocket } | { readonly agent: Agent };

/** Whether the hub accepted a connection of `via` that is still open: a wait on it is the hub being slow, not away. */
function hubAccepted(via: Via): boolean {
  return 'socket' in via ? !via.socket.destroyed : (openConnections.get(via.agent)?.size ?? 0) > 0;
}

function send(hub: URL, via: Via, exchange: Exchange, bounds: HubBounds): Promise<HubOutcome> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: HubOutcome | HubCertificateError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome instanceof HubCertificateError) reject(outcome);
      else resolve(outcome);
    };
    const body = Buffer.from(exchange.body, 'utf8');
    const req = httpRequest(
      {
        host: hub.hostname,
        port: hub.port,
        method: exchange.method,
        path: exchange.path,
        headers: { ...exchange.headers, ...(exchange.method === 'POST' ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}), ...('socket' in via ? { connection: 'close' } : {}) },
        ...('socket' in via ? { createConnection: () => via.socket } : { agent: via.agent }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_REPLY_BYTES) chunks.push(chunk);
          else {
            settle({ kind: 'offline', reason: `reply over ${MAX_REPLY_BYTES} bytes` });
            req.destroy();
          }
        });
        res.once('end', () => {
          const hubMs = serverTimingMs(res.headers['server-timing']);
          settle({ kind: 'answer', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ...(hubMs === undefined ? {} : { hubMs }) });
        });
        res.once('error', (error) => settle({ kind: 'offline', reason: reasonOf(error) }));
        res.once('aborted', () => settle({ kind: 'offline', reason: 'ECONNRESET' }));
      },
    );
    const slow = () => {
      settle({ kind: 'offline', reason: `slow: no answer within ${bounds.answerMs} ms`, slow: true });
      req.destroy();
    };
    // Connecting (or queued behind the agent's busy connections): offline past connectMs, unless
    // the hub holds connections of this agent open (it is there, busy: slow, up to answerMs).
    timer = setTimeout(() => {
      if (hubAccepted(via)) {
        timer = setTimeout(slow, Math.max(0, bounds.answerMs - bounds.connectMs));
        return;
      }
      settle({ kind: 'offline', reason: 'timeout' });
      req.destroy();
    }, bounds.connectMs);
    // The connection is made (handshake done, pin checked): the answer's bound from here.
    req.once('socket', () => {
      if (settled) return;
      clearTimeout(timer);
      timer = setTimeout(slow, bounds.answerMs);
    });
    // `on`, not `once`: Node's agent may hand a queued request a second failed connection (a second
    // 'error'); unheard, it would crash the desk's main (tests/server/hub/pinnedAgent.overload.test.ts).
    req.on('error', (error) => settle(error instanceof HubCertificateError ? error : { kind: 'offline', reason: error instanceof Offline ? error.message : reasonOf(error) }));
    req.end(exchange.method === 'POST' ? body : undefined);
  });
}

/** One request on a connection `connectPinned` made (and verified); the connection is closed after. */
export async function exchangeOn(socket: TLSSocket, hub: URL, exchange: Exchange, bounds: number | HubBounds): Promise<HubOutcome> {
  try {
    return await send(hub, { socket }, exchange, boundsOf(bounds));
  } finally {
    socket.destroy();
  }
}

/** A free connection is closed after this long — well before the hub closes an idle one (server/http/guard.ts). */
const IDLE_MS = 4000;

/**
 * A keep-alive pool of pinned connections to one hub: each is verified (`connectPinned`) before
 * it is handed to HTTP, so no request is written on a connection whose certificate was not checked.
 */
export function pinnedAgent(hub: URL, pin: string, bounds: number | HubBounds = DEFAULT_TIMEOUT_MS): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets: 4, maxFreeSockets: 2, timeout: IDLE_MS });
  const open = new Set<TLSSocket>();
  openConnections.set(agent, open);
  (agent as unknown as { createConnection: (options: unknown, done: (error: Error | null, socket?: Duplex) => void) => undefined }).createConnection = (_options, done) => {
    connectPinned(hub, pin, boundsOf(bounds).connectMs).then(
      ({ socket }) => {
        open.add(socket);
        socket.once('close', () => open.delete(socket));
        done(null, socket);
      },
      (error: unknown) => done(error as Error),
    );
    return undefined;
  };
  return agent;
}

/** One request through `agent` (pinnedAgent); unreachable is `offline`, a wrong certificate throws. */
export function pinnedExchange(hub: URL, agent: Agent, exchange: Exchange, bounds: number | HubBounds = DEFAULT_TIMEOUT_MS): Promise<HubOutcome> {
  return send(hub, { agent }, exchange, boundsOf(bounds));
}

export function isOffline(error: unknown): error is Error {
  return error instanceof Offline;
}
