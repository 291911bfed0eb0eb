/**
 * The district server: `/sync/v1/*` for stations (docs/SYNC.md), `/api/*` and `/admin/*` for
 * the dashboard, and the dashboard itself at `/` (dist/dashboard). Stateless apart from the
 * database, so several instances can serve one PostgreSQL behind a load balancer.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handleApi } from './api/routes';
import { handleOperatorCommand } from './cli/operator';
import type { Db } from './db/types';
import { mayAdminister } from './http/access';
import { bodyBudget } from './http/admission';
import { answerPreflight, applyCors, corsPolicy } from './sync/cors';
import { closeAfterReply, DEFAULT_CONNECTION_LIMITS, guardServer, TIMEOUT_CHECK_MS, type ConnectionLimits } from './http/guard';
import { HttpError, sendError, sendJson } from './http/io';
import { serveStatic } from './http/static';
import type { ResultPolicy } from './results/accept';
import { startRecheckQueue } from './results/recheck';
import { pruneNonces } from './sync/auth';
import type { FaultHook } from './sync/faults';
import { DEFAULT_LIMITS, handleSync, type AdmitBody, type SyncHooks, type SyncLimits } from './sync/routes';

/** A city's stations pushing at once cost a process this much body memory, not the city's (issue 19). */
export const DEFAULT_BODY_BUDGET_BYTES = 64 * 1024 * 1024;

export const DASHBOARD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/dashboard');

export interface DistrictServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly db: Db;
  /** Default 127.0.0.1; `0.0.0.0` to let stations on the network reach it. */
  readonly host?: string;
  /** The built dashboard; default dist/dashboard. */
  readonly staticDir?: string;
  /** Lets browsers on other machines use the dashboard with `?token=…` / `Authorization: Bearer …`. */
  readonly adminToken?: string;
  readonly limits?: Partial<SyncLimits>;
  /**
   * Origins besides the built-in ones (loopback `http(s)://127.0.0.1|localhost|[::1]:*` and
   * `app://station`) whose pages may call `/sync/v1` (CORS; server/sync/cors.ts).
   */
  readonly corsOrigins?: readonly string[];
  /**
   * A demonstration server (`serve --demo`): accepts demo results (signed `demo: true` by a
   * station running the demo package). Default false: they are refused (`results.demoRefused`).
   */
  readonly demo?: boolean;
  /**
   * Lets the district commands run through this server (`POST /admin/cli`, `Authorization: Bearer
   * …`; server/cli/operator.ts): `serve` sets it on the embedded database. Unset: refused.
   */
  readonly operatorToken?: string;
  /** Time limits and the per-address connection cap (server/http/guard.ts); defaults in DEFAULT_CONNECTION_LIMITS. */
  readonly connectionLimits?: Partial<ConnectionLimits>;
  /** Bytes of sync request bodies (pushes, results) the process reads at once (server/http/admission.ts); default 64 MiB. */
  readonly bodyBudgetBytes?: number;
  /** Test-only: kill the process at a point of a push (server/sync/faults.ts; `serve` sets it from DISTRICT_TEST_KILL_AT). */
  readonly fault?: FaultHook;
}

export interface DistrictServer {
  /** `http://HOST:PORT` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Resolves once no recount of a changed station is running or queued. */
  recheckIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function startDistrictServer(options: DistrictServerOptions): Promise<DistrictServer> {
  const { db } = options;
  const host = options.host ?? '127.0.0.1';
  const limits: SyncLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const staticDir = options.staticDir ?? DASHBOARD_DIR;
  const cors = corsPolicy(options.corsOrigins);
  const hooks: SyncHooks = options.fault ? { fault: options.fault } : {};
  const results: ResultPolicy = { acceptDemo: options.demo === true };

  const connectionLimits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connectionLimits };
  const budget = bodyBudget(options.bodyBudgetBytes ?? DEFAULT_BODY_BUDGET_BYTES, limits.maxBodyBytes);
  // Once its headers name an enrolled station, a sync body waits for room in the budget. Waiting
  // is not idleness (the stalled body would otherwise be cut off after the idle limit); the
  // whole-request limit still bounds the wait.
  const admitBody: AdmitBody = async (req) => {
    req.socket.setTimeout(0);
    const release = await budget.admit(req);
    req.socket.setTimeout(connectionLimits.idleTimeoutMs);
    return release;
  };
  const server = createServer({ connectionsCheckingInterval: TIMEOUT_CHECK_MS }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://district.invalid');
    const work = async (): Promise<void> => {
      if (url.pathname.startsWith('/sync/')) {
        if (req.method === 'OPTIONS') return answerPreflight(cors, req, res);
        applyCors(cors, req, res);
        return handleSync(db, limits, req, res, url, hooks, results, admitBody);
      }
      if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true, database: db.kind, demo: results.acceptDemo });
      // The operator's command line while `serve` holds the embedded database (its own token).
      if (url.pathname === '/admin/cli') return handleOperatorCommand(db, options.operatorToken, limits.maxBodyBytes, req, res);
      if (!mayAdminister(req, url, options.adminToken)) throw HttpError.of(403, 'sync.forbidden', { station: 'dashboard' });
      if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/admin/')) return handleApi(db, limits.maxBodyBytes, req, res, url, results);
      if (req.method === 'GET' && serveStatic(staticDir, url.pathname, res)) return;
      throw HttpError.of(404, 'sync.notFound', { path: url.pathname });
    };
    work().catch((error: unknown) => {
      // Refused before its body was read (headers, size): close rather than drain the rest.
      closeAfterReply(req, res);
      sendError(res, error);
    });
  });
  guardServer(server, connectionLimits);

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const prune = setInterval(() => void pruneNonces(db).catch(() => undefined), 60_000);
  prune.unref();
  // Results whose station's records changed are recounted at once (server/results/recheck.ts).
  const recheck = startRecheckQueue(db);

  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    recheckIdle: () => recheck.idle(),
    close: async () => {
      clearInterval(prune);
      recheck.stop();
      await recheck.idle();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}
