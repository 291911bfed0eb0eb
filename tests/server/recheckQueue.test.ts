/**
 * The recheck queue's `idle()` recounts every result pending when it is called, without waiting
 * for a change notification: on PostgreSQL the notification (LISTEN/NOTIFY) can arrive after a
 * push has answered, and a caller that reads the results right after `idle()` — the dashboard
 * anomaly tests, a shutdown — must not see `pending` where a recount is due. Here no notification
 * ever arrives (a Db whose `onChange` never fires); `idle()` alone brings the result back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/types';
import { startRecheckQueue } from '../../server/results/recheck';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient } from './helpers/client';
import { ballotDocs, boxesDoc, boxesRecord, enrolTestStation, signedResultFor } from './helpers/fixtures';

/** The same database, deaf to change notifications. */
const deaf = (db: Db): Db => new Proxy(db, { get: (target, key) => (key === 'onChange' ? () => () => undefined : Reflect.get(target, key, target)) });

describe.each(BACKENDS)('the recheck queue on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  it('recounts a pending result in idle() even when no notification arrives', async () => {
    const station = await enrolTestStation(t.db, 'recheck-01');
    const client = new StationClient(t.server.url, station);
    const ballots = ballotDocs(station.election, 40, 3);
    const boxes = boxesRecord(40, 100);
    await client.pushNew('ballots', ballots);
    await client.pushNew('countRecords', [boxesDoc(boxes)]);
    expect((await client.postResult(signedResultFor(station, ballots, boxes))).body.status).toBe('verified');
    await t.server.recheckIdle();

    // A write whose notification was lost: the result is pending and nobody is told.
    await t.db.query(`UPDATE results SET status = 'pending' WHERE station_id = 'recheck-01'`);
    const queue = startRecheckQueue(deaf(t.db));
    try {
      await queue.idle();
      const rows = await t.db.query<{ status: string }>(`SELECT status FROM results WHERE station_id = 'recheck-01'`);
      expect(rows.map((row) => row.status)).toEqual(['verified']);
    } finally {
      queue.stop();
      await queue.idle();
    }
  });
});
