/**
 * A stand-in hub that is there but slow, for the tests of a slow hub (issue 16): a real TLS
 * server with a hub certificate on 127.0.0.5 that answers `{"ok":true}` after `delayMs`, which
 * the test moves; `close()` destroys its connections first (kept-alive desks) and is idempotent.
 */
import { createServer } from 'node:https';
import type { Socket } from 'node:net';
import { createHubCertificate } from '../../server/hub/certificate';

export interface SlowHub {
  readonly port: number;
  readonly url: string;
  readonly fingerprint: string;
  /** How long each answer waits from now on. */
  delayMs: number;
  close(): Promise<void>;
}

export async function startSlowHub(host = '127.0.0.5'): Promise<SlowHub> {
  const certificate = createHubCertificate();
  const sockets = new Set<Socket>();
  let closed: Promise<void> | null = null;
  const hub: { delayMs: number } = { delayMs: 0 };
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    req.resume();
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), hub.delayMs);
  });
  server.on('connection', (socket: Socket) => sockets.add(socket));
  const port = await new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as { port: number }).port)));
  return Object.assign(hub, {
    port,
    url: `https://${host}:${port}`,
    fingerprint: certificate.fingerprint,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closed;
    },
  });
}
