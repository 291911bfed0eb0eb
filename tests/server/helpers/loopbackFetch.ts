/**
 * A `fetch` for one simulated station that connects from its own loopback address (127.x.y.z):
 * the server counts connections per client address (server/http/guard.ts), and two thousand
 * stations are two thousand addresses, not one. Linux routes all of 127.0.0.0/8 to `lo`.
 */
import { request } from 'node:http';
import type { FetchLike } from './client';

/** The `index`th station's source address: 127.1.0.1, 127.1.0.2, … (never .0 or .255), up to 15 million. */
export function stationLoopbackAddress(index: number): string {
  const host = index % 250;
  const net = Math.floor(index / 250);
  return `127.${1 + Math.floor(net / 250)}.${net % 250}.${1 + host}`;
}

/** One request, one connection (a station's push is a single request), from `localAddress`. */
export function fetchFrom(localAddress: string): FetchLike {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const outgoing = request(url, { method: init.method ?? 'GET', headers, localAddress, agent: false }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 0;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers: incoming.headers as Record<string, string> }));
        });
      });
      outgoing.on('error', reject);
      outgoing.end(init.body as Uint8Array | undefined);
    });
}
