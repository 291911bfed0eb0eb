/**
 * Faults between a station and the district: the server killed in the middle of a push and
 * restarted, a response lost after the server committed, the network dropped and back. After
 * each, every document is on the server exactly once and the station's pull checkpoint is the
 * server's last sequence number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/types';
import { openDb } from '../../server/db/open';
import { BACKENDS, pgliteTemplate, startTestServer, type Backend, type TestServer } from './helpers/backends';
import { startChildServer, freePort, type ChildServer } from './helpers/childServer';
import { StationClient, type FetchLike } from './helpers/client';
import { expectExactlyOnce } from './helpers/expectations';
import { ballotDocs, checkinDocs, enrolTestStation, type TestStation } from './helpers/fixtures';
import { startProxy } from './helpers/proxy';
import { openRxStation, type RxStation } from './helpers/rxStation';

async function expectCheckpointsRight(db: Db, rx: RxStation, stationId: string): Promise<void> {
  for (const name of ['ballots', 'checkins'] as const) {
    await rx.replications[name].reSync();
    await rx.replications[name].awaitInSync();
    const max = await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM documents WHERE station_id = $1 AND collection = $2', [stationId, name]);
    expect(rx.checkpoints[name]).toEqual(max[0]!.seq === null ? null : { seq: max[0]!.seq });
  }
}

const isPush = (url: string) => url.endsWith('/push');

describe.each(BACKENDS)('faults on $name', (backend: Backend) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  it('a response lost after the server committed: the retried push changes nothing', async () => {
    const station = await enrolTestStation(t.db, 'lost-response');
    let pushes = 0;
    let lost = 0;
    const fetchImpl: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      if (isPush(url) && ++pushes % 3 === 0) {
        await response.arrayBuffer(); // the server has committed and answered …
        lost++;
        throw new TypeError('fetch failed (the answer was lost on the way back)'); // … and the station never hears it
      }
      return response;
    };
    const rx = await openRxStation(new StationClient(t.server.url, station, fetchImpl), { batchSize: 250 });
    try {
      const ballots = ballotDocs(station.election, 3000, 21);
      const checkins = checkinDocs(1000);
      await rx.db.ballots.bulkInsert(ballots as never[]);
      await rx.db.checkins.bulkInsert(checkins as never[]);
      await rx.awaitInSync();
      expect(lost).toBeGreaterThan(3);
      await expectExactlyOnce(t.db, station.stationId, 'ballots', ballots);
      await expectExactlyOnce(t.db, station.stationId, 'checkins', checkins);
      await expectCheckpointsRight(t.db, rx, station.stationId);

      // Pushing the very same rows once more: no conflict, no new sequence number.
      const client = new StationClient(t.server.url, station);
      const before = await t.db.query<{ seq: number }>(`SELECT max(seq) AS seq FROM documents`);
      const again = await client.push('ballots', ballots.slice(0, 100).map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } })));
      expect(again).toEqual([]);
      expect(await t.db.query(`SELECT max(seq) AS seq FROM documents`)).toEqual(before);
    } finally {
      await rx.close();
    }
  }, 120_000);

  it('the network drops and returns: the station catches up by itself', async () => {
    const station = await enrolTestStation(t.db, 'network-drop');
    const proxy = await startProxy(new URL(t.server.url));
    let pushes = 0;
    let restored = false;
    const fetchImpl: FetchLike = async (url, init) => {
      if (isPush(url) && ++pushes === 4) {
        setTimeout(() => proxy.drop(), 2);
        setTimeout(() => {
          proxy.restore();
          restored = true;
        }, 800);
      }
      return fetch(url, init);
    };
    const rx = await openRxStation(new StationClient(proxy.url, station, fetchImpl), { batchSize: 250 });
    try {
      const ballots = ballotDocs(station.election, 3000, 22);
      await rx.db.ballots.bulkInsert(ballots as never[]);
      // Written while the network is down.
      while (pushes < 4) await new Promise((resolve) => setTimeout(resolve, 5));
      const checkins = checkinDocs(500);
      await rx.db.checkins.bulkInsert(checkins as never[]);
      await rx.awaitInSync();
      while (!restored) await new Promise((resolve) => setTimeout(resolve, 20));
      await rx.awaitInSync();
      await expectExactlyOnce(t.db, station.stationId, 'ballots', ballots);
      await expectExactlyOnce(t.db, station.stationId, 'checkins', checkins);
      await expectCheckpointsRight(t.db, rx, station.stationId);
    } finally {
      await rx.close();
      await proxy.close();
    }
  }, 120_000);

  it('the server is killed in the middle of a push and restarted', async () => {
    // The server runs as a child process on its own database (PGlite is single-process).
    const dataDir = mkdtempSync(join(tmpdir(), 'district-kill-'));
    const database = backend.name === 'PostgreSQL' ? await backend.create() : null;
    let child: ChildServer | null = null;
    let rx: RxStation | null = null;
    try {
      const setupDb = database ? await database.open() : await openDbIn(dataDir, true);
      const station: TestStation = await enrolTestStation(setupDb, 'killed-server');
      if (!database) await setupDb.close();
      const port = await freePort();
      const start = () => startChildServer({ port, ...(database?.url ? { databaseUrl: database.url } : { dataDir }) });
      child = await start();

      let pushes = 0;
      let killed: Promise<void> | null = null;
      let failedPush: unknown = null;
      const fetchImpl: FetchLike = async (url, init) => {
        if (isPush(url) && ++pushes === 5 && child) {
          const victim = child;
          killed = new Promise((resolve) => setTimeout(resolve, 3)).then(() => victim.kill('SIGKILL'));
          try {
            return await fetch(url, init);
          } catch (error) {
            failedPush = error;
            throw error;
          }
        }
        return fetch(url, init);
      };
      rx = await openRxStation(new StationClient(`http://127.0.0.1:${port}`, station, fetchImpl), { batchSize: 1000, retryTime: 200 });
      const ballots = ballotDocs(station.election, 10_000, 23);
      await rx.db.ballots.bulkInsert(ballots as never[]);
      while (killed === null) await new Promise((resolve) => setTimeout(resolve, 5));
      await killed;
      // The kill races the 5th push: usually the push fails, sometimes the server answered first.
      // Either way the server died mid-sync, and everything below must hold after the restart.
      void failedPush;
      child = await start();
      await rx.awaitInSync();

      if (database) {
        await expectExactlyOnce(setupDb, station.stationId, 'ballots', ballots);
        await expectCheckpointsRight(setupDb, rx, station.stationId);
        await setupDb.close();
      } else {
        await rx.replications.ballots.reSync();
        await rx.replications.ballots.awaitInSync();
        const checkpoint = rx.checkpoints.ballots;
        await rx.close();
        rx = null;
        await child.kill('SIGTERM');
        child = null;
        const db = await openDbIn(dataDir, false);
        try {
          await expectExactlyOnce(db, station.stationId, 'ballots', ballots);
          const max = await db.query<{ seq: number }>(`SELECT max(seq) AS seq FROM documents WHERE station_id = 'killed-server' AND collection = 'ballots'`);
          expect(checkpoint).toEqual({ seq: max[0]!.seq });
        } finally {
          await db.close();
        }
      }
    } finally {
      await rx?.close();
      await child?.kill('SIGTERM');
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

/** PGlite in a folder (a new one starts from the migrated template). */
async function openDbIn(dataDir: string, fresh: boolean): Promise<Db> {
  return openDb({ dataDir, ...(fresh ? { template: await pgliteTemplate() } : {}) });
}
