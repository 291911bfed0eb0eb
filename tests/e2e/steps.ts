/** Clerk steps in the real UI, shared by the end-to-end tests. */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Voter } from '../../shared/election/schemas';

export const WAIT = { timeout: 15_000 };

export const step = (page: Page) => page.getByTestId('step').getAttribute('data-step');
export const expectStep = (page: Page, name: string) => expect.poll(() => step(page), WAIT).toBe(name);

export async function importPackageFile(page: Page, text: string): Promise<void> {
  await page.getByTestId('package-file').setInputFiles({ name: 'station.election.json', mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
}

export async function completeSetup(page: Page, ballotStock: number): Promise<void> {
  const names = { chair: '周建国', chiefScrutineer: '孙志强', scrutineers: '钱敏、何丽', callers: '吴磊', recorders: '郑洁', checkinClerks: '冯静、陈刚', ballotStock: String(ballotStock), emptyBoxCheckedBy: '孙志强' };
  for (const [field, value] of Object.entries(names)) await page.getByTestId(`setup-${field}`).fill(value);
  // A stock that is not the package's allocation (or out of line with the electorate) needs a reason —
  // judged once the roll is read (until then the number registered is not known).
  await page.locator('[data-testid="setup-screen"][data-roll="read"]').waitFor(WAIT);
  if ((await page.getByTestId('setup-stock-differences').count()) > 0) await page.getByTestId('setup-ballotStockReason').fill('测试：与包内分配不同');
  await page.getByTestId('setup-confirm').click();
  await expectStep(page, 'ready');
}

export async function checkInByName(page: Page, voter: Voter): Promise<void> {
  await page.getByTestId('checkin-search-input').fill(voter.name);
  await page.locator(`[data-testid="checkin-search"] [data-voter-id="${voter.id}"]`).click();
  await page.getByTestId('confirm-card').waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('checkin-ok').textContent(), WAIT).toContain(voter.name);
}

/**
 * Close the polls. A close the round will not stand as it is (turnout at or below the line, mobile
 * boxes out) warns and asks a second time: `close-anyway`, then `confirm-close`.
 */
export async function closePolls(page: Page): Promise<void> {
  await page.getByTestId('close-polls').click();
  await page.locator('[data-testid="confirm-close"], [data-testid="close-anyway"]').first().waitFor(WAIT);
  if ((await page.getByTestId('close-anyway').count()) > 0) await page.getByTestId('close-anyway').click();
  await page.getByTestId('confirm-close').click();
}

export async function closeAndReconcile(page: Page, unused: number): Promise<void> {
  await closePolls(page);
  await expectStep(page, 'closed');
  await page.getByTestId('rec-unused').fill(String(unused));
  await page.getByTestId('rec-confirm').click();
  await expectStep(page, 'reconciled');
}

export async function openPolls(page: Page): Promise<void> {
  await page.getByTestId('open-polls').click();
  await expectStep(page, 'open');
}

/** Pick a voter in one of the desk's voter pickers (`checkin-search`, `trip-serve`, `spoiled-search`…). */
export async function pickVoter(page: Page, picker: string, voter: Voter): Promise<void> {
  await page.getByTestId(`${picker}-input`).fill(voter.name);
  await page.locator(`[data-testid="${picker}"] [data-voter-id="${voter.id}"]`).click();
}

/** Start the count and open the boxes: the main box, each mobile box by its trip id, double entry or not. */
export async function openBoxes(page: Page, boxes: { main: number; mobile?: Readonly<Record<string, number>>; doubleEntry?: boolean }): Promise<void> {
  await page.getByTestId('start-count').click();
  await expectStep(page, 'opening');
  await page.getByTestId('box-main').fill(String(boxes.main));
  for (const [tripId, ballots] of Object.entries(boxes.mobile ?? {})) await page.getByTestId(`box-${tripId}`).fill(String(ballots));
  if (boxes.doubleEntry) await page.getByTestId('double-entry').check();
  await page.getByTestId('confirm-boxes').click();
}

/**
 * One paper at the entry screen by keyboard: its candidates' keys, then Enter; waits until it is
 * stored and the screen takes the next paper.
 */
export async function enterBallotKeys(page: Page, keys: readonly string[]): Promise<void> {
  await page.locator('[data-testid="ballot-draft"][data-state="ready"]').waitFor(WAIT);
  const before = await page.getByTestId('entry-progress').textContent();
  for (const key of keys) await page.keyboard.press(key);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('entry-progress').textContent(), WAIT).not.toBe(before);
  await page.locator('[data-testid="ballot-draft"][data-state="ready"]').waitFor(WAIT);
}
