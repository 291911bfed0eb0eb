/**
 * The city benchmark (tests/bench/city.ts) at a small size, in the normal test run: many stations
 * pushing at once to one and to two server processes (`server/cli.ts serve`) on one PostgreSQL
 * database — no failed push, and every pushed ballot stored exactly once, as pushed.
 */
import { describe, expect, it } from 'vitest';
import { cityAtOnce, cityBallots, cityStationId } from '../bench/city';
import { BACKENDS } from './helpers/backends';

const STATIONS = 24;
const BALLOTS = 30;

describe.each(BACKENDS.filter((backend) => backend.name === 'PostgreSQL'))('a city at once on $name', () => {
  it(`${STATIONS} stations × ${BALLOTS} ballots at once, to one server process and to two: 0 errors, each ballot stored once`, async () => {
    const checked: number[] = [];
    const runs = await cityAtOnce({
      stations: STATIONS,
      ballots: BALLOTS,
      processes: [1, 2],
      inspect: async (db, stations) => {
        const rows = await db.query<{ station_id: string; id: string; data: Record<string, unknown>; deleted: boolean; rev: string | null }>(
          `SELECT station_id, id, data, deleted, rev FROM documents`,
        );
        // Exactly the ballots pushed: no other collection, no row twice, none missing, each as pushed.
        const expected = stations.flatMap((station, index) => cityBallots(station, index, BALLOTS).map((doc) => ({ station_id: cityStationId(index), id: doc.id, data: doc, deleted: false, rev: '1' })));
        const byKey = (row: { station_id: string; id: string }) => `${row.station_id}\u0001${row.id}`;
        const sort = <T extends { station_id: string; id: string }>(list: T[]) => [...list].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));
        expect(rows).toHaveLength(STATIONS * BALLOTS);
        expect(sort(rows.map((row) => ({ ...row, rev: String(row.rev) })))).toEqual(sort(expected));
        checked.push(rows.length);
      },
    });
    expect(runs.map((run) => ({ processes: run.processes, errors: run.errors, firstError: run.firstError, stored: run.stored }))).toEqual([
      { processes: 1, errors: 0, firstError: null, stored: STATIONS * BALLOTS },
      { processes: 2, errors: 0, firstError: null, stored: STATIONS * BALLOTS },
    ]);
    expect(checked).toEqual([STATIONS * BALLOTS, STATIONS * BALLOTS]);
    expect(runs.map((run) => run.servers.length)).toEqual([1, 2]);
  }, 240_000);
});
