/**
 * Every window fits (issue 15, item 4): each screen of the small demo's day at 1366×768 and
 * 1280×800 without horizontal scroll or a wrapping header, and the projector at 1024×768 and
 * 1920×1080 without cut-off rows — measured in Chromium. Saves each screen at 1366×768 and the
 * projector at 1024×768 into screenshots/ (`npm run screenshots` runs this file).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildDemoPackage } from '../../main/services/demo';
import type { ElectionPackage } from '../../shared/election/schemas';
import { SCREENSHOT_DIR, startStationUnderTest, type StationUnderTest } from './harness';
import { checkInByName, closeAndReconcile, completeSetup, expectStep, WAIT } from './steps';

let station: StationUnderTest;
const pkg: ElectionPackage = buildDemoPackage('small');

beforeAll(async () => {
  station = await startStationUnderTest();
}, 60_000);
afterAll(async () => station?.close());

const WINDOWS = [
  { width: 1366, height: 768 },
  { width: 1280, height: 800 },
] as const;
const PROJECTOR = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;

interface Fit {
  readonly horizontalScroll: number;
  readonly headerLines: number;
  readonly wrappedHeaderItems: string[];
}

/** What does not fit: page wider than the window, header items on more than one line or wrapped. */
function measureWindow(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const header = document.querySelector('header.topbar');
    const items = header ? [...header.children].filter((child) => (child as HTMLElement).offsetWidth > 0) : [];
    // A new line starts where an item begins below the bottom of the line so far.
    const boxes = items.map((item) => item.getBoundingClientRect()).sort((a, b) => a.top - b.top);
    let lines = 0;
    let lineBottom = -Infinity;
    for (const box of boxes) {
      if (box.top >= lineBottom - 1) {
        lines++;
        lineBottom = box.bottom;
      } else lineBottom = Math.max(lineBottom, box.bottom);
    }
    const wrapped = items
      .filter((item) => {
        const style = getComputedStyle(item);
        const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
        return item.tagName !== 'LABEL' && item.getBoundingClientRect().height > line * 1.6 + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
      })
      .map((item) => item.textContent ?? '');
    return { horizontalScroll: doc.scrollWidth - doc.clientWidth, headerLines: lines, wrappedHeaderItems: wrapped };
  });
}

/** Rows of the projector cut off at the window's edges. */
function projectorCutOff(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.projector .bar-row, .projector h3, .projector header p')]
      .filter((row) => {
        const box = row.getBoundingClientRect();
        return box.bottom > window.innerHeight + 0.5 || box.right > window.innerWidth + 0.5 || box.left < -0.5;
      })
      .map((row) => row.textContent ?? ''),
  );
}

async function checkScreen(page: Page, name: string): Promise<void> {
  for (const size of WINDOWS) {
    await page.setViewportSize(size);
    await page.waitForTimeout(50);
    const fit = await measureWindow(page);
    expect({ screen: name, size, ...fit }).toEqual({ screen: name, size, horizontalScroll: 0, headerLines: 1, wrappedHeaderItems: [] });
    if (size.width === 1366) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `screen-${name}-1366x768.png`) });
    }
  }
}

describe('every window and the projector fit', () => {
  it('each screen at 1366×768 and 1280×800, the projector at 1024×768 and 1920×1080', async () => {
    const page = station.page;
    await page.goto(station.host.launchUrl);
    await expectStep(page, 'unconfigured');
    await page.getByTestId('use-demo-small').waitFor(WAIT);
    await checkScreen(page, '01-import');
    await page.getByTestId('use-demo-small').click();
    await expectStep(page, 'setup');
    await checkScreen(page, '02-setup');
    await completeSetup(page, pkg.ballotStock);
    await checkScreen(page, '03-ready');
    await page.getByTestId('open-polls').click();
    await expectStep(page, 'open');
    const registered = pkg.roll.filter((voter) => voter.status === 'registered');
    const voters = registered.slice(0, Math.floor(registered.length / 2) + 1);
    for (const voter of voters) await checkInByName(page, voter);
    await checkScreen(page, '04-checkin');
    await page.getByRole('button', { name: /操作日志/ }).click();
    await page.getByTestId('audit-screen').waitFor(WAIT);
    await checkScreen(page, '05-audit');
    await page.getByRole('button', { name: /操作日志|返回/ }).first().click();
    await closeAndReconcile(page, pkg.ballotStock - voters.length);
    await expectStep(page, 'reconciled');
    await checkScreen(page, '06-count-start');
    await page.getByTestId('start-count').click();
    await expectStep(page, 'opening');
    await checkScreen(page, '07-box-opening');
    await page.getByTestId('box-main').fill(String(voters.length));
    await page.getByTestId('confirm-boxes').click();
    await expectStep(page, 'entering');
    await page.locator('[data-testid="ballot-draft"][data-state="ready"]').waitFor(WAIT);
    await checkScreen(page, '08-ballot-entry');

    const projector = await station.context.newPage();
    await projector.goto(`${new URL(station.host.launchUrl).origin}/#/projector`);
    await projector.getByTestId('projector').waitFor(WAIT);
    await projector.getByTestId('running-tally').waitFor(WAIT);
    for (const size of PROJECTOR) {
      await projector.setViewportSize(size);
      await projector.waitForTimeout(50);
      expect({ size, cutOff: await projectorCutOff(projector) }).toEqual({ size, cutOff: [] });
      if (size.width === 1024) await projector.screenshot({ path: join(SCREENSHOT_DIR, 'screen-09-projector-1024x768.png') });
    }
    await projector.close();
  }, 180_000);
});
