/**
 * District server benchmarks (issue 6), on a real PostgreSQL (a fresh database, dropped after)
 * over loopback HTTP:
 *  - ingest of 10,000 ballots from one station through signed pushes of 2,000 — the station's
 *    push batch size (renderer/db/replication/startStationSync.ts) —, two in flight on one
 *    connection (goal ≤ 5 s), against the same rows loaded by raw COPY into the same table
 *    (copy/ingest ratio, goal ≥ 0.8 — issue 19; 0.54 one push at a time before), with the
 *    machine's load average beside it. Each is
 *    run RUNS times, alternating (each run its own station, so the same rows go in again), and
 *    the medians are reported: the build machines are shared and one run is noisy;
 *  - for comparison, the same ingest in pushes of 500 rows (the station's push batch before);
 *  - 200 stations pushing 500 ballots each at the same time (errors, goal 0; total time).
 * On PostgreSQL the server is the real `serve` in its own process (tests/server/helpers/childServer.ts)
 * and the simulated station — its body encoding and signing, inside the timed part — runs in this
 * one: a station is another machine, and its CPU is not the server's. Without a reachable
 * PostgreSQL the ingest runs on PGlite in this process and the COPY rows are NaN. The CPU rows say
 * what each of the three spent and how short the ingest could be on this machine's cores.
 * `DISTRICT_BENCH=ingest` runs only the ingest and COPY rows.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { startDistrictServer } from '../../server/app';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/types';
import { csvLine } from '../../server/package/csv';
import { enrolStation } from '../../server/stations';
import { freePort, startChildServer } from '../server/helpers/childServer';
import { fetchFrom, stationLoopbackAddress } from '../server/helpers/loopbackFetch';
import { StationClient } from '../server/helpers/client';
import { ballotDocs, stationPackage } from '../server/helpers/fixtures';
import { pushPipelined } from '../server/helpers/pipelinedPushes';
import { median, printTable, type BenchRow } from './measure';
import { cpuSeconds, postgresCpu, postgresCpuBetween } from './procStats';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
/** The station's push batch size (startStationSync's default `pushBatchSize`). */
const BATCH = 2000;
const SMALL_BATCH = 500;
const RUNS = 5;
/** Pushes in flight at once on the station's connection. */
const PIPELINE = Number(process.env.DISTRICT_PIPELINE ?? 2);

