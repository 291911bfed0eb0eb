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
 * Without a reachable PostgreSQL the ingest runs on PGlite and the COPY rows are NaN.
 * `DISTRICT_BENCH=ingest` runs only the ingest and COPY rows.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { startDistrictServer, type DistrictServer } from '../../server/app';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/types';
import { csvLine } from '../../server/package/csv';
import { enrolStation } from '../../server/stations';
import { StationClient } from '../server/helpers/client';
import { ballotDocs, stationPackage } from '../server/helpers/fixtures';
import { pushPipelined } from '../server/helpers/pipelinedPushes';
import { median, printTable, type BenchRow } from './measure';

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
async function ingest(server: DistrictServer, db: Db, stationId: string, batch: number, pipeline = PIPELINE): Promise<{ ms: number; docs: object[] }> {
  const station = await enrol(db, stationId);
  const docs = ballotDocs(station.election, 10_000, 99);
  const start = performance.now();
  const batches: object[][] = [];
  for (let at = 0; at < docs.length; at += batch) batches.push(docs.slice(at, at + batch).map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } })));
  const conflicts = await pushPipelined(server.url, station, 'ballots', batches, pipeline);
  const ms = performance.now() - start;
  if (conflicts.some((list) => list.length > 0)) throw new Error('ingest: unexpected conflicts');
  const stored = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE station_id = $1`, [stationId]);
  if (stored[0]?.n !== docs.length) throw new Error(`ingest stored ${stored[0]?.n} of ${docs.length} rows`);
  return { ms, docs };
}

/** The same rows by server-side COPY from a CSV file (readable by the postgres user), into the same table. */
async function copyRows(db: Db, databaseUrl: string, docs: readonly object[], stationId: string): Promise<number> {
  await enrol(db, stationId);
  const file = `/tmp/district-bench-${process.pid}-${randomBytes(4).toString('hex')}.csv`;
  writeFileSync(file, docs.map((doc) => csvLine([stationId, 'ballots', (doc as { id: string }).id, JSON.stringify(doc), 'f'])).join('\n'));
  chmodSync(file, 0o644);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const start = performance.now();
    await client.query(`COPY documents (station_id, collection, id, data, deleted) FROM '${file}' WITH (FORMAT csv)`);
    return performance.now() - start;
  } finally {
    await client.end();
    rmSync(file, { force: true });
  }
}

async function manyStations(server: DistrictServer, db: Db, stations = 200, each = 500): Promise<{ ms: number; errors: number; stored: number }> {
  const clients: StationClient[] = [];
  const docs: object[][] = [];
  for (let i = 0; i < stations; i++) {
    const station = await enrol(db, `bench-many-${String(i).padStart(3, '0')}`);
    clients.push(new StationClient(server.url, station));
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
  const server = await startDistrictServer({ port: 0, db });
  const where = postgres ? 'PostgreSQL' : 'PGlite (PostgreSQL unreachable)';
  try {
    const pushTimes: number[] = [];
    const copyTimes: number[] = [];
    const loads: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      loads.push(loadavg()[0]!);
      const pushed = await ingest(server, db, `bench-ingest-${run}`, BATCH);
      pushTimes.push(pushed.ms);
      copyTimes.push(postgres ? await copyRows(db, postgres.url, pushed.docs, `bench-copy-${run}`) : Number.NaN);
    }
    const pushMs = median(pushTimes);
    const copyMs = median(copyTimes);
    const small = median([(await ingest(server, db, 'bench-ingest-small-1', SMALL_BATCH)).ms, (await ingest(server, db, 'bench-ingest-small-2', SMALL_BATCH)).ms]);
    const rows = [
      row(`district: ingest 10,000 ballots by signed push (${BATCH}/request, ${PIPELINE} in flight, ${where}, median of ${RUNS})`, pushMs, 'ms', '≤ 5000 ms', '271 ms, one at a time'),
      row(`district: the same 10,000 rows by raw COPY (median of ${RUNS})`, copyMs, 'ms', '—', '142 ms'),
      row('district: COPY time / push ingest time', copyMs / pushMs, 'ratio', '≥ 0.8', '0.54'),
      row('district: machine load (1-minute average) during those runs, median', median(loads), 'load', '—', 'about 0.4'),
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
