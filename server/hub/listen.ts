/**
 * Where the hub listens: loopback (127.0.0.1) while the LAN is off, the configured address
 * while it is on. Moving is closing every connection and listening again; a failed move goes
 * back to where it was.
 */
import type { Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { HubListen } from './types';

export const LOOPBACK_LISTEN: HubListen = { host: '127.0.0.1', port: 0 };

export interface Listener {
  readonly at: HubListen;
  /** `https://host:port` as a desk reaches it. */
  readonly url: string;
  move(to: HubListen): Promise<void>;
  stop(): Promise<void>;
}

/** The address a desk dials: the host itself, or this machine's first LAN IPv4 address for a wildcard. */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal);
    return lan?.address ?? '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}

function listenOn(server: Server, listen: HubListen): Promise<HubListen> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(listen.port, listen.host, () => {
      server.off('error', onError);
      resolve({ host: listen.host, port: (server.address() as AddressInfo).port });
    });
  });
}

export async function startListening(server: Server, first: HubListen): Promise<Listener> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const stop = async (): Promise<void> => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  let at = await listenOn(server, first);
  return {
    get at() {
      return at;
    },
    get url() {
      return `https://${reachableHost(at.host)}:${at.port}`;
    },
    async move(to) {
      const before = at;
      await stop();
      try {
        at = await listenOn(server, to);
      } catch (error) {
        at = await listenOn(server, { host: before.host, port: before.port });
        throw error;
      }
    },
    stop,
  };
}
