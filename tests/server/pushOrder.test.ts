/**
 * Pushes sent before the answer to the one before (HTTP/1.1 pipelining on one connection): the
 * server works on several at once, yet stores them in the order sent (server/sync/pushOrder.ts)
 * and a resend changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushOrder } from '../../server/sync/pushOrder';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { ballotDocs, enrolTestStation } from './helpers/fixtures';
import { pushPipelined } from './helpers/pipelinedPushes';

const newRow = (doc: object, assumed: object | null = null) => ({ assumedMasterState: assumed === null ? null : { ...assumed, _deleted: false }, newDocumentState: { ...doc, _deleted: false } });

describe('the order of one station’s pushes', () => {
  it('lets a push ask for the lock only once the one sent before it on its connection holds it or is over, per collection', async () => {
    const order = new PushOrder();
    const connection = {};
    const seen: string[] = [];
    const first = order.take(connection, 'ballots');
    const second = order.take(connection, 'ballots');
    const third = order.take(connection, 'ballots');
    const otherConnection = order.take({}, 'ballots');
    const otherCollection = order.take(connection, 'audit');
    void second.ready.then(() => seen.push('second'));
    void third.ready.then(() => seen.push('third'));
    await otherConnection.ready;
    await otherCollection.ready;
    await first.ready;
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([]);
    first.release();
    first.release();
    await second.ready;
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['second']);
    second.release();
    await third.ready;
    expect(seen).toEqual(['second', 'third']);
  });

  it('keeps a push behind every push sent before it, even when one in between is refused at once', async () => {
    const order = new PushOrder();
    const connection = {};
    const first = order.take(connection, 'ballots');
    const refused = order.take(connection, 'ballots');
    const third = order.take(connection, 'ballots');
    let thirdReady = false;
    void third.ready.then(() => (thirdReady = true));
    // The push in between fails its headers and lets go before the first has its rows in.
    refused.release();
    await first.ready;
    await new Promise((resolve) => setImmediate(resolve));
    expect(thirdReady).toBe(false);
    first.release();
    await third.ready;
    expect(thirdReady).toBe(true);
  });
});

describe.each(BACKENDS)('pipelined pushes on $name', (backend) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  it('stores pushes sent all at once in the order sent; sent again, nothing changes', async () => {
    const station = await enrolTestStation(t.db, 'pipelined-order');
    const docs = ballotDocs(station.election, 600, 17);
    const batches = Array.from({ length: 12 }, (_, i) => docs.slice(i * 50, (i + 1) * 50).map((doc) => newRow(doc)));
    expect(await pushPipelined(t.server.url, station, 'ballots', batches, 12)).toEqual(batches.map(() => []));
    const stored = await t.db.query<{ id: string; seq: number }>(`SELECT id, seq FROM documents WHERE station_id = $1 ORDER BY seq`, [station.stationId]);
    expect(stored.map((row) => row.id)).toEqual(docs.map((doc) => doc.id));

    expect(await pushPipelined(t.server.url, station, 'ballots', batches, 12)).toEqual(batches.map(() => []));
    expect(await t.db.query<{ id: string; seq: number }>(`SELECT id, seq FROM documents WHERE station_id = $1 ORDER BY seq`, [station.stationId])).toEqual(stored);
  });

  it('applies a change pipelined right behind the push that creates its document after that push, even when the first is long', async () => {
    const station = await enrolTestStation(t.db, 'pipelined-change');
    const filler = Array.from({ length: 3000 }, (_, i) => ({ id: `trip-${i}`, status: 'out', note: '巡回投票箱'.repeat(8) }));
    const v1 = { id: 'trip-x', status: 'out' };
    const v2 = { id: 'trip-x', status: 'back' };
    const v3 = { id: 'trip-x', status: 'sealed' };
    const batches = [[...filler.map((doc) => newRow(doc)), newRow(v1)], [newRow(v2, v1)], [newRow(v3, v2)]];
    expect(await pushPipelined(t.server.url, station, 'trips', batches, 3)).toEqual([[], [], []]);
    const stored = await t.db.query<{ data: unknown }>(`SELECT data FROM documents WHERE station_id = $1 AND id = 'trip-x'`, [station.stationId]);
    expect(stored).toEqual([{ data: v3 }]);
    // The first push again, its answer lost: the stored (newer) state is its conflict, nothing changes.
    expect(await pushPipelined(t.server.url, station, 'trips', [batches[0]!], 1)).toEqual([[{ ...v3, _deleted: false }]]);
  });
});
