/**
 * The host's session secret and security headers (issue 12, item 3): every API route refuses a
 * call without this start's secret (401), the launch URL sets it as an HttpOnly SameSite=Strict
 * cookie and redirects to the app, and every response carries the CSP, X-Frame-Options and COOP.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_METHODS, INVOKE_METHODS } from '../../../shared/bridge/methods';
import { startHost, type RunningHost } from '../../../main/host/server';
import { closeAllJournals } from '../../../main/services/journal';
import { demoPackageText } from '../../../main/services/demo';
import { createHttpBridge } from '../../../renderer/bridge/httpBridge';
import { parseCsp } from '../../../main/electron/security';
import { tempDir } from '../services/support';

let running: RunningHost | undefined;
let dataDir = '';
afterEach(async () => {
  await running?.close();
  running = undefined;
  await closeAllJournals();
});

async function start(): Promise<RunningHost> {
  const root = tempDir('host-session-');
  const staticDir = join(root, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>投票站</title>');
  dataDir = join(root, 'data');
  running = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir, staticDir });
  return running;
}

const json = { 'content-type': 'application/json' };

describe('host: the session secret', () => {
  it('refuses every API route without the secret (401), and with a wrong one', async () => {
    const host = await start();
    expect(INVOKE_METHODS.length).toBeGreaterThan(5);
    for (const method of Object.keys(BRIDGE_METHODS)) {
      const url = `${host.url}/api/bridge/${method}`;
      expect((await fetch(url, { method: 'POST', headers: json, body: '[]' })).status, method).toBe(401);
      expect((await fetch(url, { method: 'POST', headers: { ...json, 'x-station-secret': 'guess' }, body: '[]' })).status, method).toBe(401);
      expect((await fetch(url, { method: 'POST', headers: { ...json, cookie: `station-${host.port}=guess` }, body: '[]' })).status, method).toBe(401);
    }
    for (const path of ['/api/sheets/' + 'a'.repeat(64) + '.pdf', '/api/nothing', '/api']) {
      expect((await fetch(`${host.url}${path}`)).status, path).toBe(401);
    }
    // With it: answered.
    expect((await fetch(`${host.url}/api/bridge/stationKey`, { method: 'POST', headers: { ...json, 'x-station-secret': host.secret }, body: '[]' })).status).toBe(200);
    expect((await createHttpBridge(host.url, host.secret).stationKey()).fingerprint).toMatch(/\S/);
    await expect(createHttpBridge(host.url).stationKey()).rejects.toThrow(/401/);
  });

  it('a new secret at each start, 256 bits, and never written to the data folder', async () => {
    const one = await start();
    const first = one.secret;
    await one.close();
    running = undefined;
    const two = await start();
    expect(two.secret).not.toBe(first);
    expect(Buffer.from(two.secret, 'base64url').length).toBe(32);
    expect(two.launchUrl).toBe(`${two.url}/launch?k=${two.secret}`);
  });

  it('the launch URL sets an HttpOnly SameSite=Strict cookie and redirects to /; the cookie opens the API', async () => {
    const host = await start();
    const launched = await fetch(host.launchUrl, { redirect: 'manual' });
    expect(launched.status).toBe(303);
    expect(launched.headers.get('location')).toBe('/');
    const cookie = launched.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^station-${host.port}=${host.secret};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const sent = cookie.split(';')[0]!;
    expect((await fetch(`${host.url}/api/bridge/demoPackage`, { method: 'POST', headers: { ...json, cookie: sent }, body: '[]' })).status).toBe(200);
    expect((await fetch(`${host.url}/launch?k=wrong`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${host.url}/launch`, { redirect: 'manual' })).status).toBe(401);
  });
});

describe('host: security headers', () => {
  it('every response (page, API, refusal) carries a strict CSP, X-Frame-Options: DENY and COOP', async () => {
    const host = await start();
    const responses = [
      await fetch(`${host.url}/`),
      await fetch(`${host.url}/api/bridge/stationKey`, { method: 'POST', headers: json, body: '[]' }),
      await fetch(`${host.url}/api/bridge/stationKey`, { method: 'POST', headers: { ...json, 'x-station-secret': host.secret }, body: '[]' }),
      await fetch(`${host.url}/missing.js`),
    ];
    for (const response of responses) {
      expect(response.headers.get('x-frame-options'), response.url).toBe('DENY');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      const csp = parseCsp(response.headers.get('content-security-policy') ?? '');
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      // No package imported: the page connects to nothing but its host.
      expect(csp.get('connect-src')).toEqual(["'self'"]);
    }
  });

  it('a stored sheet may be framed by the app\'s own page only (the sheet preview); pages stay DENY', async () => {
    const host = await start();
    const sheets = join(dataDir, 'sheets');
    mkdirSync(sheets, { recursive: true });
    const name = `${'a'.repeat(64)}.pdf`;
    writeFileSync(join(sheets, name), '%PDF-1.7 sheet');
    const sheet = await fetch(`${host.url}/api/sheets/${name}`, { headers: { 'x-station-secret': host.secret } });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('application/pdf');
    expect(sheet.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const csp = parseCsp(sheet.headers.get('content-security-policy') ?? '');
    expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
    // Nothing of the page's policy that would block the PDF viewer in the frame.
    expect(csp.has('object-src')).toBe(false);
    expect(csp.has('default-src')).toBe(false);
    expect(sheet.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    // The page that frames it: frame-src 'self', still never framed itself.
    const page = await fetch(`${host.url}/`);
    const pageCsp = parseCsp(page.headers.get('content-security-policy') ?? '');
    expect(pageCsp.get('frame-src')).toEqual(["'self'"]);
    expect(pageCsp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // Other API routes stay DENY.
    const bridge = await fetch(`${host.url}/api/bridge/stationKey`, { method: 'POST', headers: { ...json, 'x-station-secret': host.secret }, body: '[]' });
    expect(bridge.headers.get('x-frame-options')).toBe('DENY');
  });

  it('connect-src names the imported package\'s district server and nothing else', async () => {
    const host = await start();
    const bridge = createHttpBridge(host.url, host.secret);
    const pkg = JSON.parse(demoPackageText()) as { districtServer?: string };
    expect((await bridge.completeImport!(demoPackageText())).ok).toBe(true);
    const csp = parseCsp((await fetch(`${host.url}/`)).headers.get('content-security-policy') ?? '');
    expect(csp.get('connect-src')).toEqual(pkg.districtServer ? ["'self'", new URL(pkg.districtServer).origin] : ["'self'"]);
    expect(csp.get('connect-src')).not.toContain('https:');
  });
});
