/**
 * Pairing refused, on screen (issue 16, "Pairing"): the lead on 127.0.0.2 (its hub on
 * 127.0.0.2:PORT) in Chromium, fresh machines on 127.0.0.3/4/5 as real host processes. Each
 * refusal is the clear message of 加入主机 (zh-CN, with its code on the list):
 *
 *  - a code typed by hand that is not the lead's → hub.codeWrong;
 *  - the QR text of a code another desk already used → hub.codeUsed;
 *  - a machine that holds another election's package → hub.mismatch, naming the package;
 *  - a desk revoked on the lead's 设备 panel → its next check-in refused, hub.unauthorized.
 * (An expired code, which takes 5 minutes of the hub's clock, is refused by the hub's own tests:
 * tests/server/hub/pairing.test.ts moves the hub's clock; a host process has no clock to move.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ElectionPackage } from '../../shared/election/schemas';
import { DESK_IPS, LEAD_IP, freePort, importThroughBridge, offerText, pairThroughBridge, startMachine, type Machine } from '../helpers/hubMachines';
import { closeStation, leadOpensPolls, offerOnScreen, SLOW, slowStep, windowOf, type Windows } from './hubDesksSteps';
import { pickVoter, WAIT } from './steps';
import { screenshot } from './harness';

const windows: Windows = { machines: [], contexts: [], profiles: [] };
let lead: Machine;
let desks: Machine[];
let hubUrl: string;

beforeAll(async () => {
  const hubPort = await freePort(LEAD_IP);
  hubUrl = `https://${LEAD_IP}:${hubPort}`;
  [lead, ...desks] = await Promise.all([
    startMachine({ name: '主机', bind: LEAD_IP, hubLan: { host: LEAD_IP, port: hubPort } }),
    ...DESK_IPS.map((bind, i) => startMachine({ name: `台 ${i + 1}`, bind })),
  ]);
  windows.machines.push(lead, ...desks);
}, 240_000);

afterAll(() => closeStation(windows), 120_000);

/** 加入主机 on a fresh machine's window, submitted; the refusal shown with `code`, its text returned. */
async function joinRefused(page: Page, fill: { offer?: string; hub?: string; code?: string }, deskName: string, code: string): Promise<string> {
  await page.getByTestId('hub-join-offer').fill(fill.offer ?? '');
  if (fill.hub !== undefined) await page.getByTestId('hub-join-address').fill(fill.hub);
  if (fill.code !== undefined) await page.getByTestId('hub-join-code').fill(fill.code);
  await page.getByTestId('hub-join-name').fill(deskName);
  await page.getByTestId('hub-join-submit').click();
  const shown = page.locator(`[data-testid="hub-join"] [data-code="${code}"]`);
  await shown.waitFor(SLOW);
  return (await shown.textContent()) ?? '';
}

describe('pairing refused on screen', () => {
  it('names a wrong code, a used code, another package and a revoked desk', async () => {
    const leadPage = await windowOf(windows, lead);
    await leadOpensPolls(leadPage);

    // A fresh machine types the hub's address and a code that is not the lead's.
    const page = await windowOf(windows, desks[0]!);
    await slowStep(page, 'unconfigured', 'hub-pairing-desk-not-started');
    const shownCode = (await offerOnScreen(leadPage)).code;
    const wrong = [...'23456789'].reverse().join('') === shownCode ? '23456789' : '98765432';
    expect(await joinRefused(page, { hub: hubUrl, code: wrong }, '发票台 1', 'hub.codeWrong')).toContain('配对码不对');
    await screenshot(page, 'hub-join-code-wrong');

    // The QR text of a code desk 2 already paired with (a replayed pairing).
    const used = await offerText(lead);
    const paired = await desks[1]!.bridge.hubPair({ offerText: used, deskName: '发票台 2', role: 'checkin' });
    expect(paired.ok).toBe(true);
    expect(await joinRefused(page, { offer: used }, '发票台 1', 'hub.codeUsed')).toContain('已经用过');

    // A machine holding another election's package (the small demo) is refused, naming the package.
    const other = await lead.bridge.demoPackage('small');
    await importThroughBridge(desks[2]!.bridge, other);
    const otherPage = await windowOf(windows, desks[2]!);
    await slowStep(otherPage, 'unconfigured', 'hub-pairing-other-not-started');
    const { offer } = await offerOnScreen(leadPage);
    expect(await joinRefused(otherPage, { offer }, '发票台 3', 'hub.mismatch')).toContain('选举包');
    await screenshot(otherPage, 'hub-join-other-package');
    // Nothing was paired: the lead lists desk 2 only.
    const listed = await lead.bridge.hubStatus();
    expect(listed.role === 'lead' ? listed.desks.filter((d) => d.role !== 'lead').map((d) => d.deskName) : []).toEqual(['发票台 2']);

    // Desk 1 pairs with a good code, then the lead revokes it on its 设备 panel: its next check-in is refused.
    const good = await offerOnScreen(leadPage);
    await page.getByTestId('hub-join-offer').fill(good.offer);
    await page.getByTestId('hub-join-name').fill('发票台 1');
    await page.getByTestId('hub-join-submit').click();
    await slowStep(page, 'open', 'hub-pairing-desk-not-following');
    await leadPage.getByTestId('hub-devices').click();
    const row = leadPage.locator('[data-testid="hub-desk-row"][data-desk="发票台 1"]');
    await row.getByTestId('hub-revoke').click();
    await row.getByTestId('hub-revoke-confirm').click();
    await expect.poll(() => row.getAttribute('data-revoked'), WAIT).toBe('true');
    await leadPage.getByTestId('hub-close').click();
    const pkg = JSON.parse(await lead.bridge.demoPackage('full')) as ElectionPackage;
    const voter = pkg.roll.find((v) => v.status === 'registered')!;
    await pickVoter(page, 'checkin-search', voter);
    await page.getByTestId('confirm-card').waitFor(WAIT);
    await page.keyboard.press('Enter');
    const refused = page.locator('[data-code="hub.unauthorized"]');
    await refused.first().waitFor(SLOW);
    expect(await refused.first().textContent()).toContain('已被撤销');
    expect(await page.getByTestId('checkin-ok').count()).toBe(0);
    await screenshot(page, 'hub-desk-revoked');
    // And desk 2, still paired, is not: a fresh pairing of the revoked machine's folder is refused as a desk already.
    expect((await desks[1]!.bridge.hubStatus()).role).toBe('desk');
    await expect(pairThroughBridge(lead, desks[0]!, '发票台 1')).rejects.toThrow(/hub\.isDesk/);
  }, 900_000);
});
