import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../../shared/election/issues';
import type { ImportedPackage, StationKeyInfo } from '../../../shared/bridge/StationBridge';
import { createHttpBridge } from '../../../renderer/bridge/httpBridge';
import { demoPackageText } from '../../../main/services/demo';
import { stationKeyInfo } from '../../../main/services/keys';
import { readPinnedDistrictKey } from '../../../main/services/pinning';
import { startHost, type RunningHost } from '../../../main/host/server';
import { tempDir } from '../services/support';

const INDEX = '<!doctype html><title>投票站</title><div id="root"></div>';

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A request sent exactly as written (fetch would normalise `/../` away before sending). */
function raw(url: string, path: string, options: { method?: string; headers?: Record<string, string | number>; body?: string } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

let demoText: string;
let running: RunningHost | undefined;
let dataDir: string;

beforeAll(() => {
  demoText = demoPackageText();
});

afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(): Promise<RunningHost> {
  const root = tempDir('station-host-');
  const staticDir = join(root, 'static');
  dataDir = join(root, 'data');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), INDEX);
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(staticDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(staticDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(staticDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(root, 'package.json'), '{"secret": true}');
  running = await startHost({ port: 0, allowUnprotectedKeys: true, host: '127.0.0.1', dataDir, staticDir });
  return running;
}

describe('station host: static files', () => {
  it('listens on 127.0.0.1 on the port it was given (0: any free one)', async () => {
    const host = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.port).toBeGreaterThan(0);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}`);
  });

  it('serves index.html, assets with their content types, and index.html for client routes', async () => {
    const host = await start();
    const index = await fetch(`${host.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toBe(INDEX);

    const types: Record<string, string> = {
      '/assets/app.js': 'text/javascript; charset=utf-8',
      '/assets/app.css': 'text/css; charset=utf-8',
      '/assets/logo.svg': 'image/svg+xml',
      '/assets/font.woff2': 'font/woff2',
      '/index.html': 'text/html; charset=utf-8',
    };
    for (const [path, type] of Object.entries(types)) {
      const response = await fetch(`${host.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe(type);
      await response.arrayBuffer();
    }

    const route = await fetch(`${host.url}/checkin/desk-2?x=1`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(INDEX);

    const missingAsset = await fetch(`${host.url}/assets/missing.js`);
    expect(missingAsset.status).toBe(404);
    await missingAsset.arrayBuffer();
  });

  it('refuses to leave the static folder', async () => {
    const host = await start();
    for (const path of ['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/assets/..%5c..%5cpackage.json']) {
      const response = await raw(host.url, path);
      expect(response.status, path).toBe(404);
      expect(response.body, path).not.toContain('secret');
    }
  });

  it('answers only requests addressed to a loopback host name', async () => {
    const host = await start();
    const call = { method: 'POST', body: '[]' };
    const secret = { 'x-station-secret': host.secret };
    expect((await raw(host.url, '/api/bridge/stationKey', { ...call, headers: { host: 'evil.example:80', 'content-type': 'application/json', ...secret } })).status).toBe(403);
    expect((await raw(host.url, '/api/bridge/stationKey', { ...call, headers: { host: `localhost:${host.port}`, 'content-type': 'application/json', ...secret } })).status).toBe(200);
  });
});

/** A bridge call as the HTTP client makes it: POST /api/bridge/NAME, the arguments as a JSON array. */
function call(host: RunningHost, method: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Response> {
  return fetch(`${host.url}/api/bridge/${method}`, { method: 'POST', headers: { 'x-station-secret': host.secret, ...headers }, body });
}

describe('station host: API over HTTP', () => {
  it('POST /api/bridge/stationKey returns the station public key', async () => {
    const host = await start();
    const response = await call(host, 'stationKey', '[]');
    expect(response.status).toBe(200);
    const info = (await response.json()) as StationKeyInfo;
    expect(info).toEqual(stationKeyInfo(dataDir));
    expect(Object.keys(info).sort()).toEqual(['fingerprint', 'publicKey']);
  });

  it('POST /api/bridge/demoPackage returns the demo package text', async () => {
    const host = await start();
    const response = await call(host, 'demoPackage', '[]');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toBe(demoText);
  });

  it('POST /api/bridge/importPackage checks (200 either way), and completeImport pins', async () => {
    const host = await start();
    const post = (args: unknown[]): Promise<Response> => call(host, 'importPackage', JSON.stringify(args));

    const bad = await post(['{oops']);
    expect(bad.status).toBe(200);
    const badOutcome = (await bad.json()) as Outcome<ImportedPackage>;
    expect(badOutcome.ok).toBe(false);
    if (!badOutcome.ok) expect(badOutcome.issues[0]!.code).toBe('json.malformed');
    expect(readPinnedDistrictKey(dataDir)).toBeNull();

    const good = await post([demoText]);
    expect(good.status).toBe(200);
    const outcome = (await good.json()) as Outcome<ImportedPackage>;
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.value.keyStatus).toBe('pinned');
      expect(outcome.value.package.roll.length).toBeGreaterThanOrEqual(3000);
    }
    // Step 1 writes nothing: the key is pinned by step 2, once the renderer has stored the package.
    expect(readPinnedDistrictKey(dataDir)).toBeNull();
    const completed = await call(host, 'completeImport', JSON.stringify([demoText]));
    expect(completed.status).toBe(200);
    expect(((await completed.json()) as Outcome<ImportedPackage>).ok).toBe(true);
    expect(readPinnedDistrictKey(dataDir)).not.toBeNull();
  });

  it('400 for a malformed request, 415 for a non-JSON body type, 403 for another origin, 404/405 for wrong routes', async () => {
    const host = await start();
    const url = `${host.url}/api/bridge/importPackage`;
    const secret = { 'x-station-secret': host.secret };
    const json = { 'content-type': 'application/json', ...secret };
    expect((await fetch(url, { method: 'POST', headers: json, body: 'not json' })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', headers: json, body: '{}' })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', headers: json, body: '[]' })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', headers: json, body: '[5]' })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', headers: json, body: '["", {"reprovision": "yes"}]' })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...secret }, body: JSON.stringify([demoText]) })).status).toBe(415);
    const crossSite = await fetch(url, { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body: JSON.stringify([demoText, { reprovision: true }]) });
    expect(crossSite.status).toBe(403);
    expect(readPinnedDistrictKey(dataDir)).toBeNull();
    expect((await fetch(url, { headers: secret })).status).toBe(405);
    expect((await fetch(`${host.url}/api/nothing`, { headers: secret })).status).toBe(404);
  });

  it('refuses a body over 50 MB without reading it', async () => {
    const host = await start();
    const response = await raw(host.url, '/api/bridge/importPackage', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 + 1, 'x-station-secret': host.secret },
      body: '["',
    });
    expect(response.status).toBe(413);
  });
});

describe('createHttpBridge', () => {
  it('implements StationBridge against the host', async () => {
    const host = await start();
    const bridge = createHttpBridge(`${host.url}/`, host.secret);
    expect(await bridge.stationKey()).toEqual(stationKeyInfo(dataDir));
    const text = await bridge.demoPackage();
    expect(text).toBe(demoText);
    const first = await bridge.importPackage(text);
    expect(first.ok && first.value.keyStatus).toBe('pinned');
    // Step 2 (after the renderer stored it): only now is the key pinned.
    const completed = await bridge.completeImport!(text);
    expect(completed.ok && completed.value.keyStatus).toBe('pinned');
    const second = await bridge.importPackage(text, { reprovision: true });
    expect(second.ok && second.value.keyStatus).toBe('trusted');
    const broken = await bridge.importPackage('nope');
    expect(broken.ok).toBe(false);
  });

  it('throws a clear error when the host answers with an HTTP error', async () => {
    const host = await start();
    const bridge = createHttpBridge(`${host.url}/api/wrong`, host.secret);
    await expect(bridge.stationKey()).rejects.toThrow('Station key failed: 404 no such API route');
    await expect(bridge.importPackage('{}')).rejects.toThrow(/^Package import failed: 404/);
  });
});
