/**
 * A city at once (issue 19): `stations` simulated stations, enrolled as the server requires, each
 * pushing `ballots` ballots — one push each, as the station's replication sends them (its push
 * batch is 2,000) — all at the same moment, against `processes` district server processes
 * (`server/cli.ts serve`, the real server) on one fresh PostgreSQL database, each process on its
 * own loopback address (127.0.0.1, 127.0.0.2, …), the stations split between them as a load
 * balancer would (server/README.md "Scaling"). Every station connects from its own loopback
 * address, as real stations do (the server caps connections per address).
 *
 * The stations are enrolled once (signing 2,000 packages is the slow part) into a database each run
 * starts from a copy of (CREATE DATABASE … TEMPLATE). Every push is encoded once and signed right
 * before the clock starts, so the time is the servers' and PostgreSQL's, not the simulated
 * stations'. Afterwards the database is checked: every station holds exactly the ids it pushed,
 * each once. Every database is dropped after its run.
 */
import { createHash } from 'node:crypto';
import { randomToken } from 'rxdb/plugins/utils';
import type { Db } from '../../server/db/types';
import { createPostgresDatabase, type TestDatabase } from '../server/helpers/backends';
import { freePort, startChildServer, type ChildServer } from '../server/helpers/childServer';
import { StationClient } from '../server/helpers/client';
import { ballotDocs, enrolTestStation, type TestStation } from '../server/helpers/fixtures';
import { fetchFrom, stationLoopbackAddress } from '../server/helpers/loopbackFetch';
import { replicationPushRows } from '../server/helpers/replicationRows';
import { busyShare, cpuSeconds, loadAverage, machineCpu, memoryKb, postgresCpu, postgresCpuBetween } from './procStats';

export interface CityOptions {
  readonly stations: number;
  readonly ballots: number;
  /** One run per entry: that many server processes. */
  readonly processes: readonly number[];
  /** Called after each run with its database and the stations, before it is dropped (the correctness test reads it). */
  readonly inspect?: (db: Db, stations: readonly TestStation[]) => Promise<void>;
}

export interface ServerFigures {
  /** Resident memory after start, before the first push (kB). */
  readonly restRssKb: number;
  /** Peak resident memory over the whole life of the process (VmHWM, kB). */
  readonly peakRssKb: number;
  /** CPU seconds the process used while the stations pushed. */
  readonly cpuSeconds: number;
}

export interface CityRun {
  readonly processes: number;
  /** From the first push sent to the last answer received. */
  readonly ms: number;
  /** Failed pushes, pushes answered with conflicts, and stations whose stored ballots differ from what they pushed. */
  readonly errors: number;
  readonly firstError: string | null;
  readonly stored: number;
  readonly servers: readonly ServerFigures[];
  readonly postgresCpuSeconds: number;
  /** The benchmark process itself (the simulated stations' sockets). */
  readonly clientCpuSeconds: number;
  /** Share (0–1) of all the machine's cores busy during the pushes — other work on the machine included. */
  readonly machineBusy: number;
  readonly loadBefore: number;
  readonly loadAfter: number;
  /** Bytes of JSON the stations pushed. */
  readonly bodyBytes: number;
}

export const cityStationId = (index: number): string => `city-${String(index + 1).padStart(5, '0')}`;

/** The ballots station `index` pushes (seeded: the same every time). */
export const cityBallots = (station: TestStation, index: number, count: number) => ballotDocs(station.election, count, 1000 + index);

async function enrolAll(db: Db, count: number): Promise<TestStation[]> {
  const stations: TestStation[] = [];
  for (let at = 0; at < count; at += 50) {
    const ids = Array.from({ length: Math.min(50, count - at) }, (_, k) => cityStationId(at + k));
    stations.push(...(await Promise.all(ids.map((id) => enrolTestStation(db, id)))));
  }
  return stations;
}

