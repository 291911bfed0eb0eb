/**
 * A city at once (issue 19): BENCH_CITY_STATIONS stations (default 2,000) × BENCH_CITY_BALLOTS
 * ballots (default 500) pushing at the same moment, first against one district server process,
 * then against two on one PostgreSQL (the documented scale path) — each run on its own fresh copy
 * of one enrolled database (tests/bench/city.ts). Reported: total time and errors of each, the
 * speed-up, each process's peak resident memory beside its memory at rest, and what the machine
 * was doing (CPU of the servers, PostgreSQL and the simulated stations; busy share; load).
 * `npx tsx tests/bench/cityBench.ts` runs only these rows.
 */
import { pathToFileURL } from 'node:url';
import { cityAtOnce, type CityRun } from './city';
import { printTable, type BenchRow } from './measure';

/** Memory stays bounded: a process's peak, whatever the city's size. */
const PEAK_GOAL = '≤ 1,048,576 KB';

const row = (name: string, value: number, unit: BenchRow['unit'], goal: string): BenchRow => ({ name, value, unit, goal });

function size(name: string, fallback: number): number {
  const text = process.env[name];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1 (${text})`);
  return value;
}

/** One process's peak at the full size before the body budget (server/http/admission.ts): the whole city's bodies at once. */
const PEAK_BEFORE_BUDGET = '1,435,804 KB at 2,000 × 500 before the body budget';

function runRows(label: string, run: CityRun, fullSize: boolean): BenchRow[] {
  const rows = [
    row(`city: ${label}, total`, run.ms, 'ms', '—'),
    row(`city: ${label}, errors`, run.errors, 'errors', '0'),
    ...run.servers.map((server, p) => ({
      ...row(`city: ${label}, process ${p + 1} peak RSS (VmHWM; ${server.restRssKb.toLocaleString('en')} KB at rest before the pushes)`, server.peakRssKb, 'KB', PEAK_GOAL),
      ...(fullSize && run.processes === 1 ? { baseline: PEAK_BEFORE_BUDGET } : {}),
    })),
    row(`city: ${label}, CPU during the pushes: the server process(es)`, run.servers.reduce((sum, server) => sum + server.cpuSeconds, 0) * 1000, 'ms', '—'),
    row(`city: ${label}, CPU during the pushes: PostgreSQL (all backends)`, run.postgresCpuSeconds * 1000, 'ms', '—'),
    row(`city: ${label}, CPU during the pushes: the simulated stations (this process)`, run.clientCpuSeconds * 1000, 'ms', '—'),
    row(`city: ${label}, machine busy, share of all cores (1-minute load ${run.loadBefore.toFixed(1)} → ${run.loadAfter.toFixed(1)})`, run.machineBusy, 'ratio', '—'),
  ];
  if (run.firstError !== null) console.error(`city: ${label}: first error: ${run.firstError}`);
  return rows;
}

export async function cityBenchmarks(): Promise<BenchRow[]> {
  const stations = size('BENCH_CITY_STATIONS', 2000);
  const ballots = size('BENCH_CITY_BALLOTS', 500);
  const what = `${stations.toLocaleString('en')} stations × ${ballots.toLocaleString('en')} ballots at once`;
  const [one, two] = (await cityAtOnce({ stations, ballots, processes: [1, 2] })) as [CityRun, CityRun];
  return [
    ...runRows(`${what}, 1 server process`, one, stations === 2000 && ballots === 500),
    ...runRows(`${what}, 2 server processes`, two, stations === 2000 && ballots === 500),
    row(`city: speed-up of 2 server processes over 1 (${(one.bodyBytes / 1e6).toFixed(0)} MB pushed)`, one.ms / two.ms, 'ratio', '—'),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printTable(await cityBenchmarks());
