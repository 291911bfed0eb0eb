/**
 * Issue 14, item 3: no stranger can exhaust the server. Real sockets on 127.0.0.1 (the
 * attackers connect from 127.0.0.2, so the per-address cap is theirs alone), each attack bounded
 * in connections and seconds, while an enrolled station keeps pushing: every push succeeds and
 * its p95 latency is reported.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictServer, type DistrictServer } from '../../server/app';
import type { Db } from '../../server/db/types';
import { signSyncRequest } from '../../server/sync/signing';
import { BACKENDS, type TestDatabase } from './helpers/backends';
import { StationClient } from './helpers/client';
import { ballotDocs, boxesDoc, boxesRecord, enrolTestStation, signedResultFor, type TestStation } from './helpers/fixtures';

const ATTACKER = '127.0.0.2';
const LIMITS = { headersTimeoutMs: 1000, requestTimeoutMs: 4000, idleTimeoutMs: 3000, perAddress: 8 };
const MAX_BODY = 1024 * 1024;

interface Raw {
  readonly socket: Socket;
  /** Everything the server sent so far. */
  text(): string;
  /** Resolves with the milliseconds from opening until the server closed the connection. */
  readonly closed: Promise<number>;
  /** Resolves with the milliseconds from opening until the server's first byte. */
  readonly answered: Promise<number>;
}

async function openRaw(port: number, localAddress = ATTACKER): Promise<Raw> {
  const started = Date.now();
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
  const answered = new Promise<number>((done) => socket.once('data', () => done(Date.now() - started)));
  await new Promise<void>((done, fail) => {
    socket.once('connect', done);
    socket.once('error', fail);
  });
  return { socket, text: () => received, closed, answered };
}

const within = <T,>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, fail) => setTimeout(() => fail(new Error(`${what}: not within ${ms} ms`)), ms))]);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function head(method: string, path: string, port: number, headers: Record<string, string>): string {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A station pushing small batches until stopped: every latency, and every failure. */
function keepPushing(client: StationClient, station: TestStation): { stop(): Promise<{ latencies: number[]; failures: string[] }> } {
  const latencies: number[] = [];
  const failures: string[] = [];
  let running = true;
  let batch = 0;
  const loop = (async () => {
    while (running) {
      batch++;
      const docs = ballotDocs(station.election, 5, batch, `R1-A-${String(batch).padStart(4, '0')}`);
      const started = performance.now();
      try {
        await client.pushNew('ballots', docs);
        latencies.push(performance.now() - started);
      } catch (error) {
        failures.push(String(error));
      }
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { latencies, failures };
    },
  };
}

const p95 = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(values.length * 0.95) - 1)] ?? NaN;

