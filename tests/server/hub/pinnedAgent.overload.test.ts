/**
 * A desk's keep-alive pool to a hub that is slow or half gone (issue 16): more requests than the
 * pool's sockets, some connections never completing their handshake, the others closed after one
 * answer. Every request settles (an answer or `offline`), and no request's error is left without a
 * listener — one was: Node's agent hands a queued request a second failed connection, and the
 * second 'error' event crashed the desk's main (seen as `Unhandled 'error' event … Offline: timeout`
 * when a desk host died while its window replicated and the hub was loaded).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { createHubCertificate } from '../../../server/hub/certificate';
import { pinnedAgent, pinnedExchange } from '../../../server/hub/pinnedTls';

const HOST = '127.0.0.7';
const identity = createHubCertificate();
let server: Server;
const sockets = new Set<Socket>();

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the pinned agent when the hub is slow or half gone', () => {
  it('settles every request and leaves no error unhandled', async () => {
    let connections = 0;
    server = createServer((raw) => {
      sockets.add(raw);
      raw.on('error', () => undefined);
      // Every other connection hangs before the handshake: its own timer ends it.
      const n = connections++;
      if (n % 2 === 1) return;
      const tls = new TLSSocket(raw, { isServer: true, key: identity.key, cert: identity.cert });
      tls.on('error', () => undefined);
      tls.on('data', () => {
        setTimeout(() => {
          tls.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
          tls.destroy();
        }, 20 + (n % 5) * 40);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, HOST, () => resolve()));
    const { port } = server.address() as { port: number };
    const hub = new URL(`https://${HOST}:${port}`);

    const unhandled: unknown[] = [];
    const onUncaught = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const agent = pinnedAgent(hub, identity.fingerprint, 300);
      for (let round = 0; round < 30; round++) {
        const outcomes = await Promise.all(Array.from({ length: 24 }, () => pinnedExchange(hub, agent, { method: 'GET', path: '/hub/v1/hello', headers: {}, body: '' }, 300)));
        for (const outcome of outcomes) expect(['answer', 'offline']).toContain(outcome.kind);
      }
      // The connections still being made when their requests gave up end after them.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      agent.destroy();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(unhandled.map((error) => String(error))).toEqual([]);
  }, 60_000);
});