/** md5 of the sorted ids, comma-separated (PostgreSQL computes the same over `ORDER BY id COLLATE "C"`). */
const idsDigest = (ids: readonly string[]): string =>
  createHash('md5')
    .update([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(','))
    .digest('hex');

async function storedDigests(db: Db): Promise<Map<string, { n: number; digest: string }>> {
  const rows = await db.query<{ station_id: string; n: number; digest: string }>(
    `SELECT station_id, count(*)::int AS n, md5(string_agg(id, ',' ORDER BY id COLLATE "C")) AS digest
       FROM documents WHERE collection = 'ballots' GROUP BY station_id`,
  );
  return new Map(rows.map((row) => [row.station_id, { n: row.n, digest: row.digest }]));
}

const elapsed = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

interface Station {
  readonly station: TestStation;
  readonly body: Buffer<ArrayBuffer>;
  readonly idsDigest: string;
}

export async function cityAtOnce(options: CityOptions): Promise<CityRun[]> {
  const enrolled = await createPostgresDatabase('city_bench_stations');
  try {
    let since = performance.now();
    const db = await enrolled.open();
    let stations: TestStation[];
    try {
      stations = await enrolAll(db, options.stations);
    } finally {
      await db.close();
    }
    console.error(`city: ${options.stations} stations enrolled in ${elapsed(since)}`);
    since = performance.now();
    const city = stations.map((station, index): Station => {
      const docs = cityBallots(station, index, options.ballots);
      return { station, body: Buffer.from(JSON.stringify(replicationPushRows(docs, randomToken(10))), 'utf8'), idsDigest: idsDigest(docs.map((doc) => doc.id)) };
    });
    console.error(`city: ${options.stations} × ${options.ballots} ballots encoded in ${elapsed(since)}`);
    const runs: CityRun[] = [];
    for (const processes of options.processes) {
      since = performance.now();
      runs.push(await cityRun(enrolled, city, processes, options));
      console.error(`city: run with ${processes} server process(es) done in ${elapsed(since)}`);
    }
    return runs;
  } finally {
    await enrolled.drop();
  }
}

async function cityRun(enrolled: TestDatabase, city: readonly Station[], processes: number, options: CityOptions): Promise<CityRun> {
  const database = await createPostgresDatabase('city_bench', enrolled);
  const db = await database.open();
  const servers: ChildServer[] = [];
  try {
    for (let p = 0; p < processes; p++) {
      servers.push(await startChildServer({ port: await freePort(), host: `127.0.0.${p + 1}`, databaseUrl: database.url }));
    }
    const bodyBytes = city.reduce((sum, { body }) => sum + body.length, 0);
    // Signed now: within the server's clock window whatever the time the encoding took.
    const pushes = city.map(({ station, body }, index) => {
      const server = servers[index % servers.length] as ChildServer;
      const client = new StationClient(server.url, station, fetchFrom(stationLoopbackAddress(index)));
      return { client, request: client.prepareBytes('POST', StationClient.pushPath('ballots'), body) };
    });
    const pids = servers.map((server) => server.process.pid as number);
    const restRss = pids.map((pid) => memoryKb(pid).rss);
    const serverCpuBefore = pids.map(cpuSeconds);
    const postgresBefore = postgresCpu();
    const machineBefore = machineCpu();
    const clientBefore = process.cpuUsage();
    const loadBefore = loadAverage();

    let failures = 0;
    let firstError: string | null = null;
    const start = performance.now();
    await Promise.all(
      pushes.map(async ({ client, request }) => {
        try {
          const answer = await client.send<unknown[]>(request);
          if (answer.body.length > 0) throw new Error(`${answer.body.length} conflicts`);
        } catch (error) {
          failures++;
          firstError ??= `${client.identity.stationId}: ${(error as Error).message}`;
        }
      }),
    );
    const ms = performance.now() - start;

    const client = process.cpuUsage(clientBefore);
    const machineBusy = busyShare(machineBefore, machineCpu());
    const postgresCpuSeconds = postgresCpuBetween(postgresBefore, postgresCpu());
    const figures = pids.map((pid, p) => ({ restRssKb: restRss[p] as number, peakRssKb: memoryKb(pid).peak, cpuSeconds: cpuSeconds(pid) - (serverCpuBefore[p] as number) }));
    const loadAfter = loadAverage();

    const stored = await storedDigests(db);
    let wrong = 0;
    for (const { station, idsDigest: digest } of city) {
      const got = stored.get(station.stationId);
      if (got?.n !== options.ballots || got.digest !== digest) wrong++;
    }
    const pushed = new Set(city.map(({ station }) => station.stationId));
    wrong += [...stored.keys()].filter((stationId) => !pushed.has(stationId)).length;
    if (wrong > 0) firstError ??= `${wrong} stations' stored ballots differ from what they pushed`;
    await options.inspect?.(db, city.map(({ station }) => station));
    return {
      processes,
      ms,
      errors: failures + wrong,
      firstError,
      stored: [...stored.values()].reduce((sum, got) => sum + got.n, 0),
      servers: figures,
      postgresCpuSeconds,
      clientCpuSeconds: (client.user + client.system) / 1e6,
      machineBusy,
      loadBefore,
      loadAfter,
      bodyBytes,
    };
  } finally {
    await Promise.all(servers.map((server) => server.kill('SIGTERM')));
    await db.close();
    await database.drop();
  }
}
