/**
 * After certification, in headless Chromium against the real host (issue 18): the results screen
 * says how long is left to hand over, makes the handover list (a PDF read back with pdftotext)
 * and seals the election archive — both saved as downloads; the archive passes every
 * verify-archive check.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArchive } from '../../main/services/archive/verify';
import { keyedCandidates } from '../../renderer/features/count/ballotDraft';
import { buildRoundContext } from '../../shared/rules';
import { startStationUnderTest, type StationUnderTest } from './harness';
import { smallDemoPackage } from './smallPackage';
import { checkInByName, closePolls, completeSetup, expectStep, importPackageFile, WAIT } from './steps';

/** Main makes a PDF or seals an archive: seconds alone, much longer with the machine loaded. */
const SLOW = { timeout: 90_000 };

/**
 * Clicks `testId` until the page sends its bridge call. Chromium's PDF viewer, still loading the
 * sheet's preview above, takes the focus and scrolls the page: a click made while it does lands
 * beside the button (seen in about one run in three). A button that never calls fails.
 */
async function clickUntilCalled(page: Page, testId: string, method: string): Promise<void> {
  const route = new RegExp(`/api/bridge/${method}$`);
  for (let attempt = 1; ; attempt++) {
    const called = page.waitForRequest(route, { timeout: 5_000 }).then(() => true, () => false);
    await page.getByTestId(testId).click();
    if (await called) return;
    if (attempt === 3) throw new Error(`${testId}: three clicks and no ${method} call`);
  }
}

let station: StationUnderTest;
beforeAll(async () => {
  station = await startStationUnderTest();
}, 60_000);
afterAll(async () => station?.close());

describe('handover and archive in the browser', () => {
  it('certified: the deadline line, the handover list and the sealed archive as downloads', async () => {
    const { page } = station;
    const pkg = smallDemoPackage(10);
    const voters = pkg.roll.slice(0, 6);
    await page.goto(station.host.launchUrl);
    await importPackageFile(page, JSON.stringify(pkg));
    await expectStep(page, 'setup');
    await completeSetup(page, 100);
    await page.getByTestId('open-polls').click();
    await expectStep(page, 'open');
    for (const voter of voters) await checkInByName(page, voter);
    await closePolls(page);
    await expectStep(page, 'closed');
    await page.getByTestId('rec-unused').fill(String(100 - voters.length));
    await page.getByTestId('rec-confirm').click();
    await expectStep(page, 'reconciled');
    await page.getByTestId('start-count').click();
    await page.getByTestId('box-main').fill(String(voters.length));
    await page.getByTestId('confirm-boxes').click();
    await expectStep(page, 'entering');
    const context = buildRoundContext(pkg.election, 1, null);
    const keyOf = new Map(keyedCandidates(context).map((keyed) => [context.nameOf(keyed.person), keyed.key]));
    // Every paper: 林秀梅 for 主任, 何丽娟 for 副主任, three 委员 — every seat filled, the result final.
    const keys = ['林秀梅', '何丽娟', '马晓燕', '孙海涛', '吴国庆'].map((name) => keyOf.get(name)!);
    for (let paper = 1; paper <= voters.length; paper++) {
      await page.locator('[data-testid="ballot-draft"][data-state="ready"]').waitFor(WAIT);
      for (const key of keys) await page.keyboard.press(key);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('entry-progress').textContent(), WAIT).toContain(String(paper));
    }
    await page.getByTestId('finish-count').click();
    await expectStep(page, 'results');
    // The sheet's preview loads into the panel above (its PDF fetched by the frame): wait for it,
    // or the page still moves under the next click.
    const preview = page.waitForResponse((response) => /\/api\/sheets\/[0-9a-f]{64}\.pdf$/.test(response.url()), SLOW);
    await page.getByTestId('produce-sheet').click();
    // Main prints, reads back and signs the PDFs: on a loaded machine this takes a while.
    await expect.poll(() => page.getByTestId('step').getAttribute('data-step'), SLOW).toBe('certified');

    await preview;
    await page.getByTestId('sheet-frame').waitFor(WAIT);
    const deadline = page.getByTestId('handover-deadline');
    await deadline.waitFor(WAIT);
    expect(await deadline.getAttribute('data-urgency')).toMatch(/^(ok|soon|lastDay|overdue)$/);
    expect(await deadline.textContent()).toContain('2026年12月9日');

    const listDownload = page.waitForEvent('download', SLOW);
    await clickUntilCalled(page, 'produce-handover', 'produceHandover');
    const list = await listDownload;
    expect(list.suggestedFilename()).toMatch(/^移交清单-.+\.pdf$/);
    const listFile = join(station.dataDir, 'downloaded-handover.pdf');
    await list.saveAs(listFile);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', listFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('移交清单');
    expect(text).toContain('印章');
    expect(text).toContain('监交人');

    const archiveDownload = page.waitForEvent('download', SLOW);
    await clickUntilCalled(page, 'produce-archive', 'produceArchive');
    const archive = await archiveDownload;
    expect(archive.suggestedFilename()).toMatch(/^election-archive-.+\.zip$/);
    const archiveFile = join(station.dataDir, 'downloaded-archive.zip');
    await archive.saveAs(archiveFile);
    const verification = verifyArchive(new Uint8Array(readFileSync(archiveFile)));
    expect(verification.checks.filter((check) => !check.ok)).toEqual([]);
    expect(verification.checks.filter((check) => check.issue.code === 'archive.auditIntact')[0]?.issue.params?.events).toBeGreaterThan(10);
    await expect.poll(() => page.getByTestId('handover-done').count(), WAIT).toBe(2);
  }, 300_000);
});
