/**
 * The polling day in the real UI, in headless Chromium, against the real host services:
 * import → setup → open → 60 check-ins by every kind of search → a duplicate refused →
 * 3 proxies and a 4th refused → a mobile-box trip → a spoiled ballot → reload mid check-in
 * → close → the ballot account balances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ElectionPackage } from '../../shared/election/schemas';
import { otherVoters, pickVoters, type PickedVoter } from './demoRoll';
import { screenshot, startStationUnderTest, type StationUnderTest } from './harness';
import { createHttpBridge } from '../../renderer/bridge/httpBridge';

let station: StationUnderTest;
let page: Page;
let pkg: ElectionPackage;

beforeAll(async () => {
  station = await startStationUnderTest();
  page = station.page;
  pkg = JSON.parse(await createHttpBridge(station.host.url, station.host.secret).demoPackage()) as ElectionPackage;
}, 60_000);
afterAll(async () => station?.close());

const step = () => page.getByTestId('step').getAttribute('data-step');
const expectStep = async (name: string) => expect.poll(step, { timeout: 15_000 }).toBe(name);

async function pickFrom(testId: string, query: string, voterId: string) {
  await page.getByTestId(`${testId}-input`).fill(query);
  await page.locator(`[data-testid="${testId}"] [data-voter-id="${voterId}"]`).click();
}

async function checkIn(picked: PickedVoter) {
  await pickFrom('checkin-search', picked.query, picked.voter.id);
  await expect.poll(() => page.getByTestId('confirm-card').textContent()).toContain(picked.voter.name);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('checkin-ok').textContent()).toContain(picked.voter.name);
}

describe('polling day in the browser', () => {
  it('runs from package import to reconciled ballots, and survives a reload mid check-in', async () => {
    await page.goto(station.host.launchUrl);
    await expectStep('unconfigured');
    await screenshot(page, '01-import');
    await page.getByTestId('use-demo').click();
    await expectStep('setup');

    const names = { chair: '周建国', chiefScrutineer: '孙志强', scrutineers: '钱敏、何丽', callers: '吴磊', recorders: '郑洁', checkinClerks: '冯静、陈刚', ballotStock: '3200', emptyBoxCheckedBy: '孙志强' };
    for (const [field, value] of Object.entries(names)) await page.getByTestId(`setup-${field}`).fill(value);
    await screenshot(page, '02-setup');
    await page.getByTestId('setup-confirm').click();
    await expectStep('ready');
    await page.getByTestId('open-polls').click();
    await expectStep('open');

    const voters = pickVoters(pkg, 15);
    expect(voters).toHaveLength(60);
    expect(new Set(voters.map((v) => v.kind))).toEqual(new Set(['name', 'initials', 'idTail', 'address']));
    // Interleave the kinds of search, as a real queue would.
    const queue = [0, 1, 2, 3].flatMap((k) => voters.filter((_, i) => i % 4 === k));
    for (const picked of queue.slice(0, 30)) await checkIn(picked);
    await expect.poll(() => page.getByTestId('stat-issued').textContent()).toBe('30');
    await screenshot(page, '03-checkin');

    // Reload in the middle of a check-in: the confirm card is up when the page goes away.
    const midway = queue[30] as PickedVoter;
    await pickFrom('checkin-search', midway.query, midway.voter.id);
    await page.getByTestId('confirm-card').waitFor();
    await page.reload();
    await expectStep('open');
    await expect.poll(() => page.getByTestId('stat-issued').textContent()).toBe('30');
    for (const picked of queue.slice(30)) await checkIn(picked);
    await expect.poll(() => page.getByTestId('stat-issued').textContent()).toBe('60');

    // A second ballot to the same voter is refused, naming the first issue.
    const again = queue[0] as PickedVoter;
    await pickFrom('checkin-search', again.query, again.voter.id);
    await page.getByTestId('confirm-issue').click();
    await expect(page.locator('[data-code="checkin.alreadyIssued"]').textContent()).resolves.toContain(again.voter.name);
    await screenshot(page, '04-duplicate-refused');

    // One proxy holder with three entrustments; the fourth is refused.
    const [holder, ...rest] = otherVoters(pkg, voters, 9);
    const entrusting = rest.slice(0, 4);
    await page.getByTestId('tab-proxy').click();
    await pickFrom('proxy-holder-search', holder!.name, holder!.id);
    for (const [index, voter] of entrusting.entries()) {
      await pickFrom('proxy-entrusting-search', voter.name, voter.id);
      await page.getByTestId('proxy-form-number').fill(`WT-${index + 1}`);
      await page.getByTestId('proxy-relationship').selectOption('other');
      await page.getByTestId('proxy-record').click();
      if (index < 3) await expect.poll(() => page.getByTestId('proxy-ok').textContent()).toContain(voter.name);
    }
    await expect.poll(() => page.locator('[data-code="proxy.holderFull"]').count()).toBe(1);
    await screenshot(page, '05-proxy-refused');

    // A mobile-box trip: 5 ballots out with 3 staff, 2 voters served, 3 brought back.
    await page.getByTestId('tab-mobile').click();
    await page.getByTestId('trip-ballots-out').fill('5');
    await page.getByTestId('trip-staff').fill('何丽、陈刚、赵强');
    await page.getByTestId('trip-depart').click();
    await page.getByTestId('trip').waitFor();
    for (const voter of rest.slice(4, 6)) await pickFrom('trip-serve', voter.name, voter.id);
    await expect.poll(() => page.getByTestId('trip').textContent()).toContain('2');
    await page.getByTestId('trip-ballots-back').fill('3');
    await page.getByTestId('trip-return').click();
    await expect.poll(() => page.getByTestId('trip').getAttribute('data-trip-id')).toBeTruthy();
    await expect.poll(() => page.getByTestId('stat-issued').textContent()).toBe('65');
    await screenshot(page, '06-mobile-box');

    // A spoiled ballot is replaced: the issued count does not grow, the stock shrinks.
    await page.getByTestId('tab-corrections').click();
    await pickFrom('spoiled-search', again.voter.name, again.voter.id);
    await page.getByTestId('spoiled-record').click();
    await expect.poll(() => page.getByTestId('spoiled-ok').textContent()).toContain(again.voter.name);
    await expect.poll(() => page.getByTestId('stat-left').textContent()).toBe(String(3200 - 65 - 1));

    // Close and reconcile: 65 issued + 1 spoiled + 3134 unused = 3200.
    // 65 of about 3,000 took part: the close warns that the round will be invalid and asks twice.
    await page.getByTestId('close-polls').click();
    await expect.poll(() => page.getByTestId('close-warning-turnout').textContent()).toContain('参加投票 65 人');
    await page.getByTestId('close-anyway').click();
    await page.getByTestId('confirm-close').click();
    await expectStep('closed');
    await expect(page.getByTestId('rec-issued').textContent()).resolves.toBe('65');
    await page.getByTestId('rec-unused').fill('3134');
    await expect.poll(() => page.getByTestId('rec-balance').getAttribute('class')).toContain('ok');
    await screenshot(page, '07-reconcile');
    await page.getByTestId('rec-confirm').click();
    await expectStep('reconciled');

    // The audit log holds every step with an intact hash chain.
    await page.getByRole('button', { name: '操作日志' }).click();
    await expect.poll(() => page.getByTestId('audit-chain').getAttribute('class')).toContain('ok');
    expect(await page.getByTestId('audit-row').count()).toBeGreaterThan(70);
    await screenshot(page, '08-audit');
  }, 240_000);
});
