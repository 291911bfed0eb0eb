/**
 * A newcomer's first run (issue 15, items 1 and 2), in headless Chromium against the real host:
 * the small demo chosen on the import screen → setup → the check-in desk by keyboard only (type,
 * ↓, Enter opens the ID-check card, Esc goes back with the text kept, Enter on 确认发票 issues; an
 * Enter never issues unseen) → a close at too low a turnout warns with the numbers and is
 * cancelled → more check-ins → the close asks once → the count by keyboard → the signed sheet.
 * Saves the README's screenshots into screenshots/ (demo-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildDemoPackage } from '../../main/services/demo';
import { electionRules } from '../../shared/election/profile';
import type { ElectionPackage, Voter } from '../../shared/election/schemas';
import { buildRoundContext, turnoutNeeded } from '../../shared/rules';
import { keyedCandidates } from '../../renderer/features/count/ballotDraft';
import { screenshot, startStationUnderTest, type StationUnderTest } from './harness';
import { completeSetup, expectStep, WAIT } from './steps';

let station: StationUnderTest;
let page: Page;
const pkg: ElectionPackage = buildDemoPackage('small');

beforeAll(async () => {
  station = await startStationUnderTest();
  page = station.page;
}, 60_000);
afterAll(async () => station?.close());

const SEARCH = '[data-testid="checkin-search-input"]';
const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const issuedCount = async () => Number(await page.getByTestId('stat-issued').textContent());

/** Type the name into the focused search and move with ↓ until the voter is the highlighted one. */
async function findByKeyboard(voter: Voter): Promise<void> {
  expect(await focusedTestId()).toBe('checkin-search-input');
  await page.keyboard.insertText(voter.name);
  const highlighted = page.locator('[data-testid="checkin-search"] [aria-selected="true"]');
  for (let moves = 0; (await highlighted.getAttribute('data-voter-id')) !== voter.id; moves++) {
    if (moves === 12) throw new Error(`${voter.name} is not among the matches`);
    await page.keyboard.press('ArrowDown');
  }
}

/** The whole desk for one voter, by keyboard only. */
async function checkInByKeyboard(voter: Voter): Promise<void> {
  await findByKeyboard(voter);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('confirm-card').textContent(), WAIT).toContain(voter.idTail);
  await expect.poll(focusedTestId, WAIT).toBe('confirm-issue');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('checkin-ok').textContent(), WAIT).toContain(voter.name);
  await expect.poll(focusedTestId, WAIT).toBe('checkin-search-input');
}

