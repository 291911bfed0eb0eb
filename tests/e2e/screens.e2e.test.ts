/**
 * Every window fits (issue 15, item 4): every screen of the small demo's day — the import (and
 * a refused one), the setup (and a stock that differs), the desk and its side tasks, the close
 * prompts, the reconciliation, the count and its prompts, the results, a runoff (另行选举) with
 * double entry from ready to its results, a desk name refused in the header, the signed sheet,
 * the sync panel, the audit log, a void round and the journal-recovery offer — at 1366×768 and
 * 1280×800, in Chinese and in English: no horizontal scroll, the header on one line, nothing
 * past its panel or dialog, no squeezed column. The projector at 1024×768 and 1920×1080 during
 * round 1's count, at its results and during the runoff (which it shows, not round 1): no
 * cut-off row, each position's bars on one track. Measured in Chromium. Saves each screen
 * (Chinese) at 1366×768 and the projector at 1024×768 into screenshots/ (`npm run screenshots`
 * runs this file).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildDemoPackage } from '../../main/services/demo';
import { startHost } from '../../main/host/server';
import type { CountResult, ElectionPackage, Voter } from '../../shared/election/schemas';
import { buildRoundContext } from '../../shared/rules/context';
import { keyedCandidates } from '../../renderer/features/count/ballotDraft';
import { launchChromium, openRoute, RENDERER_DIST, SCREENSHOT_DIR, startStationUnderTest, type StationUnderTest } from './harness';
import { checkInByName, closeAndReconcile, completeSetup, enterBallotKeys, expectStep, importPackageFile, openBoxes, openPolls, pickVoter, WAIT } from './steps';

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
  readonly dialogsCutOff: string[];
  readonly shortenedTooFar: string[];
  readonly contentOutside: string[];
  readonly squeezedCells: string[];
}

/**
 * What does not fit: page wider than the window, header items on more than one line or wrapped,
 * the station name shortened to less than four characters, content reaching past its panel's or
 * dialog's edge, a table column squeezed to one character a line, a dialog or prompt (the sync panel, the close prompt, the ID-check card) reaching past the
 * window's left or right edge.
 */
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
    const dialogs = [...document.querySelectorAll('[role="dialog"], [data-testid="polls-controls"], [data-testid="confirm-card"], [data-testid="writein-input"], [data-testid="withdraw-reason"], [data-testid="desk-taken"]')];
    const cutOff = dialogs
      .filter((dialog) => {
        const box = dialog.getBoundingClientRect();
        return box.width > 0 && (box.left < -0.5 || box.right > doc.clientWidth + 0.5);
      })
      .map((dialog) => dialog.getAttribute('data-testid') ?? dialog.tagName);
    // A long station name may shorten (…), but never below its first four characters.
    const shortened = [...document.querySelectorAll('header.topbar .station-name')]
      .filter((item) => item.clientWidth < Math.min(item.scrollWidth, 4 * parseFloat(getComputedStyle(item).fontSize)))
      .map((item) => item.textContent ?? '');
    // Anything reaching past the edge of its panel or dialog (unless inside a box that scrolls or clips it).
    const outside: string[] = [];
    for (const container of document.querySelectorAll('.panel, [role="dialog"]')) {
      const edge = container.getBoundingClientRect();
      if (edge.width === 0) continue;
      for (const element of container.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || (box.right <= edge.right + 0.5 && box.left >= edge.left - 0.5) || !element.checkVisibility()) continue;
        let clipped = false;
        for (let up = element.parentElement; up && up !== container; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') clipped = true;
        if (!clipped) outside.push(`${container.getAttribute('data-testid') ?? container.className}: ${element.tagName} ${(element.textContent ?? '').slice(0, 40)}`);
      }
    }
    // A table column squeezed to a few characters a line (周/建/国) by a wide neighbour: its text
    // wraps in a column narrower than three characters.
    const squeezed = [...document.querySelectorAll('table.data th, table.data td')]
      .filter((cell) => {
        if (!cell.checkVisibility() || (cell.textContent ?? '').trim().length < 2) return false;
        const style = getComputedStyle(cell);
        const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const range = document.createRange();
        range.selectNodeContents(cell);
        const lineTops = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
        return lineTops.size > 1 && inner < 3 * parseFloat(style.fontSize);
      })
      .map((cell) => cell.textContent ?? '');
    return { horizontalScroll: doc.scrollWidth - doc.clientWidth, headerLines: lines, wrappedHeaderItems: wrapped, dialogsCutOff: cutOff, shortenedTooFar: shortened, contentOutside: outside, squeezedCells: squeezed };
  });
}

