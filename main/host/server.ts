/**
 * The station's services over HTTP for the browser build and end-to-end tests (node:http only),
 * bound to a loopback address only (127.0.0.1 unless told another of 127.0.0.0/8, which stands for
 * another machine in the hub's tests): the StationBridge at POST /api/bridge/NAME, the stored sheets, the
 * renderer's files (routes.ts). With `--recover-from-journal` it prepares the journal recovery
 * before it listens, as the Electron app does. It never encrypts the station's keys (no OS
 * keyring in Node): it starts only when the operator allowed plain key files
 * (`--allow-unprotected-keys`, `allowUnprotectedKeys`), and every sheet then says so.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { BRIDGE_METHODS } from '../../shared/bridge/methods';
import { prepareRecovery } from '../services/journal';
import { chooseKeyStores } from '../services/keyStoreSealed';
import type { PreparedRecovery } from '../services/journal/pending';
import { nodeBridge } from '../services/nodeBridge';
import { closeHubService, hubService } from '../services/hub/service';
import { isLoopbackName } from '../../server/http/loopback';
import type { BridgeDoor } from './bridgeRoute';
import { answerFailure } from './replies';
import { routeRequest, type HostRoutes } from './routes';
import { createHostSession, launchUrl } from './session';

export type { BridgeDoor } from './bridgeRoute';

export interface HostOptions {
  /** 0 picks a free port (read it from the returned `url`/`port`). */
  readonly port: number;
  /** A loopback address only (127.0.0.0/8, `localhost`, `::1`). Default 127.0.0.1. */
  readonly host?: string;
  /**
   * The lead's hub on the LAN at start (`--hub-lan HOST:PORT`): kept as the lead's settings; the
   * hub listens there as soon as a package is imported. Without it a lead's hub resumes with its
   * kept settings (main/services/hub).
   */
  readonly hubLan?: { readonly host: string; readonly port: number };
  readonly dataDir: string;
  readonly staticDir: string;
  /**
   * `--recover-from-journal[=FILE]`: before listening, rebuild the records from the journal
   * ('' = the data folder's, else FILE) and offer them to the renderer (`pendingRecovery`).
   */
  readonly recoverFromJournal?: string | null;
  /** The bridge served at /api/bridge/; default the StationBridge's methods and nodeBridge(dataDir). */
  readonly bridge?: BridgeDoor;
  /**
   * `--allow-unprotected-keys`: the host cannot encrypt the station's keys (no OS keyring in
   * Node), so it keeps them in 0600 files only when the operator says so — then every sheet says
   * the key was stored unprotected; without it, startHost refuses (UnprotectedKeysRefused).
   * Required: every caller decides (keyStoreSealed.ts chooseKeyStores).
   */
  readonly allowUnprotectedKeys: boolean;
  /** Where the host's start-up notes go (default stderr). */
  readonly warn?: (message: string) => void;
}

export interface RunningHost {
  /** `http://HOST:PORT` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /**
   * The session secret of this start (main/host/session.ts): API calls without it get 401. Send
   * it as the `x-station-secret` header (tests, tools), or open `launchUrl` in the browser.
   */
  readonly secret: string;
  /** `http://127.0.0.1:PORT/launch?k=SECRET`: sets the session cookie and opens the app. */
  readonly launchUrl: string;
  /** The recovery prepared at start (`recoverFromJournal`), or null. */
  readonly recovery: PreparedRecovery | null;
  close(): Promise<void>;
}

function recoveryAtStart(options: HostOptions): PreparedRecovery | null {
  const from = options.recoverFromJournal;
  if (from === undefined || from === null) return null;
  return prepareRecovery(options.dataDir, from === '' ? undefined : resolve(from));
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindHost = options.host ?? '127.0.0.1';
  if (!isLoopbackName(bindHost === '::1' ? '[::1]' : bindHost)) throw new Error(`startHost: the station host binds to a loopback address only, not ${bindHost}`);
  // Before any key is made or read: plain key files only with the operator's flag.
  await chooseKeyStores(options.dataDir, {
    encryptionAvailable: false,
    allowUnprotected: options.allowUnprotectedKeys,
    runner: 'host',
    warn: options.warn ?? ((message) => process.stderr.write(`host: ${message}\n`)),
  });
  const recovery = recoveryAtStart(options);
  // A lead's hub listens again (desks reconnect) before the first window asks for it.
  await hubService(options.dataDir).resume(options.hubLan);
  // The session needs the port (its cookie's name); requests wait for it.
  let routes: HostRoutes | null = null;
  const server = createServer((req, res) => {
    if (!routes) {
      res.writeHead(503).end();
      return;
    }
    routeRequest(req, res, routes).catch((error: unknown) => answerFailure(req, res, error));
  });
  server.requestTimeout = 120_000;

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, bindHost, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  }).catch(async (error: unknown) => {
    await closeHubService(options.dataDir);
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const session = createHostSession(port);
  routes = {
    session,
    dataDir: options.dataDir,
    staticDir: resolve(options.staticDir),
    bridge: options.bridge ?? { contract: BRIDGE_METHODS, services: nodeBridge(options.dataDir) },
  };
  const url = `http://${bindHost.includes(':') ? `[${bindHost}]` : bindHost}:${port}`;
  return {
    url,
    port,
    secret: session.secret,
    launchUrl: launchUrl(url, session),
    recovery,
    close: async () => {
      await new Promise<void>((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
      });
      await closeHubService(options.dataDir);
    },
  };
}
