/**
 * The signed sheet's preview in the browser build (issue 12, item 3 follow-up): the results show
 * the stored PDF in an iframe of `sheetUrl` (GET /api/sheets/NAME.pdf on the host). The host's
 * pages are never framed (X-Frame-Options DENY, frame-ancestors 'none'), but the stored sheets
 * may be framed by the app's own page — before, the preview said "127.0.0.1 refused to connect".
 * The quickest way to a sheet: the small demo, one check-in, more papers in the box than issued
 * (a void round), the sheet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleMessage, Page } from 'playwright-core';
import { buildDemoPackage } from '../../main/services/demo';
import { startStationUnderTest, type StationUnderTest } from './harness';
import { checkInByName, closeAndReconcile, completeSetup, expectStep, WAIT } from './steps';

let station: StationUnderTest;
let page: Page;
const pkg = buildDemoPackage('small');

beforeAll(async () => {
  station = await startStationUnderTest();
  page = station.page;
}, 60_000);
afterAll(async () => station?.close());

describe('the signed sheet preview', () => {
  it('loads the stored PDF in the results\' frame, with no framing refusal', async () => {
    const messages: string[] = [];
    page.on('console', (message: ConsoleMessage) => messages.push(message.text()));
    const sheetResponses: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/sheets/')) sheetResponses.push(response.status());
    });
    await page.goto(station.host.launchUrl);
    // Any CSP violation the page itself sees (frame-src, object-src…).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    await page.getByTestId('use-demo-small').click();
    await expectStep(page, 'setup');
    await completeSetup(page, pkg.ballotStock);
    await page.getByTestId('open-polls').click();
    await expectStep(page, 'open');
    await checkInByName(page, pkg.roll.find((voter) => voter.status === 'registered' && pkg.roll.filter((other) => other.name === voter.name).length === 1)!);
    await closeAndReconcile(page, pkg.ballotStock - 1);
    await page.getByTestId('start-count').click();
    await page.getByTestId('box-main').fill('2');
    await page.getByTestId('confirm-boxes').click();
    await expectStep(page, 'void');
    await page.getByTestId('produce-sheet').click();
    await expectStep(page, 'certified');

    const frameElement = page.getByTestId('sheet-frame');
    await frameElement.waitFor(WAIT);
    const src = new URL((await frameElement.getAttribute('src'))!, station.host.url).href;
    expect(new URL(src).pathname).toMatch(/^\/api\/sheets\/[0-9a-f]{64}\.pdf$/);
    // The frame is the sheet, not Chromium's error page (a refused frame commits chrome-error://).
    await expect.poll(() => (frameElement.elementHandle().then((handle) => handle?.contentFrame())).then((frame) => frame?.url() ?? null), WAIT).toBe(src);
    await expect.poll(() => sheetResponses, WAIT).toContain(200);
    expect(sheetResponses.every((status) => status === 200)).toBe(true);
    expect(messages.filter((text) => /refused to (display|frame|connect)|frame-ancestors|x-frame-options/i.test(text))).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
  }, 180_000);
});
