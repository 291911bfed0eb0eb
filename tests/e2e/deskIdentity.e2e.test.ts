/**
 * A window knows which desk it is (issue 15, item 5), in Chromium against the real host: each
 * window keeps its own desk name (in its header) across reloads and a crash; a duplicated window
 * (sessionStorage copied) and a name typed by hand can never claim a desk another window holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStationUnderTest, type StationUnderTest } from './harness';
import { expectStep } from './steps';

let station: StationUnderTest;

beforeAll(async () => {
  station = await startStationUnderTest();
}, 60_000);
afterAll(async () => station?.close());

const WAIT = { timeout: 10_000, interval: 50 };
const desk = (page: Page) => page.getByTestId('desk').getAttribute('data-desk');
const expectDesk = (page: Page, name: string) => expect.poll(() => desk(page), WAIT).toBe(name);

/** The clerk's way: click into the field, select all, type the name. */
async function typeDesk(page: Page, name: string): Promise<void> {
  await page.getByTestId('desk').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(name);
}

describe('a window knows which desk it is', () => {
  it('keeps its desk across reloads and a crash; two windows never hold one desk', async () => {
    const one = station.page;
    await one.goto(station.host.launchUrl);
    await expectStep(one, 'unconfigured');
    await expectDesk(one, '1号台');

    const two = await station.context.newPage();
    await two.goto(station.host.launchUrl);
    await expectDesk(two, '2号台');

    // Reloads: each window keeps its own desk (the shared localStorage used to make them one).
    await one.reload();
    await two.reload();
    await expectDesk(one, '1号台');
    await expectDesk(two, '2号台');

    // Typing a desk another window holds (Enter) is refused and said; the field shows 2号台 again.
    await typeDesk(two, '1号台');
    await two.keyboard.press('Enter');
    await two.getByTestId('desk-taken').waitFor(WAIT);
    expect(await two.getByTestId('desk-taken').textContent()).toContain('1号台');
    expect(await desk(two)).toBe('2号台');
    await expect.poll(() => two.getByTestId('desk').inputValue(), WAIT).toBe('2号台');

    // A free name is taken on leaving the field (Tab), and kept across a reload.
    await typeDesk(two, '5号台');
    await two.keyboard.press('Tab');
    await expectDesk(two, '5号台');
    await two.reload();
    await expectDesk(two, '5号台');

    // A duplicated window (its sessionStorage copied from window 1) gets a free desk, not 1号台.
    const three = await station.context.newPage();
    await three.addInitScript(() => {
      if (!sessionStorage.getItem('station.desk')) sessionStorage.setItem('station.desk', '1号台');
    });
    await three.goto(station.host.launchUrl);
    await expectDesk(three, '2号台');
    expect(await desk(one)).toBe('1号台');

    // A crash of window 1: the browser releases the dead page's lock, and the window opened again
    // with its sessionStorage (as Electron reloads a crashed window) has 1号台 again.
    const cdp = await station.context.newCDPSession(one);
    const crashed = new Promise((resolve) => one.once('crash', resolve));
    void cdp.send('Page.crash').catch(() => undefined); // answers only when the page is gone
    await crashed;
    const again = await station.context.newPage();
    await again.addInitScript(() => {
      if (!sessionStorage.getItem('station.desk')) sessionStorage.setItem('station.desk', '1号台');
    });
    await again.goto(station.host.launchUrl);
    await expectDesk(again, '1号台');
    await Promise.all([three.close(), two.close(), again.close()]);
  }, 60_000);
});
