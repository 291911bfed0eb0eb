/**
 * The station's services over HTTP for the browser build and end-to-end tests (node:http only).
 * Binds to 127.0.0.1 only.
 *
 *   GET  /api/station/key      → StationKeyInfo
 *   POST /api/package/import   { text, reprovision? } → ImportOutcome (200 whether or not the
 *                              package is accepted; 400 only for a malformed request)
 *   GET  /api/package/demo     → the demo election package (JSON text)
 *   POST /api/sheets           SheetRequest → main recounts, signs every round, prints the
 *                              signed sheet (+ announcement, certificates) → outcome
 *   GET  /api/sheets/NAME.pdf  a stored sheet, the same bytes every time (reprint)
 *   POST /api/journal          JournalEntry → appended to the fsync'd journal → { seq } (400 for
 *                              an invalid entry)
 *   POST /api/sync/sign        { text } → { signature } of a sync request's canonical text
 *   POST /api/bundle/sign      { text } → { signature } of an export bundle's canonical text
 *                              (main/services/syncSigning.ts; any other text → 400)
 *   GET  /api/recovery         → the pending journal recovery (PendingRecovery) or null
 *   POST /api/recovery/consume { id } → { consumed } (400 for an invalid id, 409 when `id` is not
 *                              the pending recovery) — main/services/journal/pending.ts
 *   anything else              → a file of `staticDir`; index.html for unknown paths without a
 *                              file extension (client routes)
 *
 * The import can re-pin the district key, so requests from other web pages are refused: the
 * Host header must name a loopback address (DNS rebinding), a POST must be application/json
 * (a cross-site form cannot send that without a CORS preflight, which is never granted) and a
 * given Origin must be a loopback origin.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { demoPackageText } from '../services/demo';
import { stationKeyInfo } from '../services/keys';
import { consumeRecovery, importPackageJournaled, pendingRecovery, prepareRecovery, RecoveryRefused, stationJournal } from '../services/journal';
import type { PreparedRecovery } from '../services/journal/pending';
import { produceStationSheets, readSheetFile } from '../services/stationSheets';
import { signBundleText, signSyncRequestText, SyncSigningRefused } from '../services/syncSigning';

export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export interface HostOptions {
  /** 0 picks a free port (read it from the returned `url`/`port`). */
  readonly port: number;
  /** Only the loopback address is allowed. Default 127.0.0.1. */
  readonly host?: '127.0.0.1';
  readonly dataDir: string;
  readonly staticDir: string;
  /**
   * `--recover-from-journal[=FILE]`: before listening, rebuild the records from the journal
   * ('' = the data folder's, else FILE) and offer them to the renderer (GET /api/recovery).
   */
  readonly recoverFromJournal?: string | null;
}

export interface RunningHost {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The recovery prepared at start (`recoverFromJournal`), or null. */
  readonly recovery: PreparedRecovery | null;
  close(): Promise<void>;
}

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostnameOf(hostHeader: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(hostHeader.trim().toLowerCase());
  return match?.[1] ?? '';
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && LOOPBACK_NAMES.has(url.hostname);
  } catch {
    return false;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error: message });
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, `request body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new HttpError(413, `request body over ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface ImportRequest {
  readonly text: string;
  readonly reprovision: boolean;
}

function parseImportRequest(body: string): ImportRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(400, 'request body must be a JSON object');
  const { text, reprovision } = raw as { text?: unknown; reprovision?: unknown };
  if (typeof text !== 'string') throw new HttpError(400, '"text" must be a string');
  if (reprovision !== undefined && typeof reprovision !== 'boolean') throw new HttpError(400, '"reprovision" must be a boolean');
  return { text, reprovision: reprovision === true };
}

