/**
 * What keeps a stranger from exhausting the district server (docs/DECISIONS.md): time limits on
 * the headers, the whole request and an idle connection (slowloris), a cap on the connections
 * one client address holds open, and a connection closed — not drained — when its request is
 * refused before its body was read.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** The request line and headers must arrive within this (Node's `headersTimeout`). */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (`requestTimeout`; never an SSE response). */
  readonly requestTimeoutMs: number;
  /** A connection silent in both directions this long is closed (SSE streams send a ping every 20 s). */
  readonly idleTimeoutMs: number;
  /** Connections open at once from one client address; more are answered 503 and closed. */
  readonly perAddress: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 70_000,
  // Many stations may share one address behind a NAT, and the 200-station benchmark runs from one.
  perAddress: 256,
};

const BUSY_TEXT = 'too many connections from this address / 此地址的连接太多\n';
const BUSY = `HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(BUSY_TEXT)}\r\nRetry-After: 5\r\n\r\n${BUSY_TEXT}`;

/** How often Node checks the header and request time limits (its default, 30 s, would let them run long). */
export const TIMEOUT_CHECK_MS = 1000;

/** Apply `limits` to `server`. Call before it listens. */
export function guardServer(server: Server, limits: ConnectionLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  // Behind a load balancer the server keeps idle connections a little longer than the balancer.
  server.keepAliveTimeout = Math.min(65_000, limits.idleTimeoutMs);
  server.setTimeout(limits.idleTimeoutMs, (socket: Socket) => socket.destroy());
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '?';
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.perAddress) {
      socket.end(BUSY);
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/**
 * A reply sent before the request's body was read (refused from its headers, or over the size
 * limit): the connection is closed once it is sent, so the rest of the body is never read.
 */
export function closeAfterReply(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  const socket = req.socket as Socket | null;
  if (socket === null) return;
  if (!res.headersSent) res.setHeader('connection', 'close');
  res.once('finish', () => {
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  });
}
