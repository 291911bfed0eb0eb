/**
 * Sync right after an import (issue 12, item 3 follow-up): the page's Content-Security-Policy
 * lets the sync connect only to the imported package's district server, and a policy is fixed
 * when the page loads — so a page loaded before the import had no such server in it, and sync
 * requests to the package's server were refused until someone reloaded the page. The window now
 * loads itself again once the import is stored (renderer/app/useDistrictReload.ts): the sync's
 * first request reaches the district server, with no CSP refusal, and no reload by hand.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildUnsignedDemoPackage } from '../../main/services/demo';
import { signElectionPackage } from '../../shared/crypto/signed';
import { ROOT, startStationUnderTest, type StationUnderTest } from './harness';
import { expectStep, importPackageFile } from './steps';

let station: StationUnderTest;
let page: Page;
let district: Server;
let districtUrl = '';
const seen: string[] = [];

beforeAll(async () => {
  // A district server that records every request (a preflight too) and refuses it: reaching it is the point.
  district = createServer((req, res) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    res.setHeader('access-control-allow-methods', 'GET, POST');
    if (req.method === 'OPTIONS') res.writeHead(204).end();
    else res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"sync.unenrolled"}');
  });
  await new Promise<void>((resolve) => district.listen(0, '127.0.0.1', resolve));
  districtUrl = `http://127.0.0.1:${(district.address() as AddressInfo).port}`;
  station = await startStationUnderTest();
  page = station.page;
}, 60_000);
afterAll(async () => {
  await station?.close();
  district?.closeAllConnections();
  await new Promise<void>((resolve) => district?.close(() => resolve()));
});

describe('sync after an import', () => {
  it('reaches the package\'s district server without a reload by hand', async () => {
    const messages: string[] = [];
    page.on('console', (message) => messages.push(message.text()));
    // Every load of the page reports its CSP violations to the console (kept across reloads).
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`csp-violation ${event.violatedDirective} ${event.blockedURI}`));
    });
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(station.host.launchUrl);
    await expectStep(page, 'unconfigured');
    const demoKey = JSON.parse(readFileSync(join(ROOT, 'build', 'demo', 'demo-district-key.json'), 'utf8')) as { secretKey: string };
    const pkg = signElectionPackage({ ...buildUnsignedDemoPackage('small'), districtServer: `${districtUrl}/` }, demoKey.secretKey);
    await importPackageFile(page, JSON.stringify(pkg));
    await expectStep(page, 'setup');
    await expect.poll(() => seen.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(messages.filter((text) => /connect-src|refused to connect/i.test(text))).toEqual([]);
    // One load for the launch, one reload by the page itself — not a loop.
    expect(loads).toBe(2);
    await page.waitForTimeout(1_000);
    expect(loads).toBe(2);
    await expectStep(page, 'setup');
  }, 120_000);
});