/** The path part of a request target, decoded; null when it is malformed or tries to leave the root. */
function safeRelativePath(target: string): string[] | null {
  const path = target.split(/[?#]/, 1)[0] ?? '';
  if (!path.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..' || /^[A-Za-z]:/.test(segment))) return null;
  return segments;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindHost = options.host ?? '127.0.0.1';
  if (bindHost !== '127.0.0.1') throw new Error('startHost: the station host binds to 127.0.0.1 only');
  const dataDir = options.dataDir;
  const staticRoot = resolve(options.staticDir);
  let demoText: string | undefined;
  const recovery =
    options.recoverFromJournal === undefined || options.recoverFromJournal === null
      ? null
      : prepareRecovery(dataDir, options.recoverFromJournal === '' ? undefined : resolve(options.recoverFromJournal));

  function realStaticRoot(): string | null {
    try {
      return realpathSync(staticRoot);
    } catch {
      return null;
    }
  }

  function serveFile(req: IncomingMessage, res: ServerResponse, file: string, cache: string): void {
    const size = statSync(file).size;
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendError(res, 405, 'method not allowed');
      return;
    }
    const segments = safeRelativePath(req.url ?? '/');
    const root = realStaticRoot();
    if (segments === null || root === null) {
      sendError(res, 404, 'not found');
      return;
    }
    const candidate = join(root, ...segments);
    if (segments.length > 0 && isFile(candidate)) {
      // A symbolic link may not lead out of the static folder either.
      const real = realpathSync(candidate);
      if (real.startsWith(root + sep)) {
        serveFile(req, res, real, 'no-cache');
        return;
      }
      sendError(res, 404, 'not found');
      return;
    }
    const last = segments[segments.length - 1];
    if (last !== undefined && extname(last) !== '') {
      // A missing asset is a 404, not the page (a script answered with HTML only confuses).
      sendError(res, 404, 'not found');
      return;
    }
    const index = join(root, 'index.html');
    if (!isFile(index)) {
      sendError(res, 404, `no index.html in ${staticRoot} (build the renderer first)`);
      return;
    }
    serveFile(req, res, index, 'no-cache');
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined && !isLoopbackOrigin(origin)) throw new HttpError(403, 'cross-origin requests are not allowed');
    const route = `${req.method ?? ''} ${path}`;
    switch (route) {
      case 'GET /api/station/key':
        sendJson(res, 200, stationKeyInfo(dataDir));
        return;
      case 'GET /api/package/demo': {
        demoText ??= demoPackageText();
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(demoText),
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        res.end(demoText);
        return;
      }
      case 'POST /api/package/import': {
        const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
        if (type !== 'application/json') throw new HttpError(415, 'content-type must be application/json');
        const request = parseImportRequest(await readBody(req, MAX_BODY_BYTES));
        sendJson(res, 200, await importPackageJournaled(request.text, { dataDir, reprovision: request.reprovision }));
        return;
      }
      case 'POST /api/sheets': {
        const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
        if (type !== 'application/json') throw new HttpError(415, 'content-type must be application/json');
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req, MAX_BODY_BYTES));
        } catch {
          throw new HttpError(400, 'the request body is not JSON');
        }
        sendJson(res, 200, await produceStationSheets(dataDir, body));
        return;
      }
      case 'POST /api/sync/sign':
      case 'POST /api/bundle/sign': {
        const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
        if (type !== 'application/json') throw new HttpError(415, 'content-type must be application/json');
        const body = await readBody(req, MAX_BODY_BYTES);
        let text: unknown;
        try {
          text = (JSON.parse(body) as { text?: unknown } | null)?.text;
        } catch {
          throw new HttpError(400, 'the request body is not JSON');
        }
        if (typeof text !== 'string') throw new HttpError(400, '"text" must be a string');
        try {
          const signature = path === '/api/sync/sign' ? signSyncRequestText(dataDir, text) : signBundleText(dataDir, text);
          sendJson(res, 200, { signature });
        } catch (error) {
          if (error instanceof SyncSigningRefused) throw new HttpError(400, error.message);
          throw error;
        }
        return;
      }
      case 'POST /api/journal': {
        const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
        if (type !== 'application/json') throw new HttpError(415, 'content-type must be application/json');
        let entry: unknown;
        try {
          entry = JSON.parse(await readBody(req, MAX_BODY_BYTES));
        } catch {
          throw new HttpError(400, 'the request body is not JSON');
        }
        let seq: number;
        try {
          seq = await stationJournal(dataDir).append(entry);
        } catch (error) {
          if (error instanceof TypeError) throw new HttpError(400, error.message);
          throw error;
        }
        sendJson(res, 200, { seq });
        return;
      }
      case 'GET /api/recovery':
        sendJson(res, 200, pendingRecovery(dataDir));
        return;
      case 'POST /api/recovery/consume': {
        const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
        if (type !== 'application/json') throw new HttpError(415, 'content-type must be application/json');
        let id: unknown;
        try {
          id = (JSON.parse(await readBody(req, 4096)) as { id?: unknown } | null)?.id;
        } catch (error) {
          if (error instanceof HttpError) throw error;
          throw new HttpError(400, 'the request body is not JSON');
        }
        try {
          sendJson(res, 200, { consumed: consumeRecovery(dataDir, id) });
        } catch (error) {
          if (error instanceof TypeError) throw new HttpError(400, error.message);
          if (error instanceof RecoveryRefused) throw new HttpError(409, error.message);
          throw error;
        }
        return;
      }
      default:
        if (req.method === 'GET' && path.startsWith('/api/sheets/')) {
          const bytes = readSheetFile(dataDir, path.slice('/api/sheets/'.length));
          if (!bytes) throw new HttpError(404, 'no such sheet');
          res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': bytes.length, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
          res.end(bytes);
          return;
        }
        if (['/api/station/key', '/api/package/demo', '/api/package/import', '/api/journal', '/api/recovery', '/api/recovery/consume'].includes(path)) {
          res.setHeader('allow', ['/api/package/import', '/api/journal', '/api/recovery/consume'].includes(path) ? 'POST' : 'GET');
          throw new HttpError(405, 'method not allowed');
        }
        throw new HttpError(404, 'no such API route');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!LOOPBACK_NAMES.has(hostnameOf(req.headers.host ?? ''))) throw new HttpError(403, 'unexpected Host header');
    const target = req.url ?? '/';
    const path = target.split(/[?#]/, 1)[0] ?? '/';
    if (path === '/api' || path.startsWith('/api/')) await serveApi(req, res, path);
    else serveStatic(req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (error.status === 413) res.setHeader('connection', 'close');
        sendError(res, error.status, error.message);
        if (error.status === 413) req.resume();
      } else {
        process.stderr.write(`host: ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        sendError(res, 500, error instanceof Error ? error.message : 'internal error');
      }
    });
  });
  server.requestTimeout = 120_000;

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, bindHost, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${bindHost}:${port}`,
    port,
    recovery,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}
