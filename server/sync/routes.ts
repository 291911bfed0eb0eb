/** The `/sync/v1/…` endpoints of docs/SYNC.md: every request authenticated as an enrolled station. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { issue } from '../../shared/election/issues';
import type { Db } from '../db/types';
import { errorBody, HttpError, parseCheckedJson, parseJsonText, readBody, sendJson } from '../http/io';
import { acceptResult, REAL_RESULTS_ONLY, type ResultPolicy } from '../results/accept';
import { authenticate, authenticateHeaders } from './auth';
import { isCollection, type CollectionName } from './collections';
import { applyPushRows, pullDocuments, pushNewDocuments, pushRows, readCheckpoint, readPushRows, type DocumentText, type PushHooks, type PushOutcome } from './documents';
import type { FaultHook } from './faults';
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

const ROUTE = /^\/sync\/v1\/(?:([A-Za-z]+)\/(pull|push|stream)|(result))$/;

export async function handleSync(
  db: Db,
  limits: SyncLimits,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  hooks: SyncHooks = {},
  results: ResultPolicy = REAL_RESULTS_ONLY,
): Promise<void> {
  const match = ROUTE.exec(url.pathname);
  if (!match) throw HttpError.of(404, 'sync.notFound', { path: url.pathname });
  const [, collection, action, result] = match;
  const method = req.method ?? 'GET';
  const expected = result !== undefined || action === 'push' ? 'POST' : 'GET';
  if (method !== expected) throw HttpError.of(405, 'sync.notFound', { path: `${method} ${url.pathname}` });
  if (collection !== undefined && !isCollection(collection)) throw HttpError.of(404, 'sync.unknownCollection', { collection });

  // The headers first: a request that names no enrolled station (or is out of the clock window)
  // is refused before a byte of its body is read (the connection is then closed: app.ts).
  const headers = await authenticateHeaders(db, req.headers);
  if (!headers.ok) throw HttpError.of(headers.status, headers.code, headers.params);
  // A push body is read (and hashed) piece by piece as it arrives; whether it is used waits for the signature.
  const reader = action === 'push' ? new PushBodyReader(limits.maxPushRows) : null;
  const hash = bodyHash();
  const body =
    method === 'POST'
      ? await readBody(req, limits.maxBodyBytes, (piece) => {
          hash.update(piece);
          reader?.write(piece);
        })
      : Buffer.alloc(0);
  const auth = await authenticate(db, { method, path: req.url ?? url.pathname, headers: req.headers, body, bodySha256: hash.digest('hex') }, new Date(), headers);
  if (!auth.ok) {
    sendJson(res, auth.status, errorBody([issue(auth.code, [], auth.params)]));
    return;
  }
  const stationId = auth.station.id;

  if (result !== undefined) {
    const outcome = await acceptResult(db, stationId, parseCheckedJson(body, limits.maxBodyBytes), 'sync', results);
    if (!outcome.ok) throw new HttpError(outcome.status, outcome.issues);
    sendJson(res, outcome.created ? 201 : 200, outcome.result);
    return;
  }
  if (collection === undefined || !isCollection(collection)) throw HttpError.of(404, 'sync.notFound', { path: url.pathname });

  if (action === 'pull') {
    const checkpoint = readCheckpoint(url.searchParams.get('checkpoint'));
    if (!checkpoint.ok) throw HttpError.of(400, 'sync.badRequest', { detail: 'checkpoint must be empty or {"seq": n}' });
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null ? 100 : Number(limitText);
    if (!Number.isSafeInteger(limit) || limit < 1) throw HttpError.of(400, 'sync.badRequest', { detail: 'limit must be a whole number ≥ 1' });
    sendJson(res, 200, await pullDocuments(db, stationId, collection, checkpoint.checkpoint, Math.min(limit, limits.maxPullLimit)));
    return;
  }
  if (action === 'push') {
    sendJson(res, 200, (await push(db, stationId, collection, body, reader!.end(), limits, hooks)).conflicts);
    return;
  }
  await openStream(db, stationId, collection, res);
}

/**
 * A push body. Every row new (the usual push): its documents as the reader read them while the
 * body arrived (`scanned`), straight into one COPY. Anything else is parsed and checked; a
 * document already stored sends the rows down the general path.
 */
async function push(db: Db, stationId: string, collection: CollectionName, body: Buffer, scanned: DocumentText[] | null, limits: SyncLimits, hooks: SyncHooks): Promise<PushOutcome> {
  const fault = hooks.fault;
  let detail = `${collection} -, 0 rows`;
  const faultHooks = (first: string | undefined, count: number): PushHooks => {
    if (!fault) return {};
    detail = `${collection} ${first ?? '-'}, ${count} rows`;
    return { beforeCommit: () => fault('push-after-insert', detail) };
  };
  let outcome: PushOutcome | null = scanned?.length === 0 ? { conflicts: [], written: 0 } : null;
  if (scanned !== null && outcome === null) outcome = await pushNewDocuments(db, stationId, collection, scanned, faultHooks(scanned[0]?.id, scanned.length));
  if (outcome === null) {
    const text = body.toString('utf8');
    const rows = readPushRows(parseJsonText(text), limits.maxPushRows, text);
    if (!rows.ok) throw HttpError.of(400, 'sync.badRequest', { detail: rows.detail });
    const pushHooks = faultHooks(rows.rows[0]?.newDocumentState.id, rows.rows.length);
    // Scanned and not all new: the COPY was tried already.
    outcome = await (scanned === null ? pushRows : applyPushRows)(db, stationId, collection, rows.rows, 'push', pushHooks);
  }
  if (fault) await fault('push-after-commit', detail);
  return outcome;
}
