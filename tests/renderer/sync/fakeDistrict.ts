/**
 * A test double of the district server's sync endpoints (docs/SYNC.md), in memory on node:http:
 * authentication (enrolled key, signature, clock, nonce), pull by checkpoint, push with
 * conflicts (append-only `ballots` and `audit`), the SSE stream, and `POST /sync/v1/result`.
 * Only the remote end of the station's tests — the real server is `server/`.
 *
 * Knobs for faults: `holdPushes()` keeps push requests waiting until released; `setDown(true)`
 * drops every connection without an answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { canonicalJson, utf8 } from '../../../shared/crypto/canonical';
import { verifyBytes } from '../../../shared/crypto/ed25519';
import { sha256Hex } from '../../../shared/crypto/hash';
import { APPEND_ONLY_COLLECTIONS, isSyncCollection, syncSigningText, type SyncCollectionName, type WireDocument } from '../../../renderer/db/replication/protocol';

interface Stored {
  data: Record<string, unknown>;
  deleted: boolean;
  seq: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly status: number;
  /** The signature checked out against the enrolled key. */
  readonly verified: boolean;
}

export interface FakeDistrict {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The stored documents of a collection (without `_deleted` unless deleted). */
  documents(collection: SyncCollectionName): Record<string, unknown>[];
  get(collection: SyncCollectionName, id: string): Record<string, unknown> | undefined;
  /** Write as if another party (a bundle import) changed the server's copy; notifies the streams. */
  put(collection: SyncCollectionName, doc: WireDocument): void;
  /** How many times each document was written (insert or change) per collection. */
  writes(collection: SyncCollectionName): ReadonlyMap<string, number>;
  readonly results: unknown[];
  holdPushes(): { release(): void; readonly waiting: Promise<void> };
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export interface FakeDistrictOptions {
  readonly stationId: string;
  readonly publicKey: string;
  readonly port?: number;
  /** Answer CORS preflights and allow any origin (a page served from elsewhere, as the station's is). */
  readonly cors?: boolean;
}

const CLOCK_WINDOW_MS = 5 * 60_000;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function contentKey(data: Record<string, unknown>, deleted: boolean): string {
  return canonicalJson({ d: data, x: deleted });
}

function split(doc: Record<string, unknown>): { data: Record<string, unknown>; deleted: boolean } {
  const { _deleted, _meta: _m, _rev: _r, _attachments: _a, ...data } = doc;
  return { data, deleted: _deleted === true };
}

export async function startFakeDistrict(options: FakeDistrictOptions): Promise<FakeDistrict> {
  const store = new Map<SyncCollectionName, Map<string, Stored>>();
  const writeCounts = new Map<SyncCollectionName, Map<string, number>>();
  const nonces = new Set<string>();
  const requests: RecordedRequest[] = [];
  const results: unknown[] = [];
  const streams = new Map<SyncCollectionName, Set<{ res: ServerResponse; sent: number }>>();
  const sockets = new Set<Socket>();
  let seq = 0;
  let down = false;
  let gate: Promise<void> | null = null;
  let notifyWaiting: (() => void) | null = null;

  const collectionOf = (name: SyncCollectionName) => {
    let map = store.get(name);
    if (!map) store.set(name, (map = new Map()));
    return map;
  };

  const wire = (stored: Stored): WireDocument => ({ ...stored.data, _deleted: stored.deleted }) as WireDocument;

  function write(name: SyncCollectionName, id: string, data: Record<string, unknown>, deleted: boolean): void {
    collectionOf(name).set(id, { data, deleted, seq: ++seq });
    const counts = writeCounts.get(name) ?? new Map<string, number>();
    counts.set(id, (counts.get(id) ?? 0) + 1);
    writeCounts.set(name, counts);
  }

  function since(name: SyncCollectionName, after: number, limit: number): { documents: WireDocument[]; checkpoint: { seq: number } | null } {
    const rows = [...collectionOf(name).values()].filter((row) => row.seq > after).sort((a, b) => a.seq - b.seq).slice(0, limit);
    const last = rows[rows.length - 1];
    return { documents: rows.map(wire), checkpoint: last ? { seq: last.seq } : after > 0 ? { seq: after } : null };
  }

  function notify(name: SyncCollectionName): void {
    for (const stream of streams.get(name) ?? []) {
      const page = since(name, stream.sent, 1000);
      if (page.documents.length === 0 || !page.checkpoint) continue;
      stream.sent = page.checkpoint.seq;
      stream.res.write(`data: ${JSON.stringify(page)}\n\n`);
    }
  }

  function send(res: ServerResponse, status: number, body: unknown): number {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return status;
  }

  function refuse(res: ServerResponse, status: number, code: string, params: Record<string, string> = {}): number {
    return send(res, status, { code, message: code, issues: [{ code, path: [], params }] });
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function header(req: IncomingMessage, name: string): string | undefined {
    const value = req.headers[name.toLowerCase()];
    return typeof value === 'string' ? value : undefined;
  }

  /** null when authenticated; else the refusal already sent. */
  function authenticate(req: IncomingMessage, res: ServerResponse, body: string): { status: number; verified: boolean } | null {
    const stationId = header(req, 'X-Station-Id');
    const timestamp = header(req, 'X-Station-Timestamp');
    const nonce = header(req, 'X-Station-Nonce');
    const signature = header(req, 'X-Station-Signature');
    if (!stationId || !timestamp || !nonce || !signature || !TIMESTAMP.test(timestamp)) return { status: refuse(res, 401, 'sync.badHeaders', { header: 'X-Station-*' }), verified: false };
    if (stationId !== options.stationId) return { status: refuse(res, 401, 'sync.unenrolled', { station: stationId }), verified: false };
    if (Math.abs(Date.parse(timestamp) - Date.now()) > CLOCK_WINDOW_MS) return { status: refuse(res, 401, 'sync.clockSkew', { timestamp }), verified: false };
    const text = syncSigningText({ method: req.method as 'GET' | 'POST', path: req.url ?? '', bodySha256: sha256Hex(body), stationId, timestamp, nonce });
    if (!verifyBytes(utf8(text), signature, options.publicKey)) return { status: refuse(res, 401, 'signature.invalid'), verified: false };
    if (nonces.has(nonce)) return { status: refuse(res, 401, 'sync.replayed'), verified: true };
    nonces.add(nonce);
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = req.method === 'POST' ? await readBody(req) : '';
    const url = new URL(req.url ?? '/', 'http://district');
    const record = (status: number, verified: boolean) =>
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string')),
        body,
        status,
        verified,
      });
    const refusal = authenticate(req, res, body);
    if (refusal) return void record(refusal.status, refusal.verified);

    if (req.method === 'POST' && url.pathname === '/sync/v1/result') {
      results.push(JSON.parse(body));
      const round = (JSON.parse(body) as { result?: { round?: number } }).result?.round ?? null;
      return void record(send(res, 201, { station: options.stationId, round, status: 'verified' }), true);
    }
    const match = /^\/sync\/v1\/([A-Za-z]+)\/(pull|push|stream)$/.exec(url.pathname);
    const name = match?.[1];
    if (!match || !name || !isSyncCollection(name)) return void record(refuse(res, 404, 'sync.notFound', { path: url.pathname }), true);
    const action = match[2];

    if (action === 'pull' && req.method === 'GET') {
      const text = url.searchParams.get('checkpoint') ?? '';
      const after = text === '' ? 0 : (JSON.parse(text) as { seq: number }).seq;
      const limit = Number(url.searchParams.get('limit') ?? '100');
      return void record(send(res, 200, since(name, after, limit)), true);
    }
    if (action === 'push' && req.method === 'POST') {
      if (gate) {
        notifyWaiting?.();
        await gate;
      }
      const rows = JSON.parse(body) as { assumedMasterState: WireDocument | null; newDocumentState: WireDocument }[];
      const conflicts: WireDocument[] = [];
      let changed = false;
      for (const row of rows) {
        const { data, deleted } = split(row.newDocumentState);
        const id = row.newDocumentState.id;
        const stored = collectionOf(name).get(id);
        if (!stored) {
          write(name, id, data, deleted);
          changed = true;
          continue;
        }
        if (contentKey(stored.data, stored.deleted) === contentKey(data, deleted)) continue;
        const assumed = row.assumedMasterState ? split(row.assumedMasterState) : null;
        const accepted = !APPEND_ONLY_COLLECTIONS.has(name) && assumed !== null && contentKey(assumed.data, assumed.deleted) === contentKey(stored.data, stored.deleted);
        if (!accepted) {
          conflicts.push(wire(stored));
          continue;
        }
        write(name, id, data, deleted);
        changed = true;
      }
      record(send(res, 200, conflicts), true);
      if (changed) notify(name);
      return;
    }
    if (action === 'stream' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.flushHeaders();
      const stream = { res, sent: seq };
      res.write('data: "RESYNC"\n\n');
      const set = streams.get(name) ?? new Set();
      set.add(stream);
      streams.set(name, set);
      res.on('close', () => set.delete(stream));
      return void record(200, true);
    }
    record(refuse(res, 405, 'sync.notFound', { path: url.pathname }), true);
  }

  const server: Server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    if (options.cors) {
      res.setHeader('access-control-allow-origin', '*');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': 'content-type, x-station-id, x-station-timestamp, x-station-nonce, x-station-signature',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
    }
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { code: 'sync.serverError', message: String(error) });
    });
  });
  server.on('connection', (socket) => {
    if (down) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    results,
    documents: (name) => [...collectionOf(name).values()].map((row) => (row.deleted ? { ...row.data, _deleted: true } : row.data)),
    get: (name, id) => collectionOf(name).get(id)?.data,
    put(name, doc) {
      const { data, deleted } = split(doc);
      write(name, doc.id, data, deleted);
      notify(name);
    },
    writes: (name) => writeCounts.get(name) ?? new Map(),
    holdPushes() {
      let release: () => void = () => undefined;
      gate = new Promise<void>((resolve) => (release = resolve));
      const waiting = new Promise<void>((resolve) => (notifyWaiting = resolve));
      return {
        waiting,
        release() {
          gate = null;
          notifyWaiting = null;
          release();
        },
      };
    },
    setDown(next) {
      down = next;
      if (next) for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
