/**
 * `GET /sync/v1/{collection}/stream`: Server-Sent Events of new server writes of one station's
 * collection — `{ documents, checkpoint }` — and `"RESYNC"` on connect and whenever changes may
 * have been missed. Fed by the database's change feed (NOTIFY on PostgreSQL, in-process on PGlite).
 */
import type { ServerResponse } from 'node:http';
import type { Db } from '../db/types';
import { sendEvent, startEvents } from '../http/io';
import type { CollectionName } from './collections';
import { latestSeq, pullDocuments } from './documents';

const BATCH = 500;
const HEARTBEAT_MS = 20_000;

export async function openStream(db: Db, stationId: string, collection: CollectionName, res: ServerResponse): Promise<void> {
  let sent = await latestSeq(db, stationId, collection);
  let running = false;
  let again = false;
  let closed = false;

  const drain = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        for (;;) {
          if (closed) return;
          const page = await pullDocuments(db, stationId, collection, { seq: sent }, BATCH);
          if (page.documents.length === 0 || page.checkpoint === null) break;
          sent = page.checkpoint.seq;
          sendEvent(res, page);
          if (page.documents.length < BATCH) break;
        }
      } while (again);
    } catch {
      if (!closed) sendEvent(res, 'RESYNC');
    } finally {
      running = false;
    }
  };

  startEvents(res);
  sendEvent(res, 'RESYNC');
  const unsubscribe = db.onChange((change) => {
    if (change === 'resync') {
      sendEvent(res, 'RESYNC');
      return;
    }
    if (change.kind === 'documents' && change.station === stationId && change.collection === collection && change.seq > sent) void drain();
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  res.on('close', () => {
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
  });
}