describe.each(BACKENDS)('a stranger cannot exhaust the server on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let server: DistrictServer;
  let station: TestStation;
  let client: StationClient;
  let pushing: ReturnType<typeof keepPushing>;

  beforeAll(async () => {
    database = await backend.create();
    db = await database.open();
    server = await startDistrictServer({ port: 0, db, connectionLimits: LIMITS, limits: { maxBodyBytes: MAX_BODY } });
    station = await enrolTestStation(db, 'steady-01');
    client = new StationClient(server.url, station);
    pushing = keepPushing(client, station);
  }, 60_000);

  afterAll(async () => {
    const { latencies, failures } = await pushing.stop();
    console.log(`[exhaustion ${backend.name}] enrolled station's pushes during the attacks: ${latencies.length}, p95 ${p95(latencies).toFixed(1)} ms, failures ${failures.length}`);
    await server?.close();
    await db?.close();
    await database?.drop();
    expect(failures).toEqual([]);
    expect(latencies.length).toBeGreaterThan(0);
    expect(p95(latencies)).toBeLessThan(2000);
  }, 30_000);

  it('answers an unauthenticated 31 MB body from its headers, before reading it, and closes the connection', async () => {
    const raw = await openRaw(server.port);
    raw.socket.write(head('POST', '/sync/v1/ballots/push', server.port, { 'Content-Type': 'application/json', 'Content-Length': String(31 * 1024 * 1024) }));
    // A slow body: 1 KB every 100 ms, for at most 3 s (300 KB of the 31 MB).
    const drip = setInterval(() => raw.socket.writable && raw.socket.write(Buffer.alloc(1024, 0x20)), 100);
    try {
      const ms = await within(raw.closed, 3000, 'the connection of a refused stranger closes');
      expect(raw.text()).toMatch(/^HTTP\/1\.1 401 /);
      expect(raw.text()).toContain('sync.badHeaders');
      expect(ms).toBeLessThan(3000);
    } finally {
      clearInterval(drip);
      raw.socket.destroy();
    }
    // Naming a station that is not enrolled: the same, before any body.
    const named = await openRaw(server.port);
    const forged = signSyncRequest({ method: 'POST', path: '/sync/v1/ballots/push', body: 'x', stationId: 'nobody', secretKey: station.secretKey });
    named.socket.write(head('POST', '/sync/v1/ballots/push', server.port, { ...forged, 'Content-Length': String(31 * 1024 * 1024) }));
    await within(named.closed, 3000, 'an unenrolled station is answered at once');
    expect(named.text()).toMatch(/^HTTP\/1\.1 401 /);
    expect(named.text()).toContain('sync.unenrolled');
  });

  it('refuses a body over the limit from its Content-Length and while it streams', async () => {
    const path = '/sync/v1/ballots/push';
    const declared = await openRaw(server.port);
    declared.socket.write(head('POST', path, server.port, { ...client.headers('POST', path, 'x'), 'Content-Type': 'application/json', 'Content-Length': String(MAX_BODY + 1) }));
    await within(declared.closed, 3000, 'a declared oversize body is refused');
    expect(declared.text()).toMatch(/^HTTP\/1\.1 413 /);

    const streamed = await openRaw(server.port);
    streamed.socket.write(head('POST', path, server.port, { ...client.headers('POST', path, 'x'), 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent <= 2 * MAX_BODY && streamed.socket.writable && !streamed.text(); sent += chunk.length) {
      streamed.socket.write(`${chunk.length.toString(16)}\r\n`);
      streamed.socket.write(chunk);
      streamed.socket.write('\r\n');
      await sleep(5);
    }
    await within(streamed.closed, 3000, 'a streamed oversize body is refused');
    expect(streamed.text()).toMatch(/^HTTP\/1\.1 413 /);
    expect(streamed.text()).toContain('sync.tooLarge');
  });

  it('closes slow headers, a slow body and an idle connection (slowloris)', async () => {
    // Headers one byte every 200 ms: never finished within the headers limit (1 s).
    const slowHeaders = await openRaw(server.port);
    const text = head('GET', '/healthz', server.port, { 'X-Padding': 'a'.repeat(200) });
    let at = 0;
    const drip = setInterval(() => slowHeaders.socket.writable && slowHeaders.socket.write(text[at++ % text.length]!), 200);
    try {
      expect(await within(slowHeaders.closed, 4000, 'slow headers are cut off')).toBeLessThan(4000);
    } finally {
      clearInterval(drip);
    }

    // An enrolled station's headers, then the body stops after 10 bytes: the request limit (4 s).
    const path = '/sync/v1/ballots/push';
    const slowBody = await openRaw(server.port);
    slowBody.socket.write(head('POST', path, server.port, { ...client.headers('POST', path, 'x'.repeat(1000)), 'Content-Type': 'application/json', 'Content-Length': '1000' }));
    slowBody.socket.write('[{"assume');
    expect(await within(slowBody.closed, 7000, 'a stalled body is cut off')).toBeLessThan(7000);

    // A kept-alive connection that says nothing after its request: the idle limit (3 s), counted
    // from the answer (on PGlite the database shares this process, and a loaded machine may take
    // a moment to answer; the silence after it is what the limit is about).
    const idle = await openRaw(server.port);
    idle.socket.write(head('GET', '/healthz', server.port, {}));
    const answeredAfter = await within(idle.answered, 5000, 'the request is answered');
    const silentFor = (await within(idle.closed, answeredAfter + 6000, 'an idle connection is closed')) - answeredAfter;
    expect(silentFor).toBeGreaterThanOrEqual(2000);
    expect(silentFor).toBeLessThan(5500);
    expect(idle.text()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('caps the connections one address holds open', async () => {
    const sockets = await Promise.all(Array.from({ length: 20 }, () => openRaw(server.port)));
    try {
      await sleep(300);
      const refused = sockets.filter((raw) => raw.text().startsWith('HTTP/1.1 503 '));
      expect(refused).toHaveLength(20 - LIMITS.perAddress);
      // The address's own connections still work up to the cap; the enrolled station (another address) is untouched.
      const kept = sockets.find((raw) => raw.text() === '')!;
      kept.socket.write(head('GET', '/healthz', server.port, { Connection: 'close' }));
      await within(kept.closed, 3000, 'a connection under the cap is served');
      expect(kept.text()).toMatch(/^HTTP\/1\.1 200 /);
      expect((await client.pull('ballots', null, 1)).documents.length).toBe(1);
    } finally {
      for (const raw of sockets) raw.socket.destroy();
    }
    // Once they are closed the address may connect again.
    await sleep(100);
    const again = await openRaw(server.port);
    again.socket.write(head('GET', '/healthz', server.port, { Connection: 'close' }));
    await within(again.closed, 3000, 'the address is served again');
    expect(again.text()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('answers a signed result nested 5,000 deep with 400 "nesting too deep", never a 500', async () => {
    const ballots = ballotDocs(station.election, 3, 99, 'R1-X');
    const boxes = boxesRecord(3, 10);
    await client.pushNew('countRecords', [boxesDoc(boxes)]);
    const honest = JSON.stringify(signedResultFor(station, ballots, boxes));
    // Written as text: 5,000 levels are past what JSON.stringify (and many a parser) can walk.
    const body = `${honest.slice(0, -1)},"extra":${'['.repeat(5000)}"x"${']'.repeat(5000)}}`;
    const path = '/sync/v1/result';
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { ...signSyncRequest({ method: 'POST', path, body, stationId: station.stationId, secretKey: station.secretKey }), 'content-type': 'application/json' },
      body,
    });
    const failure = { status: response.status, body: (await response.json()) as { code: string; message: string } };
    expect(failure?.status).toBe(400);
    expect(failure?.body.code).toBe('input.tooDeep');
    expect(failure?.body.message).toMatch(/Nesting too deep/);
    expect(failure?.body.message).toMatch(/嵌套太深/);
  });
});
