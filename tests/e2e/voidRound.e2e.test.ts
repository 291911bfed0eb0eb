/** A void round in the real UI: more ballots in the box than were issued ends in 选举无效 with its reason. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startStationUnderTest, type StationUnderTest } from './harness';
import { smallDemoPackage } from './smallPackage';
import { checkInByName, closeAndReconcile, completeSetup, expectStep, importPackageFile, WAIT } from './steps';

let station: StationUnderTest;
beforeAll(async () => {
  station = await startStationUnderTest();
}, 60_000);
afterAll(async () => station?.close());

describe('a void round in the browser', () => {
  it('recovered > issued: the void state, the reason shown, nobody elected', async () => {
    const { page } = station;
    const pkg = smallDemoPackage(100);
    await page.goto(station.host.launchUrl);
    await importPackageFile(page, JSON.stringify(pkg));
    await expectStep(page, 'setup');
    await completeSetup(page, 100);
    await page.getByTestId('open-polls').click();
    await expectStep(page, 'open');
    for (const voter of pkg.roll.slice(0, 52)) await checkInByName(page, voter);
    await closeAndReconcile(page, 48);
    await page.getByTestId('start-count').click();
    await page.getByTestId('box-main').fill('53');
    await page.getByTestId('confirm-boxes').click();
    await expectStep(page, 'void');
    await expect.poll(() => page.getByTestId('void-reason').getAttribute('data-reason'), WAIT).toBe('recoveredExceedsIssued');
    await expect.poll(() => page.getByTestId('void-reason').textContent(), WAIT).toBe('收回的选票多于发出的选票');
    expect(await page.locator('.badge.done').count()).toBe(0);
    await screenshot(page, '24-void-round');
    await page.getByTestId('produce-sheet').click();
    await expectStep(page, 'certified');
    await expect.poll(() => page.getByTestId('void-reason').getAttribute('data-reason'), WAIT).toBe('recoveredExceedsIssued');
  }, 180_000);
});
