/**
 * Faults between a station and the district: the server killed in the middle of a push and
 * restarted, killed after committing a push but before answering it, a response lost after the
 * server committed, the network dropped and back. Each fault lands at a known point, never by
 * a race: the server kills itself at a test-only hook (DISTRICT_TEST_KILL_AT, read only by the
 * child server process: server/sync/faults.ts), and the proxy cuts the network exactly when the
 * server starts answering a chosen push. After each, every document is on the server exactly
 * once and the station's pull checkpoint is the server's last sequence number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/types';
import { openDb } from '../../server/db/open';
import { FAULT_ENV, type FaultPoint } from '../../server/sync/faults';
import { HEADER } from '../../server/sync/signing';
import { BACKENDS, pgliteTemplate, startTestServer, type Backend, type TestServer } from './helpers/backends';
import { startChildServer, freePort, type ChildServer } from './helpers/childServer';
import { StationClient, type FetchLike } from './helpers/client';
import { expectExactlyOnce } from './helpers/expectations';
import { ballotDocs, checkinDocs, enrolTestStation, type TestStation } from './helpers/fixtures';
import { startProxy } from './helpers/proxy';
import { openRxStation, type RxStation } from './helpers/rxStation';

async function expectCheckpointsRight(db: Db, rx: RxStation, stationId: string): Promise<void> {
  for (const name of ['ballots', 'checkins'] as const) {
    rx.replications[name].reSync();
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
    // Set by the proxy's callback: typed so that the compiler does not narrow it to null.
    let cut = null as Promise<void> | null;
    let lostIds: string[] = [];
    let lost: unknown = null;
    const failedWhileDown: number[] = [];
    const fetchImpl: FetchLike = async (url, init) => {
      if (!isPush(url)) return fetch(url, init);
      const n = ++pushes;
      // The 4th push reaches the server, which commits it; the network goes down exactly when
      // its answer starts back (the proxy knows it by its nonce), so the station never hears it.
      if (n === 4) {
        lostIds = idsOf(init.body);
        cut = proxy.cutAtAnswerTo(nonceOf(init));
      }
      try {
        return await fetch(url, init);
      } catch (error) {
        if (n === 4) lost = error;
        else if (!proxy.isUp) failedWhileDown.push(n);
        throw error;
      }
    };
    const rx = await openRxStation(new StationClient(proxy.url, station, fetchImpl), { batchSize: 250 });
    try {
      const ballots = ballotDocs(station.election, 3000, 22);
      await rx.db.ballots.bulkInsert(ballots as never[]);
      await until(() => cut !== null);
      await cut;
      await until(() => lost !== null);
      expect(lost).toBeInstanceOf(Error);
      // The server did commit the push whose answer was lost.
      const stored = new Set(await storedIds(t.db, station.stationId, 'ballots'));
      expect(lostIds.length).toBeGreaterThan(0);
      expect(lostIds.filter((id) => !stored.has(id))).toEqual([]);

      // Written while the network is down; the station keeps retrying and failing.
      const checkins = checkinDocs(500);
      await rx.db.checkins.bulkInsert(checkins as never[]);
      await until(() => failedWhileDown.length >= 2);
      expect(proxy.isUp).toBe(false);
      proxy.restore();

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
    // Push 5 of 10: its rows are written, the transaction is not committed when the process dies.
    await killedServer(backend, { stationId: 'killed-server', point: 'push-after-insert', nth: 5, ballots: 10_000, batchSize: 1000, seed: 23 });
  }, 180_000);

  it('the server is killed after committing a push, before answering it, and restarted', async () => {
    await killedServer(backend, { stationId: 'killed-after-commit', point: 'push-after-commit', nth: 3, ballots: 3000, batchSize: 500, seed: 24 });
  }, 180_000);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait for `condition` (the tests' own timeouts bound the wait). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}

/** The X-Station-Nonce of a request (unique: what the proxy recognises it by). */
function nonceOf(init: RequestInit): string {
  const nonce = (init.headers as Record<string, string>)[HEADER.nonce];
  if (!nonce) throw new Error('a signed request without a nonce');
  return nonce;
}

/** The ids of the documents in a push body. */
function idsOf(body: RequestInit['body']): string[] {
  return (JSON.parse(body as string) as { newDocumentState: { id: string } }[]).map((row) => row.newDocumentState.id);
}

async function storedIds(db: Db, stationId: string, collection: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>('SELECT id FROM documents WHERE station_id = $1 AND collection = $2 ORDER BY id', [stationId, collection]);
  return rows.map((row) => row.id).sort();
}

/**
 * The server (a child process on its own database: PGlite is single-process) kills itself with
 * SIGKILL at `point` of its `nth` push (DISTRICT_TEST_KILL_AT); that push fails on the station;
 * the database then holds every push the station saw answered, and the killed push only when
 * it had committed (`push-after-commit`). After a restart the station finishes by itself: every
 * ballot exactly once, no push ever answered with a conflict, the checkpoint at the server's
 * last sequence number.
 */
