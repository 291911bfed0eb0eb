/**
 * A station (RxDB in Node, memory storage, the station's real schemas) replicates 10,000
 * ballots and 3,000 check-ins to the district server; the server holds each exactly once and
 * the station's pull checkpoint ends at the server's last sequence number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient } from './helpers/client';
import { ballotDocs, boxesDoc, boxesRecord, checkinDocs, enrolTestStation, type TestStation } from './helpers/fixtures';
import { expectExactlyOnce } from './helpers/expectations';
import { openRxStation } from './helpers/rxStation';
import { scanNewDocuments } from '../../server/sync/pushText';

describe.each(BACKENDS)('station sync on $name', (backend) => {
  let t: TestServer;
  let station: TestStation;

  beforeAll(async () => {
    t = await startTestServer(backend);
    station = await enrolTestStation(t.db, 'hq-sync-01');
  }, 60_000);
  afterAll(async () => t?.close());

  it('replicates 10,000 ballots and 3,000 check-ins exactly once', async () => {
    const pushBodies: Buffer[] = [];
    const client = new StationClient(t.server.url, station, (url, init) => {
      if (url.includes('/push')) pushBodies.push(Buffer.from(init.body as Uint8Array));
      return fetch(url, init);
    });
    const rx = await openRxStation(client, { batchSize: 200 });
    try {
      const ballots = ballotDocs(station.election, 10_000, 11);
      const checkins = checkinDocs(3_000);
      await rx.db.checkins.bulkInsert(checkins as never[]);
      await rx.db.ballots.bulkInsert(ballots as never[]);
      await rx.db.countRecords.insert(boxesDoc(boxesRecord(10_000, 12_000)) as never);
      await rx.awaitInSync();

      await expectExactlyOnce(t.db, station.stationId, 'ballots', ballots);
      await expectExactlyOnce(t.db, station.stationId, 'checkins', checkins);
      // RxDB's pushes of new documents are what the server reads from the bytes (no parse).
      expect(pushBodies.length).toBeGreaterThanOrEqual(66);
      expect(pushBodies.filter((body) => scanNewDocuments(body, 10_000) === null).map((body) => body.toString('utf8', 0, 300))).toEqual([]);
      for (const name of ['ballots', 'checkins'] as const) {
        rx.replications[name].reSync();
        await rx.replications[name].awaitInSync();
        const max = await t.db.query<{ seq: number }>(`SELECT max(seq) AS seq FROM documents WHERE station_id = $1 AND collection = $2`, [station.stationId, name]);
        expect(rx.checkpoints[name]).toEqual({ seq: max[0]!.seq });
      }

      // A document written on the station after the first sync arrives too (live replication).
      await rx.db.checkins.insert({ ...checkinDocs(3_001)[3_000], id: '1:late-voter', voterId: 'late-voter' } as never);
      await rx.awaitInSync();
      const late = await t.db.query(`SELECT 1 FROM documents WHERE station_id = $1 AND collection = 'checkins' AND id = '1:late-voter'`, [station.stationId]);
      expect(late).toHaveLength(1);
    } finally {
      await rx.close();
    }
  }, 180_000);

  it('streams another desk\'s writes to a second replica of the same station', async () => {
    const writer = await openRxStation(new StationClient(t.server.url, station));
    const reader = await openRxStation(new StationClient(t.server.url, station));
    try {
      await reader.awaitInSync();
      const before = await reader.db.checkins.count().exec();
      await writer.db.checkins.insert({ ...checkinDocs(1)[0], id: '1:streamed', voterId: 'streamed' } as never);
      await writer.awaitInSync();
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !(await reader.db.checkins.findOne('1:streamed').exec())) await new Promise((r) => setTimeout(r, 50));
      expect(await reader.db.checkins.findOne('1:streamed').exec()).not.toBeNull();
      expect(await reader.db.checkins.count().exec()).toBe(before + 1);
    } finally {
      await writer.close();
      await reader.close();
    }
  }, 120_000);
});
