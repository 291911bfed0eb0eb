/**
 * Counting at several tables across machines (issue 16): the same count table and entry is one
 * machine's, the lead's hub the gate. A lead and two count desks, each a real host process on its
 * own loopback address with its own Chromium window; the desks join through 加入主机 as 录入台 and
 * follow the lead into the entry of ballots. Both choose table 3: desk 1 enters a paper there;
 * desk 2's entry screen names desk 1 and its recorder, and a paper typed there is not stored;
 * desk 2 chooses table 4 and enters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESK_IPS, LEAD_IP, freePort, startMachine, type Machine } from '../helpers/hubMachines';
import { closeStation, offerOnScreen, SLOW, slowStep, windowOf, type Windows } from './hubDesksSteps';
import { smallDemoPackage } from './smallPackage';
import { checkInByName, closeAndReconcile, completeSetup, expectStep, importPackageFile, openBoxes, openPolls, WAIT } from './steps';
import { storedDocuments } from './harness';

const windows: Windows = { machines: [], contexts: [], profiles: [] };
let lead: Machine;
let desks: Machine[];
/** A small roll: more than half of it checks in within seconds (a round below half turnout is void). */
const VOTERS = 6;
const STOCK = 20;
const pkg = smallDemoPackage(VOTERS);

beforeAll(async () => {
  const hubPort = await freePort(LEAD_IP);
  [lead, ...desks] = await Promise.all([
    startMachine({ name: '主机', bind: LEAD_IP, hubLan: { host: LEAD_IP, port: hubPort } }),
    ...DESK_IPS.slice(0, 2).map((bind, i) => startMachine({ name: `录入台 ${i + 1}`, bind })),
  ]);
  windows.machines.push(lead, ...desks);
}, 240_000);

afterAll(() => closeStation(windows), 120_000);

/** A fresh machine's window joins the lead as a count desk and follows it into the entry of ballots. */
async function countDeskJoins(leadPage: Page, desk: Machine, deskName: string): Promise<Page> {
  const { offer } = await offerOnScreen(leadPage);
  const page = await windowOf(windows, desk);
  await slowStep(page, 'unconfigured', 'hub-count-desk-not-started');
  await page.getByTestId('hub-join-offer').fill(offer);
  await page.getByTestId('hub-join-name').fill(deskName);
  await page.getByTestId('hub-join-role-count').check();
  await page.getByTestId('hub-join-submit').click();
  await expect.poll(() => page.getByTestId('hub-desk').textContent(), SLOW).toContain(deskName);
  await slowStep(page, 'entering', 'hub-count-desk-not-following');
  await page.getByTestId('entry-table-choice').waitFor(SLOW);
  return page;
}

/** A blank paper by keyboard (B); its 第 N 张已录入. */
async function enterBlank(page: Page): Promise<void> {
  await page.locator('[data-testid="ballot-draft"][data-state="ready"]').waitFor(WAIT);
  await page.keyboard.press('b');
}

describe('a count table and entry across machines', () => {
  it('the second machine choosing a table and entry another desk entered is told who, and stores nothing there', async () => {
    const leadPage = await windowOf(windows, lead);
    await slowStep(leadPage, 'unconfigured', 'hub-count-lead-not-started');
    await importPackageFile(leadPage, JSON.stringify(pkg));
    await slowStep(leadPage, 'setup', 'hub-count-lead-not-imported');
    await completeSetup(leadPage, STOCK);
    await openPolls(leadPage);
    const voters = pkg.roll.slice(0, 4);
    for (const voter of voters) await checkInByName(leadPage, voter);
    await closeAndReconcile(leadPage, STOCK - voters.length);
    await openBoxes(leadPage, { main: voters.length });
    await expectStep(leadPage, 'entering');

    const page1 = await countDeskJoins(leadPage, desks[0]!, '录入台 1');
    const page2 = await countDeskJoins(leadPage, desks[1]!, '录入台 2');

    // Desk 1: table 3, entry A — free; a paper entered takes it.
    await page1.getByTestId('entry-table-choice').selectOption('3');
    await enterBlank(page1);
    await expect.poll(() => page1.getByTestId('entry-message').textContent(), SLOW).toContain('1');
    expect(await page1.getByTestId('entry-table-refused').count()).toBe(0);

    // Desk 2 chooses table 3 too: its screen names desk 1 and its recorder; a paper typed is not stored.
    await page2.getByTestId('entry-table-choice').selectOption('3');
    const refused = page2.getByTestId('entry-table-refused');
    await expect.poll(() => refused.getAttribute('data-code'), SLOW).toBe('hub.tableClaimed');
    expect(await refused.textContent()).toContain('录入台 1');
    await enterBlank(page2);
    await page2.waitForTimeout(1500);
    const stored2 = (await storedDocuments(page2, 'ballots')) as { seq: number; desk: string }[];
    expect(stored2.filter((ballot) => ballot.desk === '录入台 2')).toEqual([]);

    // Table 4 is free: the refusal goes, the paper is stored at table 4's first place.
    await page2.getByTestId('entry-table-choice').selectOption('4');
    await expect.poll(() => refused.count(), SLOW).toBe(0);
    await enterBlank(page2);
    await expect
      .poll(async () => ((await storedDocuments(page2, 'ballots')) as { seq: number; desk: string }[]).filter((ballot) => ballot.desk === '录入台 2').map((ballot) => ballot.seq), SLOW)
      .toEqual([400_001]);
  }, 600_000);
});