interface ProjectorFit {
  readonly cutOff: string[];
  readonly unevenBars: string[];
}

/**
 * Rows of the projector cut off at the window's edges, and positions whose bars do not all have
 * the same track (a row with 当选 or 反对 must not get a shorter bar than one without).
 */
function measureProjector(page: Page): Promise<ProjectorFit> {
  return page.evaluate(() => {
    const cutOff = [...document.querySelectorAll('.projector .bar-row, .projector h3, .projector header p')]
      .filter((row) => {
        const box = row.getBoundingClientRect();
        return box.bottom > window.innerHeight + 0.5 || box.right > window.innerWidth + 0.5 || box.left < -0.5;
      })
      .map((row) => row.textContent ?? '');
    const unevenBars = [...document.querySelectorAll('.projector .tally-position')]
      .filter((position) => {
        const tracks = [...position.querySelectorAll('.bar')].map((bar) => bar.getBoundingClientRect()).map((box) => `${Math.round(box.left)}-${Math.round(box.right)}`);
        return new Set(tracks).size > 1;
      })
      .map((position) => position.getAttribute('data-position') ?? '');
    return { cutOff, unevenBars };
  });
}

const screens: string[] = [];

async function measureAtBothSizes(page: Page, screen: string, language: string, screenshotFile: string | null): Promise<void> {
  for (const size of WINDOWS) {
    await page.setViewportSize(size);
    const fit = await measureWindow(page);
    expect.soft({ screen, language, size, ...fit }).toEqual({ screen, language, size, horizontalScroll: 0, headerLines: 1, wrappedHeaderItems: [], dialogsCutOff: [], shortenedTooFar: [], contentOutside: [], squeezedCells: [] });
    if (size.width === 1366 && screenshotFile !== null) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, screenshotFile) });
    }
  }
}

/** The top bar's language switch, clicked as a clerk would; the focus goes back where it was. */
async function switchLanguage(page: Page, to: 'en' | 'zh-CN'): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { focusedBefore: Element | null }).focusedBefore = document.activeElement;
  });
  await page.locator(`header.topbar button[lang="${to}"]`).click();
  await page.locator(`header.topbar button[lang="${to === 'en' ? 'zh-CN' : 'en'}"]`).waitFor(WAIT);
  await page.evaluate(() => ((window as unknown as { focusedBefore: Element | null }).focusedBefore as HTMLElement | null)?.focus());
}

/**
 * Measures the screen as it is at both window sizes, in Chinese and in English (the catalogue's
 * two languages; English words are longer), and saves it in Chinese at 1366×768, numbered in order.
 */
async function checkScreen(page: Page, name: string): Promise<void> {
  screens.push(name);
  await measureAtBothSizes(page, name, 'zh-CN', `screen-${String(screens.length).padStart(2, '0')}-${name}-1366x768.png`);
  await switchLanguage(page, 'en');
  await measureAtBothSizes(page, name, 'en', null);
  await switchLanguage(page, 'zh-CN');
}

/** The projector at both sizes, every row inside the window; saved at 1024×768. */
async function checkProjector(projector: Page, name: string): Promise<void> {
  for (const size of PROJECTOR) {
    await projector.setViewportSize(size);
    await projector.waitForTimeout(50);
    expect.soft({ projector: name, size, ...(await measureProjector(projector)) }).toEqual({ projector: name, size, cutOff: [], unevenBars: [] });
    if (size.width === 1024) await projector.screenshot({ path: join(SCREENSHOT_DIR, `projector-${name}-1024x768.png`) });
  }
}

/** The keys of the named candidates in a round's entry screen. */
function keysFor(round: number, runoffOf: CountResult | null, names: readonly string[]): string[] {
  const context = buildRoundContext(pkg.election, round, runoffOf);
  const keyOf = new Map(keyedCandidates(context).map((keyed) => [context.nameOf(keyed.person), keyed.key]));
  return names.map((name) => {
    const key = keyOf.get(name);
    if (key === undefined) throw new Error(`${name} is not on round ${round}'s ballot`);
    return key;
  });
}

const registered = pkg.roll.filter((voter) => voter.status === 'registered' && pkg.roll.filter((other) => other.name === voter.name).length === 1);