async function killedServer(
  backend: Backend,
  options: { stationId: string; point: FaultPoint; nth: number; ballots: number; batchSize: number; seed: number },
): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'district-kill-'));
  const database = backend.name === 'PostgreSQL' ? await backend.create() : null;
  let child: ChildServer | null = null;
  let rx: RxStation | null = null;
  let setupDb: Db | null = null;
  try {
    setupDb = database ? await database.open() : await openDbIn(dataDir, true);
    const station: TestStation = await enrolTestStation(setupDb, options.stationId);
    if (!database) {
      await setupDb.close();
      setupDb = null;
    }
    const port = await freePort();
    const start = (env?: Record<string, string>) => startChildServer({ port, ...(database?.url ? { databaseUrl: database.url } : { dataDir }), ...(env ? { env } : {}) });
    child = await start({ [FAULT_ENV]: `${options.point}:${options.nth}` });
    const killedChild = child;

    const pushed = new Map<number, string[]>();
    const outcome = new Map<number, 'answered' | 'failed'>();
    const conflicts: unknown[] = [];
    let pushes = 0;
    const fetchImpl: FetchLike = async (url, init) => {
      if (!isPush(url)) return fetch(url, init);
      const n = ++pushes;
      pushed.set(n, idsOf(init.body));
      try {
        const response = await fetch(url, init);
        outcome.set(n, 'answered');
        const answer = (await response.clone().json()) as unknown;
        conflicts.push(...(Array.isArray(answer) ? answer : [answer]));
        return response;
      } catch (error) {
        outcome.set(n, 'failed');
        throw error;
      }
    };
    rx = await openRxStation(new StationClient(`http://127.0.0.1:${port}`, station, fetchImpl), { batchSize: options.batchSize, retryTime: 200 });
    const ballots = ballotDocs(station.election, options.ballots, options.seed);
    await rx.db.ballots.bulkInsert(ballots as never[]);

    // The server dies by its own hand at the chosen point of its nth push (RxDB sends a
    // station's pushes several at a time; the log names the push by its first document).
    await killedChild.exited;
    expect(killedChild.process.signalCode).toBe('SIGKILL');
    const logged = new RegExp(`killed at ${options.point} #${options.nth} \\(ballots (\\S+), (\\d+) rows\\)`).exec(killedChild.output());
    expect(logged, killedChild.output()).not.toBeNull();
    const killedPush = [...pushed.entries()].find(([, ids]) => ids[0] === logged![1])?.[0];
    expect(killedPush).toBeDefined();
    const killedIds = pushed.get(killedPush!)!;
    expect(killedIds).toHaveLength(Number(logged![2]));
    // … and that push failed on the station.
    await until(() => outcome.has(killedPush!));
    expect(outcome.get(killedPush!)).toBe('failed');

    // While the server is down: every push the station saw answered is there; the killed push
    // is there only when it had committed; nothing that was not pushed.
    const answered = [...outcome.entries()].filter(([, result]) => result === 'answered').flatMap(([n]) => pushed.get(n)!);
    const check = async (db: Db) => {
      const stored = new Set(await storedIds(db, station.stationId, 'ballots'));
      expect(answered.filter((id) => !stored.has(id))).toEqual([]);
      if (options.point === 'push-after-commit') expect(killedIds.filter((id) => !stored.has(id))).toEqual([]);
      else expect(killedIds.filter((id) => stored.has(id))).toEqual([]);
      const sent = new Set([...pushed.values()].flat());
      expect([...stored].filter((id) => !sent.has(id))).toEqual([]);
    };
    if (setupDb) {
      await check(setupDb);
    } else {
      const db = await openDbIn(dataDir, false);
      try {
        await check(db);
      } finally {
        await db.close();
      }
    }

    child = await start();
    await rx.awaitInSync();
    expect(conflicts).toEqual([]);

    if (setupDb) {
      await expectExactlyOnce(setupDb, station.stationId, 'ballots', ballots);
      await expectCheckpointsRight(setupDb, rx, station.stationId);
    } else {
      rx.replications.ballots.reSync();
      await rx.replications.ballots.awaitInSync();
      const checkpoint = rx.checkpoints.ballots;
      await rx.close();
      rx = null;
      await child.kill('SIGTERM');
      child = null;
      const db = await openDbIn(dataDir, false);
      try {
        await expectExactlyOnce(db, station.stationId, 'ballots', ballots);
        const max = await db.query<{ seq: number }>(`SELECT max(seq) AS seq FROM documents WHERE station_id = $1 AND collection = 'ballots'`, [station.stationId]);
        expect(checkpoint).toEqual({ seq: max[0]!.seq });
      } finally {
        await db.close();
      }
    }
  } finally {
    await rx?.close();
    await child?.kill('SIGTERM');
    await setupDb?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** PGlite in a folder (a new one starts from the migrated template). */
async function openDbIn(dataDir: string, fresh: boolean): Promise<Db> {
  return openDb({ dataDir, ...(fresh ? { template: await pgliteTemplate() } : {}) });
}
