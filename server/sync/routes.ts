/** The `/sync/v1/…` endpoints of docs/SYNC.md: every request authenticated as an enrolled station. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { issue } from '../../shared/election/issues';
import type { Db } from '../db/types';
import { errorBody, HttpError, parseCheckedJson, parseJsonText, readBody, sendJson } from '../http/io';
import { acceptResult, REAL_RESULTS_ONLY, type ResultPolicy } from '../results/accept';
import { authenticate, authenticateHeaders, type HeaderOutcome } from './auth';
import { isCollection, type CollectionName } from './collections';
import { pullDocuments, pushDocuments, pushRows, readCheckpoint, readPushRows, type Checkpoint, type DocumentText, type PushHooks, type PushOutcome, type PushRow } from './documents';
import type { FaultHook } from './faults';
import { PushOrder, type PushTurn } from './pushOrder';
import { PushBodyReader } from './pushText';
import { bodyHash } from './signing';
import { openStream } from './stream';

export interface SyncLimits {
  readonly maxBodyBytes: number;
  readonly maxPushRows: number;
  readonly maxPullLimit: number;
}

/** Test-only: where a fault plan may stop the server (server/sync/faults.ts); none in production. */
export interface SyncHooks {
  readonly fault?: FaultHook;
}

export const DEFAULT_LIMITS: SyncLimits = { maxBodyBytes: 32 * 1024 * 1024, maxPushRows: 10_000, maxPullLimit: 2000 };

/** This process's order of the pushes pipelined on each connection. */
const PUSH_ORDER = new PushOrder();

const ROUTE = /^\/sync\/v1\/(?:([A-Za-z]+)\/(pull|push|stream)|(result))$/;

/**
 * Waits for room to read a request's body (server/http/admission.ts); the answer is called once
 * the request is done with it. Asked only after the headers name an enrolled station, so a
 * stranger never waits in the stations' queue or holds a part of the budget.
 */
export type AdmitBody = (req: IncomingMessage) => Promise<() => void>;
const NO_BUDGET: AdmitBody = () => Promise.resolve(() => undefined);

/** One sync request as routed: what every step of it needs, read once. */
interface SyncCall {
  readonly db: Db;
  readonly limits: SyncLimits;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly hooks: SyncHooks;
  readonly results: ResultPolicy;
  readonly method: string;
  /** A collection's name as the path gives it (checked by isCollection); undefined for `result`. */
  readonly collection: string | undefined;
  readonly action: 'pull' | 'push' | 'stream' | undefined;
  /** The path is `/sync/v1/result`. */
  readonly isResult: boolean;
}

export async function handleSync(
  db: Db,
  limits: SyncLimits,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  hooks: SyncHooks = {},
  results: ResultPolicy = REAL_RESULTS_ONLY,
  admitBody: AdmitBody = NO_BUDGET,
): Promise<void> {
  const match = ROUTE.exec(url.pathname);
  if (!match) throw HttpError.of(404, 'sync.notFound', { path: url.pathname });
  const [, collection, action, result] = match;
  const method = req.method ?? 'GET';
  const expected = result !== undefined || action === 'push' ? 'POST' : 'GET';
  if (method !== expected) throw HttpError.of(405, 'sync.notFound', { path: `${method} ${url.pathname}` });
  if (collection !== undefined && !isCollection(collection)) throw HttpError.of(404, 'sync.unknownCollection', { collection });
  const call: SyncCall = { db, limits, req, res, url, hooks, results, method, collection, action: action as SyncCall['action'], isResult: result !== undefined };

  // A push takes its turn among the pushes of its connection as it arrives (pushOrder.ts).
  const turn = action === 'push' && collection !== undefined ? PUSH_ORDER.take(req.socket, collection) : null;
  try {
    await receive(call, turn, admitBody);
  } finally {
    turn?.release();
  }
}

/** A sync request's headers, then its body (a push's read as it arrives), then the answer. */
async function receive(call: SyncCall, turn: PushTurn | null, admitBody: AdmitBody): Promise<void> {
  const { db, limits, req, method } = call;
  // The headers first: a request that names no enrolled station (or is out of the clock window)
  // is refused before a byte of its body is read (the connection is then closed: app.ts).
  const headers = await authenticateHeaders(db, req.headers);
  if (!headers.ok) throw HttpError.of(headers.status, headers.code, headers.params);
  const release = method === 'POST' ? await admitBody(req) : () => undefined;
  try {
    // A push body is read (and hashed) piece by piece as it arrives; whether it is used waits for the signature.
    const reader = call.action === 'push' ? new PushBodyReader(limits.maxPushRows) : null;
    const hash = bodyHash();
    const body =
      method === 'POST'
        ? await readBody(req, limits.maxBodyBytes, (piece) => {
            hash.update(piece);
            reader?.write(piece);
          })
        : Buffer.alloc(0);
    await answer(call, { headers, body, bodySha256: hash.digest('hex'), scanned: reader?.end() ?? null, turn });
  } finally {
    release();
  }
}