describe('every window and the projector fit', () => {
  it('each screen of a day with a runoff at 1366×768 and 1280×800, the projector at 1024×768 and 1920×1080', async () => {
    const page = station.page;
    await page.goto(station.host.launchUrl);
    await expectStep(page, 'unconfigured');
    await page.getByTestId('use-demo-small').waitFor(WAIT);
    await checkScreen(page, 'import');
    // A tampered package is refused on the import screen, with the reason.
    await importPackageFile(page, JSON.stringify({ ...pkg, ballotStock: pkg.ballotStock + 100 }));
    await page.locator('[data-code="signature.invalid"]').waitFor(WAIT);
    await checkScreen(page, 'import-refused');
    await page.getByTestId('use-demo-small').click();
    await expectStep(page, 'setup');
    await checkScreen(page, 'setup');
    // Two ballots fewer than the package's allocation: the difference is shown and a reason asked.
    await page.getByTestId('setup-ballotStock').fill(String(pkg.ballotStock - 2));
    await page.getByTestId('setup-stock-differences').waitFor(WAIT);
    await page.getByTestId('setup-ballotStockReason').waitFor(WAIT);
    await page.getByTestId('setup-ballotStockReason').scrollIntoViewIfNeeded();
    await checkScreen(page, 'setup-stock-differs');
    await completeSetup(page, pkg.ballotStock);
    await checkScreen(page, 'ready');
    await openPolls(page);

    // Round 1: 15 at the desk and 1 served by the mobile box — 16 of 30, just more than half.
    const [first, ...others] = registered as [Voter, ...Voter[]];
    const deskVoters = [first, ...others.slice(0, 14)];
    const mobileVoter = others[14] as Voter;
    await pickVoter(page, 'checkin-search', first);
    await page.getByTestId('confirm-card').waitFor(WAIT);
    await checkScreen(page, 'id-check');
    await page.getByTestId('confirm-issue').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('checkin-ok').textContent(), WAIT).toContain(first.name);
    for (const voter of deskVoters.slice(1, 5)) await checkInByName(page, voter);
    await checkScreen(page, 'checkin');

    await page.getByTestId('tab-proxy').click();
    await pickVoter(page, 'proxy-entrusting-search', others[20] as Voter);
    await pickVoter(page, 'proxy-holder-search', first);
    await page.getByTestId('proxy-form-number').fill('WT-1');
    await checkScreen(page, 'proxy');

    await page.getByTestId('tab-mobile').click();
    await page.getByTestId('trip-ballots-out').fill('2');
    await page.getByTestId('trip-staff').fill('何丽、陈刚、赵强');
    await page.getByTestId('trip-depart').click();
    await page.getByTestId('trip').waitFor(WAIT);
    await pickVoter(page, 'trip-serve', mobileVoter);
    await expect.poll(() => page.getByTestId('stat-issued').textContent(), WAIT).toBe('6');
    await checkScreen(page, 'mobile-box-out');
    const tripId = (await page.getByTestId('trip').getAttribute('data-trip-id')) as string;

    await page.getByTestId('tab-corrections').click();
    await pickVoter(page, 'spoiled-search', first);
    await page.getByTestId('spoiled-record').click();
    await expect.poll(() => page.getByTestId('spoiled-ok').textContent(), WAIT).toContain(first.name);
    await checkScreen(page, 'corrections');

    await page.getByTestId('pause-polls').click();
    await expectStep(page, 'paused');
    await checkScreen(page, 'paused');
    await page.getByTestId('resume-polls').click();
    await expectStep(page, 'open');

    // A close now warns twice over: too few took part, a mobile box is out.
    await page.getByTestId('close-polls').click();
    await page.getByTestId('close-warning-tripsOut').waitFor(WAIT);
    await page.getByTestId('close-warning-turnout').waitFor(WAIT);
    await checkScreen(page, 'close-warnings');
    await page.getByTestId('close-anyway').click();
    await page.getByTestId('confirm-close').waitFor(WAIT);
    await checkScreen(page, 'close-asked-again');
    await page.getByTestId('cancel-close').click();

    await page.getByTestId('tab-mobile').click();
    await page.getByTestId('trip-ballots-back').fill('1');
    await page.getByTestId('trip-return').click();
    await page.getByTestId('tab-desk').click();
    for (const voter of deskVoters.slice(5)) await checkInByName(page, voter);
    await expect.poll(() => page.getByTestId('stat-issued').textContent(), WAIT).toBe('16');
    // Enough took part and the box is back: the close asks once.
    await page.getByTestId('close-polls').click();
    await page.getByTestId('confirm-close').waitFor(WAIT);
    expect(await page.getByTestId('close-warnings').count()).toBe(0);
    await checkScreen(page, 'close-confirm');
    await page.getByTestId('confirm-close').click();
    await expectStep(page, 'closed');
    // 40 = 16 issued + 1 spoiled + 23 unused.
    await page.getByTestId('rec-unused').fill('23');
    await expect.poll(() => page.getByTestId('rec-balance').getAttribute('class'), WAIT).toContain('ok');
    await checkScreen(page, 'reconcile');
    await page.getByTestId('rec-confirm').click();
    await expectStep(page, 'reconciled');
    await checkScreen(page, 'count-start');
    await page.getByTestId('start-count').click();
    await expectStep(page, 'opening');
    await page.getByTestId(`box-${tripId}`).waitFor(WAIT);
    await checkScreen(page, 'box-opening');
    await page.getByTestId('box-main').fill('15');
    await page.getByTestId(`box-${tripId}`).fill('1');
    await page.getByTestId('confirm-boxes').click();
    await expectStep(page, 'entering');

    // 16 papers: 林秀梅 for 主任 on all; 委员 赵文静 孙海涛 马晓燕 on all (elected), 吴国庆 on 7 and
    // 郑佳怡 on 8 — neither more than half, so the fourth 委员 seat goes to a runoff.
    const common = ['林秀梅', '赵文静', '孙海涛', '马晓燕'];
    const papers = [
      ...Array.from({ length: 7 }, () => keysFor(1, null, [...common, '吴国庆'])),
      keysFor(1, null, common),
      ...Array.from({ length: 8 }, () => keysFor(1, null, [...common, '郑佳怡'])),
    ];
    await page.locator('[data-testid="ballot-draft"][data-state="ready"]').waitFor(WAIT);
    for (const key of papers[0] as string[]) await page.keyboard.press(key);
    await checkScreen(page, 'ballot-entry');
    await page.keyboard.press('Escape');
    for (const keys of papers.slice(0, 8)) await enterBallotKeys(page, keys);
    // A write-in for 委员 (F2) and a withdrawal (Ctrl+Z) — each prompt measured, then let go with Esc.
    await page.keyboard.press('F2');
    await page.getByTestId('writein-input').waitFor(WAIT);
    await page.keyboard.insertText('钱七');
    await checkScreen(page, 'write-in');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await page.getByTestId('withdraw-reason').waitFor(WAIT);
    await checkScreen(page, 'withdraw');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('withdraw-reason').count(), WAIT).toBe(0);

    const projector = await openRoute(station, '#/projector');
    await projector.getByTestId('running-tally').waitFor(WAIT);
    await expect.poll(() => projector.getByTestId('projector-counted').textContent(), WAIT).toContain('8');
    expect(await projector.getByTestId('projector-round').getAttribute('data-round')).toBe('1');
    await checkProjector(projector, '1-count');
    for (const keys of papers.slice(8)) await enterBallotKeys(page, keys);
    await page.getByTestId('finish-count').click();
    await expectStep(page, 'results');
    await page.getByTestId('runoff').waitFor(WAIT);
    await checkScreen(page, 'results-round-1');
    await expect.poll(() => projector.locator('.bar-elected:not(:empty)').count(), WAIT).toBeGreaterThan(0);
    await checkProjector(projector, '2-results');

    // The runoff: one 委员 seat between 郑佳怡 and 吴国庆; the turnout rule again (16 of 30); double entry.
    const round1 = JSON.parse((await page.getByTestId('result-json-1').textContent()) ?? 'null') as CountResult;
    expect(round1.runoff?.positions.map((position) => position.id)).toEqual(['member']);
    await page.getByTestId('runoff-stock').fill('20');
    await page.getByTestId('start-runoff').click();
    await expectStep(page, 'ready');
    await checkScreen(page, 'runoff-ready');
    await openPolls(page);
    for (const voter of deskVoters.slice(0, 5)) await checkInByName(page, voter);
    await checkScreen(page, 'runoff-checkin');
    for (const voter of [...deskVoters.slice(5), mobileVoter]) await checkInByName(page, voter);
    await closeAndReconcile(page, 20 - 16);
    await page.getByTestId('start-count').click();
    await expectStep(page, 'opening');
    await page.getByTestId('double-entry').check();
    await checkScreen(page, 'runoff-box-opening');
    await page.getByTestId('box-main').fill('16');
    await page.getByTestId('confirm-boxes').click();
    await expectStep(page, 'entering');
    const [zheng, wu] = keysFor(2, round1, ['郑佳怡', '吴国庆']) as [string, string];
    // 郑佳怡 11, 吴国庆 5: only she reaches a third of the 16 papers.
    const runoffPapers = [zheng, zheng, wu, ...Array.from({ length: 4 }, () => wu), ...Array.from({ length: 9 }, () => zheng)];
    for (const key of runoffPapers.slice(0, 3)) await enterBallotKeys(page, [key]);
    await checkScreen(page, 'runoff-entry');
    await projector.bringToFront();
    await expect.poll(() => projector.getByTestId('projector-round').getAttribute('data-round'), WAIT).toBe('2');
    expect(await projector.getByTestId('projector-round').textContent()).toContain('另行选举');
    await expect.poll(() => projector.getByTestId('projector-counted').textContent(), WAIT).toContain('3');
    await checkProjector(projector, '3-runoff');
    await page.bringToFront();
    for (const key of runoffPapers.slice(3)) await enterBallotKeys(page, [key]);

    // Desk B reads paper 3 differently: the disagreement is settled for desk A's reading.
    const deskB = await openRoute(station, '#/entry-b');
    await deskB.getByTestId('entry-B').waitFor(WAIT);
    for (const [index, key] of runoffPapers.entries()) await enterBallotKeys(deskB, [index === 2 ? zheng : key]);
    await checkScreen(deskB, 'runoff-entry-b');
    // Desk B's clerk types desk A's name in the header: refused and said, under the field.
    const deskA = (await page.getByTestId('desk').getAttribute('data-desk')) as string;
    await deskB.getByTestId('desk').fill(deskA);
    await deskB.getByTestId('desk').press('Enter');
    await deskB.getByTestId('desk-taken').waitFor(WAIT);
    await checkScreen(deskB, 'desk-taken');
    await deskB.close();
    await page.bringToFront();
    await page.getByTestId('disagreement-sentence').waitFor(WAIT);
    await checkScreen(page, 'runoff-disagreement');
    await page.getByTestId('disagreements').getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('finish-count').isEnabled(), WAIT).toBe(true);
    await page.getByTestId('finish-count').click();
    await expectStep(page, 'results');
    await expect.poll(() => page.getByTestId('committee-member').locator('[data-person]').count(), WAIT).toBe(4);
    await checkScreen(page, 'results-merged');
    await projector.close();

    await page.getByTestId('produce-sheet').click();
    await expectStep(page, 'certified');
    await page.getByTestId('sheet-frame').waitFor(WAIT);
    await checkScreen(page, 'signed-sheet');
    await page.getByTestId('sheet-frame').scrollIntoViewIfNeeded();
    await checkScreen(page, 'sheet-preview');

    await page.getByTestId('sync-toggle').click();
    await page.getByTestId('sync-panel').waitFor(WAIT);
    await checkScreen(page, 'sync-panel');
    await page.getByTestId('sync-toggle').click();

    await page.getByRole('button', { name: '操作日志' }).click();
    await page.getByTestId('audit-screen').waitFor(WAIT);
    await checkScreen(page, 'audit');
    // 详情 open on the newest events: the recorded data (long JSON) stays inside the table.
    for (const details of (await page.locator('[data-testid="audit-row"] details').all()).slice(0, 3)) await details.locator('summary').click();
    await checkScreen(page, 'audit-details');
  }, 300_000);

  it('a void round, its sheet, and the journal-recovery offer at 1366×768 and 1280×800', async () => {
    const voidStation = await startStationUnderTest();
    try {
      const page = voidStation.page;
      await page.goto(voidStation.host.launchUrl);
      await page.getByTestId('use-demo-small').click();
      await expectStep(page, 'setup');
      await completeSetup(page, pkg.ballotStock);
      await openPolls(page);
      await checkInByName(page, registered[0] as Voter);
      await closeAndReconcile(page, pkg.ballotStock - 1);
      await openBoxes(page, { main: 2 });
      await expectStep(page, 'void');
      await checkScreen(page, 'void');
      await page.getByTestId('produce-sheet').click();
      await expectStep(page, 'certified');
      await page.getByTestId('void-screen').waitFor(WAIT);
      await checkScreen(page, 'void-certified');

      // The browser profile lost, the host started again on its data folder: the offer comes first.
      const host = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir: voidStation.dataDir, staticDir: RENDERER_DIST, recoverFromJournal: '' });
      const profile = mkdtempSync(join(tmpdir(), 'station-chromium-recovery-'));
      const context = await launchChromium(profile);
      try {
        const fresh = context.pages()[0] ?? (await context.newPage());
        await fresh.goto(host.launchUrl);
        await fresh.getByTestId('recovery-question').waitFor(WAIT);
        await checkScreen(fresh, 'recovery-offer');
      } finally {
        await context.close();
        await host.close();
        rmSync(profile, { recursive: true, force: true });
      }
    } finally {
      await voidStation.close();
    }
  }, 120_000);
});
