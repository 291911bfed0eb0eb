/**
 * CORS on the station endpoints: the station's browser build (loopback origins, any port) and
 * the Electron app (`app://station`) may call `/sync/v1` from their own origin; any other
 * origin gets no allowance (never `*`). A real headless Chromium page on another origin
 * fetches a signed push (preflight included), and a page on a foreign origin cannot.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN as ELECTRON_APP_ORIGIN } from '../../main/electron/security';
import { SYNC_HEADERS } from '../../renderer/db/replication/protocol';
import { APP_ORIGIN, CORS_ALLOW_HEADERS, corsPolicy, normalizeOrigin } from '../../server/sync/cors';
import { startDistrictServer } from '../../server/app';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient } from './helpers/client';
import { ballotDocs, enrolTestStation, type TestStation } from './helpers/fixtures';

const ALLOWED = ['http://127.0.0.1:5417', 'http://localhost:4173', 'http://127.0.0.1', 'http://[::1]:8080', 'app://station'];
const FOREIGN = ['https://evil.example', 'http://127.0.0.1.evil.example:5417', 'http://localhost.evil.example', 'null', 'app://other', 'http://192.168.1.20:5417', 'file://'];

describe('the CORS policy', () => {
  it('allows the station build on loopback (any port) and the Electron app, and nothing else', () => {
    const policy = corsPolicy();
    for (const origin of ALLOWED) expect(policy.allowedOrigin(origin), origin).toBe(origin);
    for (const origin of FOREIGN) expect(policy.allowedOrigin(origin), origin).toBeNull();
    expect(policy.allowedOrigin(undefined)).toBeNull();
    expect(policy.allowedOrigin('')).toBeNull();
  });

  it('is the Electron app origin main uses, and allows every header the station client sends', () => {
    expect(APP_ORIGIN).toBe(ELECTRON_APP_ORIGIN);
    const allowed = new Set(CORS_ALLOW_HEADERS.map((name) => name.toLowerCase()));
    for (const name of Object.values(SYNC_HEADERS)) expect(allowed.has(name.toLowerCase()), name).toBe(true);
    expect(allowed.has('content-type')).toBe(true);
  });

  it('adds the origins an operator gives, normalised, and refuses what is not an origin', () => {
    const policy = corsPolicy(['https://station.example.org/', 'not an origin']);
    expect(policy.allowedOrigin('https://station.example.org')).toBe('https://station.example.org');
    expect(policy.allowedOrigin('https://station.example.org.evil')).toBeNull();
    expect(normalizeOrigin('https://station.example.org/path')).toBeNull();
    expect(normalizeOrigin('ftp://x')).toBeNull();
    expect(normalizeOrigin('HTTP://Station.Example.org:443')).toBe('http://station.example.org:443');
  });
});

function preflight(url: string, origin: string, method = 'POST', headers = 'content-type,x-station-id,x-station-nonce,x-station-signature,x-station-timestamp') {
  return fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });
}

describe.each(BACKENDS)('CORS on $name', (backend) => {
  let t: TestServer;
  let station: TestStation;

  beforeAll(async () => {
    t = await startTestServer(backend);
    station = await enrolTestStation(t.db, 'cors-01');
  }, 60_000);
  afterAll(async () => t?.close());

  it('answers a preflight from an allowed origin with 204 and the methods and headers a station sends', async () => {
    for (const origin of ['http://127.0.0.1:5417', 'http://localhost:9999', 'app://station']) {
      const response = await preflight(`${t.server.url}/sync/v1/ballots/push`, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      const methods = (response.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
      expect(methods).toEqual(expect.arrayContaining(['GET', 'POST']));
      const headers = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
      expect(headers).toEqual(expect.arrayContaining(['content-type', 'x-station-id', 'x-station-timestamp', 'x-station-nonce', 'x-station-signature']));
      expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
      expect(response.headers.get('vary') ?? '').toMatch(/Origin/);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
    // The stream and pull are GETs with the signed headers: preflighted too.
    const stream = await preflight(`${t.server.url}/sync/v1/ballots/stream`, 'http://127.0.0.1:5417', 'GET', 'x-station-id,x-station-nonce,x-station-signature,x-station-timestamp');
    expect(stream.status).toBe(204);
    expect(stream.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5417');
  });

  it('gives a foreign origin no allowance, never *', async () => {
    for (const origin of FOREIGN) {
      const response = await preflight(`${t.server.url}/sync/v1/ballots/push`, origin);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(response.headers.get('access-control-allow-methods'), origin).toBeNull();
      expect(response.headers.get('access-control-allow-headers'), origin).toBeNull();
    }
  });

  it('lets an allowed origin read the answer of a signed request, errors included; a foreign origin not', async () => {
    const client = new StationClient(t.server.url, station);
    const path = '/sync/v1/ballots/push';
    const body = JSON.stringify(ballotDocs(station.election, 3, 5).map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } })));
    const send = (origin: string, headers = client.headers('POST', path, body)) =>
      fetch(`${t.server.url}${path}`, { method: 'POST', headers: { ...headers, origin, 'content-type': 'application/json' }, body });

    const ok = await send('http://127.0.0.1:5417');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([]);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5417');
    expect(ok.headers.get('vary') ?? '').toMatch(/Origin/);

    const fromApp = await send('app://station');
    expect(fromApp.headers.get('access-control-allow-origin')).toBe('app://station');

    // A refused request still carries the allowance, so the station can read the error's code.
    const refused = await send('http://localhost:5417', { ...client.headers('POST', path, body), 'x-station-signature': 'AAAA' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('http://localhost:5417');
    expect(((await refused.json()) as { code: string }).code).toBe('signature.invalid');

    const foreign = await send('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    // The live stream too.
    const streamPath = '/sync/v1/ballots/stream';
    const abort = new AbortController();
    const stream = await fetch(`${t.server.url}${streamPath}`, { headers: { ...client.headers('GET', streamPath), origin: 'app://station' }, signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('access-control-allow-origin')).toBe('app://station');
    abort.abort();
    await stream.body?.cancel().catch(() => undefined);
  });

  it('adds no CORS headers to the dashboard and its API', async () => {
    const api = await fetch(`${t.server.url}/api/overview`, { headers: { origin: 'http://127.0.0.1:5417' } });
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
    const options = await preflight(`${t.server.url}/api/overview`, 'http://127.0.0.1:5417', 'GET', '');
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// A real browser: Chromium enforces CORS, so a page on another origin proves the headers work.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI !== 'true') console.warn(`[tests/server/cors] no Chromium at ${CHROMIUM}: the browser test is skipped`);

/** A page server on `host` (its own origin), serving one blank page. */
async function pageServer(host: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>station page</title>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return { origin: `http://${host}:${(server.address() as AddressInfo).port}`, server };
}

