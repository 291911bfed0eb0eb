/** `/api/*` (dashboard JSON and live events), `/admin/bundle` (bundle import from the page) and `/admin/archive` (a sealed election archive). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { importArchive } from '../archive';
import { importBundle } from '../bundle';
import { REAL_RESULTS_ONLY, type ResultPolicy } from '../results/accept';
import type { Db } from '../db/types';
import { errorBody, HttpError, parseCheckedJson, readBody, sendEvent, sendJson, startEvents } from '../http/io';
import { MAX_DEPTH } from '../sync/documents';
import { handlePreElection, PRE_ELECTION_PREFIX } from '../preElection/routes';
import { resultsOverview, stationRecords, stationsOverview, turnoutSeries } from './overview';

const EVENT_THROTTLE_MS = 500;
/** A bundle holds documents as deep as a push may (sync/documents.ts) a few levels down. */
const BUNDLE_MAX_DEPTH = MAX_DEPTH + 8;

export async function handleApi(db: Db, maxBodyBytes: number, req: IncomingMessage, res: ServerResponse, url: URL, results: ResultPolicy = REAL_RESULTS_ONLY): Promise<void> {
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  // Before polling day (issue 17): server/preElection/routes.ts.
  if (url.pathname.startsWith(`${PRE_ELECTION_PREFIX}/`) && (await handlePreElection(db, req, res, url))) return;
  switch (route) {
    case 'GET /api/stations': {
      const silent = url.searchParams.get('silentMinutes');
      const silentMinutes = silent === null ? undefined : Number(silent);
      if (silentMinutes !== undefined && (!Number.isInteger(silentMinutes) || silentMinutes < 1 || silentMinutes > 1440)) throw HttpError.of(400, 'sync.badRequest', { detail: 'silentMinutes must be 1–1440' });
      return sendJson(res, 200, await stationsOverview(db, silentMinutes === undefined ? {} : { silentMinutes }));
    }
    case 'GET /api/records':
      return sendJson(res, 200, await stationRecords(db, url.searchParams));
    case 'GET /api/results':
      return sendJson(res, 200, await resultsOverview(db));
    case 'GET /api/turnout': {
      const minutes = Number(url.searchParams.get('bucketMinutes') ?? 15);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) throw HttpError.of(400, 'sync.badRequest', { detail: 'bucketMinutes must be 1–240' });
      return sendJson(res, 200, await turnoutSeries(db, minutes));
    }
    case 'GET /api/events':
      return openEvents(db, res);
    case 'POST /admin/bundle': {
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw HttpError.of(415, 'sync.badRequest', { detail: 'send the bundle as application/json' });
      const outcome = await importBundle(db, parseCheckedJson(await readBody(req, maxBodyBytes), maxBodyBytes, BUNDLE_MAX_DEPTH), results);
      if (!outcome.ok) return sendJson(res, outcome.status ?? 422, errorBody(outcome.issues));
      return sendJson(res, outcome.value.alreadyImported ? 200 : 201, outcome.value);
    }
    case 'POST /admin/archive': {
      if (!/^application\/zip\b/i.test(req.headers['content-type'] ?? '')) throw HttpError.of(415, 'sync.badRequest', { detail: 'send the archive as application/zip' });
      const outcome = await importArchive(db, new Uint8Array(await readBody(req, maxBodyBytes)), results);
      if (!outcome.ok) return sendJson(res, 'status' in outcome ? outcome.status : 422, errorBody(outcome.issues));
      return sendJson(res, outcome.value.alreadyImported ? 200 : 201, outcome.value);
    }
    default:
      throw HttpError.of(404, 'sync.notFound', { path: route });
  }
}

/** One `data:` event per burst of changes: `{ kinds: [...], stations: [...] }`, or `"RESYNC"`. */
function openEvents(db: Db, res: ServerResponse): void {
  startEvents(res);
  sendEvent(res, 'RESYNC');
  let pending: { kinds: Set<string>; stations: Set<string> } | null = null;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    if (!pending) return;
    sendEvent(res, { kinds: [...pending.kinds], stations: [...pending.stations] });
    pending = null;
  };
  const unsubscribe = db.onChange((change) => {
    if (change === 'resync') return sendEvent(res, 'RESYNC');
    pending ??= { kinds: new Set(), stations: new Set() };
    pending.kinds.add(change.kind);
    pending.stations.add(change.station);
    timer ??= setTimeout(flush, EVENT_THROTTLE_MS);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 20_000);
  res.on('close', () => {
    unsubscribe();
    clearInterval(heartbeat);
    if (timer) clearTimeout(timer);
  });
}
