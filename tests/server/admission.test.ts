/**
 * The body budget (server/http/admission.ts): bodies are admitted in arrival order while their
 * declared bytes fit, one larger than the whole budget alone; and a server with a budget far
 * below what its stations push at once still stores every push; a stranger never waits in its queue.
 */
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startDistrictServer } from '../../server/app';
import { bodyBudget, declaredBodyBytes } from '../../server/http/admission';
import { BACKENDS } from './helpers/backends';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { StationClient, SyncError } from './helpers/client';
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

  it('a push waiting for room longer than the idle limit is answered, not cut off as idle', async () => {
    const database = await backend.create();
    const db = await database.open();
    const server = await startDistrictServer({ port: 0, db, bodyBudgetBytes: 8 * 1024, connectionLimits: { idleTimeoutMs: 1000 } });
    try {
      const [slow, waiting] = await Promise.all([enrolTestStation(db, 'budget-slow'), enrolTestStation(db, 'budget-waiting')]);
      const path = StationClient.pushPath('ballots');
      const rows = ballotDocs(slow.election, 60, 90).map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } }));
      const body = Buffer.from(JSON.stringify(rows), 'utf8');
      // A station on a slow line: its body (over the whole budget) comes in 30 pieces over 3 s,
      // never idle, and holds the budget until it is stored.
      const socket = connect({ port: server.port, host: '127.0.0.1' });
      await once(socket, 'connect');
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      const headers = { host: `127.0.0.1:${server.port}`, ...new StationClient(server.url, slow).headers('POST', path, body), 'content-type': 'application/json', 'content-length': String(body.length) };
      socket.write(`POST ${path} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`);
      const piece = Math.ceil(body.length / 30);
      const sending = (async () => {
        for (let at = 0; at < body.length; at += piece) {
          socket.write(body.subarray(at, at + piece));
          await sleep(100);
        }
      })();
      await sleep(200);
      // A stranger is refused from its headers at once: it never waits in the stations' queue.
      const stranger = new StationClient(server.url, { stationId: 'budget-stranger', secretKey: generateKeyPair().secretKey });
      let slowStored = false;
      void sending.then(() => (slowStored = true));
      const refused = await stranger.pushNew('ballots', ballotDocs(waiting.election, 20, 92), 20).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(SyncError);
      expect((refused as SyncError).status).toBeGreaterThanOrEqual(400);
      expect(slowStored).toBe(false);
      // Another station's push waits behind it, silent, longer than the idle limit.
      const started = performance.now();
      await new StationClient(server.url, waiting).pushNew('ballots', ballotDocs(waiting.election, 20, 91), 20);
      expect(performance.now() - started).toBeGreaterThan(1000);
      await sending;
      while (!answer.includes('\r\n\r\n')) await sleep(20);
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      socket.destroy();
      const stored = await db.query<{ station_id: string; n: number }>(`SELECT station_id, count(*)::int AS n FROM documents GROUP BY station_id ORDER BY station_id`);
      expect(stored).toEqual([
        { station_id: 'budget-slow', n: 60 },
        { station_id: 'budget-waiting', n: 20 },
      ]);
    } finally {
      await server.close();
      await db.close();
      await database.drop();
    }
  }, 120_000);
});
