/**
 * A loopback TCP proxy whose "network" can be cut (every connection dropped, new ones refused)
 * and restored — at once, or exactly when the server starts answering a chosen request, so a
 * test knows the server has done its work and the answer is lost on the way back.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  readonly url: string;
  drop(): void;
  restore(): void;
  /**
   * Cut the network when the answer to the request that carries `marker` (e.g. its unique
   * X-Station-Nonce) begins to arrive: the server has handled it, the client never hears the
   * answer. Resolves when the cut happened.
   */
  cutAtAnswerTo(marker: string): Promise<void>;
  readonly isUp: boolean;
  close(): Promise<void>;
}

export async function startProxy(target: URL): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let up = true;
  let armed: { marker: string; cut: () => void } | null = null;

  const drop = () => {
    up = false;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  const server: Server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    let victim: (() => void) | null = null;
    /** The last bytes sent upstream, for a marker split between two chunks. */
    let recent = '';
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => {
      // HTTP/1.1 without pipelining: the next bytes back on this connection answer this request.
      if (armed) {
        const text = recent + chunk.toString('latin1');
        if (text.includes(armed.marker)) {
          victim = armed.cut;
          armed = null;
        }
        recent = text.slice(-256);
      }
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk: Buffer) => {
      if (victim) {
        const cut = victim;
        victim = null;
        drop();
        cut();
        return;
      }
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    drop,
    restore() {
      up = true;
    },
    cutAtAnswerTo(marker) {
      return new Promise<void>((resolve) => {
        armed = { marker, cut: resolve };
      });
    },
    get isUp() {
      return up;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
