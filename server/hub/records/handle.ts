/**
 * The hub's record endpoints (issue 16), called by the hub's server (server/hub/) once a desk is
 * authenticated, and by the lead's own windows in-process:
 *
 * - `GET /hub/v1/{collection}/pull?checkpoint=…&limit=…`, `POST /hub/v1/{collection}/push`: the
 *   district's replication (docs/SYNC.md, server/sync/documents.ts) under the station's id, with
 *   the hub's rules across desks (push.ts) and who may push what: the polling-day state
 *   (`machine`, `setup`, `reconciliation`) only the lead; a count desk no check-in records, a
 *   check-in desk no count records.
 * - `GET /hub/v1/heads`: each collection's highest sequence number (heads.ts): what changed.
 * - `POST /hub/v1/checkin`: a check-in committed at the hub first (claim.ts).
 * - `POST /hub/v1/count-table`: a count table and entry taken by one desk (countTables.ts).
 * - `GET /hub/v1/anomalies`, `POST /hub/v1/anomalies/{id}/resolve`: the lead's 异常 (anomalies.ts).
 */
import type { AnomalyResolutionRequest } from '../../../shared/hub/bridgeTypes';
import { DEFAULT_RULES } from '../../../shared/election/profile';
import { HUB_PATH, type DeskRole } from '../../../shared/hub/protocol';
import type { Db } from '../../db/types';
import { errorBody, HttpError, parseCheckedJson, parseJsonText } from '../../http/io';
import { isCollection, type CollectionName } from '../../sync/collections';
import { pullDocuments, readPushRows } from '../../sync/documents';
import { DEFAULT_LIMITS, readPullQuery } from '../../sync/routes';
import { listAnomalies, resolveAnomaly } from './anomalies';
import { claimCheckin } from './claim';
import { claimCountTable } from './countTables';
import { collectionHeads } from './heads';
import { pushAtHub, type HubRules } from './push';

export interface HubRecordsContext {
  readonly stationId: string;
  readonly desk: { readonly id: string; readonly name: string; readonly role: DeskRole };
  readonly now: Date;
}

export interface HubRecordsRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, e.g. `/hub/v1/checkins/pull?checkpoint=…&limit=100`. */
  readonly path: string;
  readonly body: string;
}

export interface HubRecordsAnswer {
  readonly status: number;
  /** JSON text; errors as the shared error body (server/http/io.ts errorBody). */
  readonly body: string;
}

export interface HubRecordsOptions {
  /** The election's rules across desks (its profile's proxies per holder); the national default without. */
  readonly rules?: HubRules;
}

/** Only the lead changes the polling-day state. */
const LEAD_ONLY: ReadonlySet<CollectionName> = new Set<CollectionName>(['machine', 'setup', 'reconciliation']);
/** What a check-in desk records (a count desk does not). */
const CHECKIN_RECORDS: ReadonlySet<CollectionName> = new Set<CollectionName>(['checkins', 'proxies', 'trips', 'spoiled']);
/** What a count desk records (a check-in desk does not). */
const COUNT_RECORDS: ReadonlySet<CollectionName> = new Set<CollectionName>(['ballots', 'countRecords']);

const ROUTE = new RegExp(`^${HUB_PATH}/(?:([A-Za-z]+)/(pull|push)|(checkin)|(count-table)|(anomalies)(?:/([^/]+)/(resolve))?|(heads))$`);

const DEFAULT_HUB_RULES: HubRules = { maxProxiesPerHolder: DEFAULT_RULES.maxProxiesPerHolder };

const json = (status: number, value: unknown): HubRecordsAnswer => ({ status, body: JSON.stringify(value) });

export async function handleHubRecords(db: Db, ctx: HubRecordsContext, request: HubRecordsRequest, options: HubRecordsOptions = {}): Promise<HubRecordsAnswer> {
  try {
    return await route(db, ctx, request, options.rules ?? DEFAULT_HUB_RULES);
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, errorBody(error.issues));
    throw error;
  }
}

/** Why this desk may not push `collection`, or null. */
export function pushRefusal(role: DeskRole, collection: CollectionName): HttpError | null {
  if (role === 'lead') return null;
  if (LEAD_ONLY.has(collection)) return HttpError.of(403, 'hub.leadOnly', { collection, role });
  if (role === 'count' && CHECKIN_RECORDS.has(collection)) return HttpError.of(403, 'hub.countDeskNoCheckins', { collection });
  if (role === 'checkin' && COUNT_RECORDS.has(collection)) return HttpError.of(403, 'hub.checkinDeskNoBallots', { collection });
  return null;
}

async function route(db: Db, ctx: HubRecordsContext, request: HubRecordsRequest, rules: HubRules): Promise<HubRecordsAnswer> {
  const url = new URL(request.path, 'https://hub.invalid');
  const match = ROUTE.exec(url.pathname);
  if (!match) throw HttpError.of(404, 'sync.notFound', { path: url.pathname });
  const [, collection, action, checkin, countTable, anomalies, anomalyId, resolve, heads] = match;
  const expected = action === 'pull' || heads !== undefined || (anomalies !== undefined && resolve === undefined) ? 'GET' : 'POST';
  if (request.method !== expected) throw HttpError.of(405, 'sync.notFound', { path: `${request.method} ${url.pathname}` });

  if (anomalies !== undefined) {
    if (ctx.desk.role !== 'lead') throw HttpError.of(403, 'hub.leadOnly', { collection: 'anomalies', role: ctx.desk.role });
    if (resolve === undefined) return json(200, await listAnomalies(db));
    const given = readResolution(parseBody(request.body));
    return json(200, await resolveAnomaly(db, decodeURIComponent(anomalyId!), given, ctx.now));
  }
  if (heads !== undefined) return json(200, await collectionHeads(db, ctx.stationId));
  if (countTable !== undefined) return json(200, await claimCountTable(db, ctx.stationId, ctx.desk, parseBody(request.body), ctx.now));
  if (checkin !== undefined) {
    if (ctx.desk.role === 'count') throw HttpError.of(403, 'hub.countDeskNoCheckins', { collection: 'checkins' });
    await claimCheckin(db, ctx.stationId, parseBody(request.body), rules);
    return json(200, { ok: true });
  }
  if (collection === undefined || !isCollection(collection)) throw HttpError.of(404, 'sync.unknownCollection', { collection: collection ?? '' });
  if (action === 'pull') {
    const query = readPullQuery(url.searchParams, DEFAULT_LIMITS.maxPullLimit);
    return json(200, await pullDocuments(db, ctx.stationId, collection, query.checkpoint, query.limit));
  }
  const refusal = pushRefusal(ctx.desk.role, collection);
  if (refusal) throw refusal;
  const read = readPushRows(parseJsonText(request.body), DEFAULT_LIMITS.maxPushRows, request.body);
  if (!read.ok) throw HttpError.of(400, 'sync.badRequest', { detail: read.detail });
  return json(200, await pushAtHub(db, ctx.stationId, collection, read.rows, rules, ctx.now));
}

/** A JSON body checked before it is parsed (size, nesting). */
const parseBody = (body: string): unknown => parseCheckedJson(Buffer.from(body, 'utf8'), DEFAULT_LIMITS.maxBodyBytes);

function readResolution(body: unknown): AnomalyResolutionRequest {
  const o = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (key: string) => (typeof o[key] === 'string' ? (o[key]) : '');
  if (o['standing'] !== null && typeof o['standing'] !== 'string') throw HttpError.of(400, 'sync.badRequest', { detail: 'standing must be a record key or null' });
  return { standing: o['standing'], reason: text('reason'), clerk: text('clerk'), desk: text('desk') };
}