describe.skipIf(!haveChromium && process.env.CI !== 'true')('CORS in headless Chromium', () => {
  it('a page on another origin pushes, pulls and reads an error; a page on a foreign origin cannot', async () => {
    const { chromium } = await import('playwright-core');
    const backend = BACKENDS[0]!;
    const database = await backend.create();
    const db = await database.open();
    const district = await startDistrictServer({ port: 0, db });
    const allowedPage = await pageServer('127.0.0.1');
    // 127.0.0.2 is loopback too on Linux, but not an origin the server allows.
    const foreignPage = await pageServer('127.0.0.2');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    try {
      const station = await enrolTestStation(db, 'cors-browser');
      const client = new StationClient(district.url, station);
      const page = await browser.newPage();

      await page.goto(`${allowedPage.origin}/`);
      const pushPath = '/sync/v1/ballots/push';
      const docs = ballotDocs(station.election, 5, 7);
      const body = JSON.stringify(docs.map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } })));
      type Call = { url: string; method: string; headers: Record<string, string>; body?: string };
      const call = (args: Call) =>
        page.evaluate(async ({ url, method, headers, body: text }: Call) => {
          try {
            const response = await fetch(url, { method, headers, ...(text === undefined ? {} : { body: text }) });
            return { ok: true as const, status: response.status, body: (await response.json()) as unknown };
          } catch (error) {
            return { ok: false as const, error: String(error) };
          }
        }, args);

      const pushed = await call({ url: `${district.url}${pushPath}`, method: 'POST', headers: { ...client.headers('POST', pushPath, body), 'content-type': 'application/json' }, body });
      expect(pushed).toEqual({ ok: true, status: 200, body: [] });
      const stored = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE station_id = 'cors-browser'`);
      expect(stored[0]!.n).toBe(5);

      const pullPath = StationClient.pullPath('ballots', null, 10);
      const pulled = await call({ url: `${district.url}${pullPath}`, method: 'GET', headers: client.headers('GET', pullPath) });
      expect(pulled.ok && (pulled.body as { documents: unknown[] }).documents).toHaveLength(5);

      // An error answer is readable too (the station shows its code).
      const replayHeaders = client.headers('GET', pullPath);
      await call({ url: `${district.url}${pullPath}`, method: 'GET', headers: replayHeaders });
      const replayed = await call({ url: `${district.url}${pullPath}`, method: 'GET', headers: replayHeaders });
      expect(replayed).toMatchObject({ ok: true, status: 401, body: { code: 'sync.replayed' } });

      await page.goto(`${foreignPage.origin}/`);
      const blockedBody = JSON.stringify(ballotDocs(station.election, 1, 8, 'R1-X').map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } })));
      const blocked = await call({ url: `${district.url}${pushPath}`, method: 'POST', headers: { ...client.headers('POST', pushPath, blockedBody), 'content-type': 'application/json' }, body: blockedBody });
      expect(blocked.ok).toBe(false);
      // The preflight failed, so the push itself was never sent.
      const after = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE station_id = 'cors-browser'`);
      expect(after[0]!.n).toBe(5);
    } finally {
      await browser.close();
      await district.close();
      await db.close();
      await database.drop();
      await new Promise<void>((resolve) => allowedPage.server.close(() => resolve()));
      await new Promise<void>((resolve) => foreignPage.server.close(() => resolve()));
    }
  }, 120_000);
});