/** measure.ts knows only milliseconds; a ratio and an error count print with their own unit. */
const row = (name: string, value: number, unit: BenchRow['unit'], goal: string, baseline?: string): BenchRow => ({ name, value, unit, goal, ...(baseline === undefined ? {} : { baseline }) });

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database (its URL and how to drop it), or null when PostgreSQL is unreachable. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const name = `district_bench_${randomBytes(5).toString('hex')}`;
  try {
    await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  } catch {
    return null;
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

async function enrol(db: Db, stationId: string): Promise<StationClient['identity'] & { election: ReturnType<typeof stationPackage>['election'] }> {
  const keys = generateKeyPair();
  const pkg = stationPackage(stationId);
  const enrolled = await enrolStation(db, { stationId, publicKey: keys.publicKey, package: pkg });
  if (!enrolled.ok) throw new Error('enrol failed');
  return { stationId, secretKey: keys.secretKey, election: pkg.election };
}

/**
 * One station's 10,000 ballots in signed pushes of `batch` rows, each encoded and signed when it
 * is sent: `pipeline` pushes in flight on one connection (the next sent before the answer to the
 * one before: tests/server/helpers/pipelinedPushes.ts), or one at a time (`pipeline` 1, as the
 * station's RxDB replication pushes).
 */
/** The server under test: where it listens and how to stop it. */
interface Target {
  readonly url: string;
  /** The server's own process (null: this one). */
  readonly pid: number | null;
  close(): Promise<void>;
}

/** CPU milliseconds used during one timed part: by the server's process, by PostgreSQL, by this process (the station). */
interface CpuSpent {
  readonly server: number;
  readonly postgres: number;
  readonly station: number;
}

/** Starts counting CPU; the answer reads what was used since. */
function countCpu(serverPid: number | null): () => CpuSpent {
  const server = serverPid === null ? Number.NaN : cpuSeconds(serverPid);
  const postgres = postgresCpu();
  const own = process.cpuUsage();
  return () => {
    const ownNow = process.cpuUsage(own);
    return {
      server: serverPid === null ? Number.NaN : (cpuSeconds(serverPid) - server) * 1000,
      postgres: postgresCpuBetween(postgres, postgresCpu()) * 1000,
      station: (ownNow.user + ownNow.system) / 1000,
    };
  };
}

/** On PostgreSQL the real `serve` as a child process on the same database; on PGlite (one process holds it) the server in this process. */
async function startTarget(db: Db, databaseUrl: string | null): Promise<Target> {
  if (databaseUrl === null) {
    const server = await startDistrictServer({ port: 0, db });
    return { url: server.url, pid: null, close: () => server.close() };
  }
  const child = await startChildServer({ port: await freePort(), databaseUrl });
  return { url: child.url, pid: child.process.pid ?? null, close: () => child.kill('SIGTERM') };
}

async function ingest(server: Target, db: Db, stationId: string, batch: number, pipeline = PIPELINE): Promise<{ ms: number; docs: object[]; cpu: CpuSpent }> {
  const station = await enrol(db, stationId);
  const docs = ballotDocs(station.election, 10_000, 99);
  const spent = countCpu(server.pid);
  const start = performance.now();
  const batches: object[][] = [];
  for (let at = 0; at < docs.length; at += batch) batches.push(docs.slice(at, at + batch).map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } })));
  const conflicts = await pushPipelined(server.url, station, 'ballots', batches, pipeline);
  const ms = performance.now() - start;
  const cpu = spent();
  if (conflicts.some((list) => list.length > 0)) throw new Error('ingest: unexpected conflicts');
  const stored = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE station_id = $1`, [stationId]);
  if (stored[0]?.n !== docs.length) throw new Error(`ingest stored ${stored[0]?.n} of ${docs.length} rows`);
  return { ms, docs, cpu };
}

/** The same rows by server-side COPY from a CSV file (readable by the postgres user), into the same table. */
async function copyRows(db: Db, databaseUrl: string, docs: readonly object[], stationId: string): Promise<{ ms: number; postgresCpu: number }> {
  await enrol(db, stationId);
  const file = `/tmp/district-bench-${process.pid}-${randomBytes(4).toString('hex')}.csv`;
  writeFileSync(file, docs.map((doc) => csvLine([stationId, 'ballots', (doc as { id: string }).id, JSON.stringify(doc), 'f'])).join('\n'));
  chmodSync(file, 0o644);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const spent = countCpu(null);
    const start = performance.now();
    await client.query(`COPY documents (station_id, collection, id, data, deleted) FROM '${file}' WITH (FORMAT csv)`);
    const ms = performance.now() - start;
    return { ms, postgresCpu: spent().postgres };
  } finally {
    await client.end();
    rmSync(file, { force: true });
  }
}

async function manyStations(server: Target, db: Db, stations = 200, each = 500): Promise<{ ms: number; errors: number; stored: number }> {
  const clients: StationClient[] = [];
  const docs: object[][] = [];
  for (let i = 0; i < stations; i++) {
    const station = await enrol(db, `bench-many-${String(i).padStart(3, '0')}`);
    // Each station from its own loopback address, as real stations are other machines (the server caps connections per address).
    clients.push(new StationClient(server.url, station, fetchFrom(stationLoopbackAddress(i))));
    docs.push(ballotDocs(station.election, each, 1000 + i));
  }
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      try {
        await client.pushNew('ballots', docs[i]!, 100);
      } catch {
        errors++;
      }
    }),
  );
  const ms = performance.now() - start;
  const stored = await db.query<{ n: number }>(`SELECT count(*) AS n FROM documents WHERE station_id LIKE 'bench-many-%'`);
  return { ms, errors: errors + (stations * each - Number(stored[0]?.n ?? 0) !== 0 ? 1 : 0), stored: Number(stored[0]?.n ?? 0) };
}

export async function districtBenchmarks(): Promise<BenchRow[]> {
  const postgres = await freshPostgres();
  const db = await openDb(postgres ? { databaseUrl: postgres.url, maxConnections: 20 } : {});
  const server = await startTarget(db, postgres?.url ?? null);
  const where = postgres ? 'PostgreSQL, server in its own process' : 'PGlite in this process (PostgreSQL unreachable)';
  try {
    const pushTimes: number[] = [];
    const copyTimes: number[] = [];
    const loads: number[] = [];
    const cpu: CpuSpent[] = [];
    const cores = availableParallelism();
    const copyCpu: number[] = [];
    // The server process has just started: one ingest first, unmeasured, so the runs meet it warm (compiled), as stations meet a running server.
    await ingest(server, db, 'bench-ingest-warm-up', BATCH);
    for (let run = 1; run <= RUNS; run++) {
      loads.push(loadavg()[0]!);
      const pushed = await ingest(server, db, `bench-ingest-${run}`, BATCH);
      pushTimes.push(pushed.ms);
      cpu.push(pushed.cpu);
      const copied = postgres ? await copyRows(db, postgres.url, pushed.docs, `bench-copy-${run}`) : { ms: Number.NaN, postgresCpu: Number.NaN };
      copyTimes.push(copied.ms);
      copyCpu.push(copied.postgresCpu);
    }
    console.error(`district ingest runs (push ms / COPY ms / ratio / load): ${pushTimes.map((ms, i) => `${ms.toFixed(0)}/${copyTimes[i]!.toFixed(0)}/${(copyTimes[i]! / ms).toFixed(2)}/${loads[i]!.toFixed(1)}`).join('  ')}`);
    const pushMs = median(pushTimes);
    const copyMs = median(copyTimes);
    const small = median([(await ingest(server, db, 'bench-ingest-small-1', SMALL_BATCH)).ms, (await ingest(server, db, 'bench-ingest-small-2', SMALL_BATCH)).ms]);
    const rows = [
      row(`district: ingest 10,000 ballots by signed push (${BATCH}/request, ${PIPELINE} in flight, ${where}, median of ${RUNS})`, pushMs, 'ms', '≤ 5000 ms', '271 ms, one at a time'),
      row(`district: the same 10,000 rows by raw COPY (median of ${RUNS})`, copyMs, 'ms', '—', '142 ms'),
      row('district: COPY time / push ingest time', copyMs / pushMs, 'ratio', '≥ 0.8', '0.54'),
      row('district: machine load (1-minute average) during those runs, median', median(loads), 'load', '—', 'about 0.4'),
      row('district: CPU of the push ingest: the server process, median', median(cpu.map((spent) => spent.server)), 'ms', '—'),
      row('district: CPU of the push ingest: PostgreSQL (all backends), median', median(cpu.map((spent) => spent.postgres)), 'ms', '—'),
      row('district: CPU of the push ingest: the station (encoding, signing; this process), median', median(cpu.map((spent) => spent.station)), 'ms', '—'),
      row('district: CPU of the raw COPY: PostgreSQL (all backends), median', median(copyCpu), 'ms', '—'),
      // The station, the server and PostgreSQL share this machine's cores: the push ingest cannot take less than their CPU spread over all of them.
      row(`district: least push ingest time that CPU allows on ${cores} cores ((server + PostgreSQL + station) / ${cores}), median`, median(cpu.map((spent) => (spent.server + spent.postgres + spent.station) / cores)), 'ms', '—'),
      row(`district: the same ingest at ${SMALL_BATCH}/request (the station's push batch before)`, small, 'ms', '—'),
      row(`district: COPY time / push ingest time at ${SMALL_BATCH}/request`, copyMs / small, 'ratio', '—'),
    ];
    if (process.env.DISTRICT_BENCH === 'ingest') return rows;
    const many = await manyStations(server, db);
    return [
      ...rows,
      row('district: 200 stations × 500 ballots at once, total', many.ms, 'ms', '—'),
      row('district: 200 stations × 500 ballots at once, errors', many.errors, 'errors', '0'),
    ];
  } finally {
    await server.close();
    await db.close();
    await postgres?.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printTable(await districtBenchmarks());