/** A sync request whose headers name a station and whose body has arrived: authenticated, then answered. */
async function answer(
  call: SyncCall,
  request: { headers: HeaderOutcome; body: Buffer; bodySha256: string; scanned: DocumentText[] | null; turn: PushTurn | null },
): Promise<void> {
  const { db, limits, req, res, url, hooks, results, method, collection, action } = call;
  const { body, headers } = request;
  const auth = await authenticate(db, { method, path: req.url ?? url.pathname, headers: req.headers, body, bodySha256: request.bodySha256 }, new Date(), headers);
  if (!auth.ok) {
    sendJson(res, auth.status, errorBody([issue(auth.code, [], auth.params)]));
    return;
  }
  const stationId = auth.station.id;

  if (call.isResult) {
    const outcome = await acceptResult(db, stationId, parseCheckedJson(body, limits.maxBodyBytes), 'sync', results);
    if (!outcome.ok) throw new HttpError(outcome.status, outcome.issues);
    sendJson(res, outcome.created ? 201 : 200, outcome.result);
    return;
  }
  if (collection === undefined || !isCollection(collection)) throw HttpError.of(404, 'sync.notFound', { path: url.pathname });

  if (action === 'pull') {
    const query = readPullQuery(url.searchParams, limits.maxPullLimit);
    sendJson(res, 200, await pullDocuments(db, stationId, collection, query.checkpoint, query.limit));
    return;
  }
  if (action === 'push') {
    sendJson(res, 200, (await push(db, stationId, collection, body, request.scanned, request.turn!, limits, hooks)).conflicts);
    return;
  }
  await openStream(db, stationId, collection, res);
}

/** A pull's `?checkpoint=…&limit=…` (limit 100 when absent, at most `maxPullLimit`); a 400 when either is not one. */
export function readPullQuery(params: URLSearchParams, maxPullLimit: number): { checkpoint: Checkpoint | null; limit: number } {
  const checkpoint = readCheckpoint(params.get('checkpoint'));
  if (!checkpoint.ok) throw HttpError.of(400, 'sync.badRequest', { detail: 'checkpoint must be empty or {"seq": n}' });
  const limitText = params.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isSafeInteger(limit) || limit < 1) throw HttpError.of(400, 'sync.badRequest', { detail: 'limit must be a whole number ≥ 1' });
  return { checkpoint: checkpoint.checkpoint, limit: Math.min(limit, maxPullLimit) };
}

/**
 * A push body, in its turn among the station's pushes (pushOrder.ts). Every row new (the usual
 * push): its documents as the reader read them while the body arrived (`scanned`), straight
 * into one COPY. Anything else is parsed and checked; a document already stored sends the rows
 * down the general path (in the same transaction).
 */
async function push(
  db: Db,
  stationId: string,
  collection: CollectionName,
  body: Buffer,
  scanned: DocumentText[] | null,
  turn: PushTurn,
  limits: SyncLimits,
  hooks: SyncHooks,
): Promise<PushOutcome> {
  let rows: readonly PushRow[] | null = null;
  const parsed = (): readonly PushRow[] => {
    if (rows !== null) return rows;
    const text = body.toString('utf8');
    const read = readPushRows(parseJsonText(text), limits.maxPushRows, text);
    if (!read.ok) throw HttpError.of(400, 'sync.badRequest', { detail: read.detail });
    rows = read.rows;
    return rows;
  };
  const count = scanned?.length ?? parsed().length;
  const first = scanned === null ? parsed()[0]?.newDocumentState.id : scanned[0]?.id;
  const detail = `${collection} ${first ?? '-'}, ${count} rows`;
  const fault = hooks.fault;
  let outcome: PushOutcome = { conflicts: [], written: 0 };
  if (count > 0) {
    const pushHooks: PushHooks = { written: turn.release, ...(fault ? { beforeCommit: () => fault('push-after-insert', detail) } : {}) };
    await turn.ready;
    outcome = await (scanned === null ? pushRows(db, stationId, collection, parsed(), 'push', pushHooks) : pushDocuments(db, stationId, collection, scanned, parsed, 'push', pushHooks));
  }
  if (fault) await fault('push-after-commit', detail);
  return outcome;
}
