/**
 * The body budget (server/http/admission.ts): bodies are admitted in arrival order while their
 * declared bytes fit, one larger than the whole budget alone; and a server with a budget far
 * below what its stations push at once still stores every push.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startDistrictServer } from '../../server/app';
import { bodyBudget, declaredBodyBytes } from '../../server/http/admission';
import { BACKENDS } from './helpers/backends';
import { StationClient } from './helpers/client';
import { ballotDocs, enrolTestStation } from './helpers/fixtures';

const request = (contentLength?: string) => ({ headers: contentLength === undefined ? {} : { 'content-length': contentLength } }) as IncomingMessage;

/** Lets every settled promise run its callbacks. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('body budget', () => {
  it('reads a body by its declared length, or as the size limit when it declares none', () => {
    expect(declaredBodyBytes(request('120'), 1000)).toBe(120);
    expect(declaredBodyBytes(request('5000'), 1000)).toBe(1000);
    expect(declaredBodyBytes(request(), 1000)).toBe(1000);
    expect(declaredBodyBytes(request('-1'), 1000)).toBe(1000);
    expect(declaredBodyBytes(request('12abc'), 1000)).toBe(1000);
  });

  it('admits in arrival order while the bytes fit, and a body over the budget alone', async () => {
    const budget = bodyBudget(100, 1000);
    const admitted: string[] = [];
    const admit = (name: string, length?: string) => budget.admit(request(length)).then((release) => (admitted.push(name), release));
    const a = admit('a', '60');
    const b = admit('b', '50');
    const c = admit('c', '10');
    await settle();
    // c would fit beside a, but b came first.
    expect(admitted).toEqual(['a']);
    const big = admit('big', '500');
    const unknown = admit('unknown');
    (await a)();
    await settle();
    expect(admitted).toEqual(['a', 'b', 'c']);
    (await b)();
    await settle();
    expect(admitted).toEqual(['a', 'b', 'c']);
    const releaseC = await c;
    releaseC();
    releaseC(); // a second release gives nothing back twice
    await settle();
    expect(admitted).toEqual(['a', 'b', 'c', 'big']);
    (await big)();
    await settle();
    expect(admitted).toEqual(['a', 'b', 'c', 'big', 'unknown']);
    const next = admit('next', '1');
    await settle();
    expect(admitted).toHaveLength(5);
    (await unknown)();
    await next;
    expect(admitted).toHaveLength(6);
  });
});

describe.each(BACKENDS)('a server with a small body budget on $name', (backend) => {
  it('stores every push of stations pushing at once, each body admitted when there is room', async () => {
    const database = await backend.create();
    const db = await database.open();
    // About one push's worth: the pushes are read a few at a time.
    const server = await startDistrictServer({ port: 0, db, bodyBudgetBytes: 64 * 1024 });
    try {
      const stations = await Promise.all(Array.from({ length: 12 }, (_, i) => enrolTestStation(db, `budget-${String(i + 1).padStart(2, '0')}`)));
      await Promise.all(stations.map((station, i) => new StationClient(server.url, station).pushNew('ballots', ballotDocs(station.election, 100, 70 + i), 100)));
      const stored = await db.query<{ station_id: string; n: number }>(`SELECT station_id, count(*)::int AS n FROM documents GROUP BY station_id ORDER BY station_id`);
      expect(stored).toEqual(stations.map((station) => ({ station_id: station.stationId, n: 100 })));
    } finally {
      await server.close();
      await db.close();
      await database.drop();
    }
  }, 120_000);
});