describe('the small demo, as a newcomer runs it', () => {
  it('goes from the import screen to the signed sheet, the check-in desk by keyboard only, warned before an invalid close', async () => {
    await page.goto(station.host.launchUrl);
    await expectStep(page, 'unconfigured');
    await page.getByTestId('use-demo-small').waitFor(WAIT);
    await screenshot(page, 'demo-01-import');
    await page.getByTestId('use-demo-small').click();
    await expectStep(page, 'setup');
    await completeSetup(page, pkg.ballotStock);
    await page.getByTestId('open-polls').click();
    await expectStep(page, 'open');

    const registered = pkg.roll.filter((voter) => voter.status === 'registered');
    const needed = turnoutNeeded({ election: pkg.election, rules: electionRules(pkg.election), isRunoff: false }, registered.length);
    expect(needed).toBeLessThanOrEqual(16);

    // The Enter that chooses the voter opens the ID-check card; it issues nothing.
    const first = registered[0]!;
    await expect.poll(focusedTestId, WAIT).toBe('checkin-search-input');
    await findByKeyboard(first);
    await page.keyboard.press('Enter');
    const card = page.getByTestId('confirm-card');
    await expect.poll(() => card.textContent(), WAIT).toContain('核对身份');
    for (const shown of [first.name, first.idTail, first.address, first.group, '本轮尚未领票']) expect(await card.textContent()).toContain(shown);
    await expect.poll(focusedTestId, WAIT).toBe('confirm-issue');
    await screenshot(page, 'demo-02-id-check');
    expect(await issuedCount()).toBe(0);
    // Esc: back to the search, the text kept; Enter again opens the card; Enter on 确认发票 issues.
    await page.keyboard.press('Escape');
    await expect.poll(() => card.count(), WAIT).toBe(0);
    expect(await page.locator(SEARCH).inputValue()).toBe(first.name);
    expect(await focusedTestId()).toBe('checkin-search-input');
    expect(await issuedCount()).toBe(0);
    await page.keyboard.press('Enter');
    await expect.poll(focusedTestId, WAIT).toBe('confirm-issue');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('checkin-ok').textContent(), WAIT).toContain(first.name);
    expect(await issuedCount()).toBe(1);

    // The same voter again: the card says so, and Enter is refused with the reason.
    await expect.poll(focusedTestId, WAIT).toBe('checkin-search-input');
    await findByKeyboard(first);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('confirm-status').textContent(), WAIT).toContain('本轮已领票');
    await page.keyboard.press('Enter');
    await page.locator('[data-code="checkin.alreadyIssued"]').waitFor(WAIT);
    expect(await issuedCount()).toBe(1);
    await page.keyboard.press('Escape');

    for (const voter of registered.slice(1, 5)) await checkInByKeyboard(voter);
    expect(await issuedCount()).toBe(5);

    // Closing now: the round would be invalid — said with the numbers, and cancelled.
    await page.getByTestId('close-polls').click();
    await expect.poll(() => page.getByTestId('close-warning-turnout').textContent(), WAIT).toBe(
      `参加投票 5 人，登记选民 ${registered.length} 人：未超过半数（至少要 ${needed} 人），现在结束投票，本轮选举无效。`,
    );
    expect(await page.getByTestId('confirm-close').count()).toBe(0);
    await screenshot(page, 'demo-03-close-warning');
    await page.getByTestId('cancel-close').click();
    await expectStep(page, 'open');

    const voters = registered.slice(0, needed + 1);
    await page.locator(SEARCH).focus();
    for (const voter of voters.slice(5)) await checkInByKeyboard(voter);
    expect(await issuedCount()).toBe(voters.length);

    // More than half took part: the close asks once, with no warning.
    await page.getByTestId('close-polls').click();
    await page.getByTestId('confirm-close').waitFor(WAIT);
    expect(await page.getByTestId('close-warnings').count()).toBe(0);
    await page.getByTestId('confirm-close').click();
    await expectStep(page, 'closed');
    await page.getByTestId('rec-unused').fill(String(pkg.ballotStock - voters.length));
    await page.getByTestId('rec-confirm').click();
    await expectStep(page, 'reconciled');

    // The count, by keyboard: every paper 林秀梅 for 主任 and four 委员.
    await page.getByTestId('start-count').click();
    await expectStep(page, 'opening');
    await page.getByTestId('box-main').fill(String(voters.length));
    await page.getByTestId('confirm-boxes').click();
    await expectStep(page, 'entering');
    const context = buildRoundContext(pkg.election, 1, null);
    const keyOf = new Map(keyedCandidates(context).map((keyed) => [context.nameOf(keyed.person), keyed.key]));
    const keys = ['林秀梅', '赵文静', '孙海涛', '马晓燕', '吴国庆'].map((name) => keyOf.get(name)!);
    for (let paper = 1; paper <= voters.length; paper++) {
      await page.locator('[data-testid="ballot-draft"][data-state="ready"]').waitFor(WAIT);
      for (const key of keys) await page.keyboard.press(key);
      if (paper === 1) await screenshot(page, 'demo-04-ballot-entry');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('entry-progress').textContent(), WAIT).toContain(String(paper));
    }
    await expect.poll(() => page.getByTestId('entry-progress').textContent(), WAIT).toContain(`${voters.length} / 收回 ${voters.length}`);
    await page.getByTestId('finish-count').click();
    await expectStep(page, 'results');
    await screenshot(page, 'demo-05-results');

    await page.getByTestId('produce-sheet').click();
    await expectStep(page, 'certified');
    await page.getByTestId('save-sheet').waitFor(WAIT);
    await screenshot(page, 'demo-06-signed-sheet');
  }, 300_000);
});
