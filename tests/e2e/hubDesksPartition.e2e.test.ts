/**
 * A desk cut off from the hub (issue 16, "Partition"): the lead on 127.0.0.2 (its hub on
 * 127.0.0.2:PORT), desk 1 on 127.0.0.3 in Chromium, desk 2 on 127.0.0.4 through its bridge — each
 * a real host process.
 *
 *  - desk 2 issues 10 ballots while desk 1's window is closed; then the lead's machine (and so the
 *    hub) is stopped;
 *  - desk 1's window, opened again, shows 离线 and issues 30 ballots from its own stored state, 3 of
 *    them to voters desk 2 issued;
 *  - the lead starts again: desk 1's replication pushes by itself, every record is at the hub once
 *    (37 voters), the 3 duplicates are anomalies on the lead's 设备 panel, resolved there with a
 *    reason (one with desk 1's record standing); the standing record is what the hub and the lead's
 *    window then hold, and the lead's audit log records each resolution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ElectionPackage } from '../../shared/election/schemas';
import { LEAD_IP, answerOf, checkinRecord, claimThrough, freePort, pairThroughBridge, pullAll, restartMachine, startMachine, type Machine } from '../helpers/hubMachines';
import { closeStation, deskJoins, leadOpensPolls, SLOW, slowStep, windowOf, type Windows } from './hubDesksSteps';
import { checkInByName, WAIT } from './steps';
import { screenshot, storedDocuments } from './harness';

const windows: Windows = { machines: [], contexts: [], profiles: [] };
let lead: Machine;
let desk1: Machine;
let desk2: Machine;
let pkg: ElectionPackage;

beforeAll(async () => {
  const hubPort = await freePort(LEAD_IP);
  [lead, desk1, desk2] = await Promise.all([
    startMachine({ name: '主机', bind: LEAD_IP, hubLan: { host: LEAD_IP, port: hubPort } }),
    startMachine({ name: '发票台 1', bind: '127.0.0.3' }),
    startMachine({ name: '发票台 2', bind: '127.0.0.4' }),
  ]);
  windows.machines.push(lead, desk1, desk2);
  pkg = JSON.parse(await lead.bridge.demoPackage('full')) as ElectionPackage;
}, 240_000);

afterAll(() => closeStation(windows), 120_000);

describe('a desk cut off from the hub', () => {
  it('issues 30 ballots offline; after reconnection every record is at the hub once and the 3 duplicates are resolved on the lead screen', async () => {
    const leadPage = await windowOf(windows, lead);
    await leadOpensPolls(leadPage);
    let deskPage: Page = await deskJoins(windows, leadPage, desk1, '发票台 1');
    await pairThroughBridge(lead, desk2, '发票台 2');

    const voters = pkg.roll.filter((v) => v.status === 'registered');
    const elsewhere = voters.slice(0, 3);
    // Desk 1's window is closed (its clerk away) while desk 2 issues 10 ballots.
    const profile = deskPage.context();
    await deskPage.close();
    for (const voter of voters.slice(0, 10)) {
      expect(answerOf(await claimThrough(desk2.bridge, checkinRecord(voter.id, '发票台 2'))).status).toBe(200);
    }

    // The lead's machine goes down, and the hub with it.
    await lead.stop();
    deskPage = await profile.newPage();
    await deskPage.goto(desk1.launchUrl);
    await slowStep(deskPage, 'open', 'hub-partition-desk-not-open');
    await deskPage.getByTestId('hub-offline').waitFor(SLOW);
    // (The window opened again shows the default 工作台, not the paired desk's name: the clerk types it.)
    await deskPage.getByTestId('desk').fill('发票台 1');
    // 30 ballots at desk 1, offline: the 3 voters desk 2 issued, and 27 nobody issued.
    const offline = [...elsewhere, ...voters.slice(10, 37)];
    for (const voter of offline) await checkInByName(deskPage, voter);
    expect(await deskPage.getByTestId('hub-offline').isVisible()).toBe(true);
    await screenshot(deskPage, 'hub-desk-offline-issuing');
    const stored = await storedDocuments(deskPage, 'checkins');
    expect(stored.filter((doc) => doc['desk'] === '发票台 1').map((doc) => doc['voterId']).sort(), JSON.stringify(stored.map((doc) => doc['desk']))).toEqual(offline.map((v) => v.id).sort());

    // The lead starts again on its folder (its hub on the same address); desk 1 reconnects by itself.
    const before = lead;
    lead = await restartMachine(before);
    windows.machines.splice(windows.machines.indexOf(before), 1, lead);
    await leadPage.goto(lead.launchUrl);
    await expect.poll(() => deskPage.getByTestId('hub-offline').count(), SLOW).toBe(0);

    // Every record at the hub once: 10 + 27 voters, one check-in each.
    await expect.poll(async () => (await pullAll(lead.bridge, 'checkins')).length, SLOW).toBe(37);
    const atHub = await pullAll(lead.bridge, 'checkins');
    expect(new Set(atHub.map((doc) => doc.id)).size).toBe(37);
    expect(atHub.filter((doc) => doc['desk'] === '发票台 1').map((doc) => doc['voterId']).sort()).toEqual(voters.slice(10, 37).map((v) => v.id).sort());

    // 3 anomalies, one per voter issued at both desks, each naming both desks' records.
    await expect.poll(async () => (await lead.bridge.hubAnomalies()).length, SLOW).toBe(3);
    const anomalies = await lead.bridge.hubAnomalies();
    expect(anomalies.map((a) => a.kind)).toEqual(['duplicateCheckin', 'duplicateCheckin', 'duplicateCheckin']);
    expect(anomalies.map((a) => a.voterId).sort()).toEqual(elsewhere.map((v) => v.id).sort());
    for (const anomaly of anomalies) expect(anomaly.records.map((r) => r['desk']).sort()).toEqual(['发票台 1', '发票台 2']);

    // On the lead's screen: 设备 → 异常, 3 open; each resolved with a reason (the first with desk 1's record standing).
    await slowStep(leadPage, 'open', 'hub-partition-lead-not-open');
    await leadPage.getByTestId('hub-devices').click();
    const list = leadPage.getByTestId('hub-anomalies');
    await expect.poll(() => list.getAttribute('data-open'), SLOW).toBe('3');
    await screenshot(leadPage, 'hub-lead-anomalies');
    const standingDesk = ['发票台 1', '发票台 2', '发票台 2'];
    for (const desk of standingDesk) {
      const form = leadPage.locator('[data-testid="hub-anomaly"][data-resolved="false"]').first();
      await form.locator('label', { hasText: desk }).getByTestId('hub-standing').check();
      await form.getByTestId('hub-reason').fill(`核对选民签名：${desk}的记录为准`);
      const open = Number(await list.getAttribute('data-open'));
      await form.getByTestId('hub-resolve').click();
      await expect.poll(() => list.getAttribute('data-open'), WAIT).toBe(String(open - 1));
    }
    expect(await leadPage.locator('[data-testid="hub-anomaly"][data-resolved="true"]').count()).toBe(3);
    await expect.poll(() => leadPage.getByTestId('hub-resolution').first().textContent(), WAIT).toContain('核对选民签名');
    await screenshot(leadPage, 'hub-lead-anomalies-resolved');

    // The resolutions at the hub, and the standing records: desk 1's for the first voter resolved.
    const resolved = await lead.bridge.hubAnomalies();
    expect(resolved.every((a) => a.resolution !== null && a.resolution.reason.startsWith('核对选民签名'))).toBe(true);
    const deskOneStands = resolved.find((a) => a.resolution!.reason.includes('发票台 1'))!;
    const stands = (voterId: string | null) => atHubNow.find((doc) => doc['voterId'] === voterId)?.['desk'];
    let atHubNow = await pullAll(lead.bridge, 'checkins');
    await expect
      .poll(async () => {
        atHubNow = await pullAll(lead.bridge, 'checkins');
        return stands(deskOneStands.voterId);
      }, SLOW)
      .toBe('发票台 1');
    expect(atHubNow).toHaveLength(37);
    for (const anomaly of resolved.filter((a) => a !== deskOneStands)) expect(stands(anomaly.voterId)).toBe('发票台 2');
    // The lead's window holds the standing records, and its audit log each resolution.
    await expect
      .poll(async () => (await storedDocuments(leadPage, 'checkins')).find((doc) => doc['voterId'] === deskOneStands.voterId)?.['desk'], SLOW)
      .toBe('发票台 1');
    expect(await storedDocuments(leadPage, 'checkins')).toHaveLength(37);
    const resolvedEvents = async () => (await storedDocuments(leadPage, 'audit')).filter((event) => event['type'] === 'hub.anomalyResolved');
    await expect
      .poll(async () => (await resolvedEvents()).length, WAIT)
      .toBe(3)
      .catch(async (error: unknown) => {
        const shown = await leadPage.locator('[data-testid="hub-anomalies"] [data-code]').allTextContents();
        // The whole of both logs, to tell a resolution never logged from one replaced by the hub's event of the same id.
        const brief = (event: Record<string, unknown>) => `${String(event['id'])} ${String(event['type'])} ${String(event['desk'])} ${String(event['at'])}`;
        const local = (await storedDocuments(leadPage, 'audit')).map(brief).sort();
        const atHubAudit = (await pullAll(lead.bridge, 'audit')).map(brief).sort();
        throw new Error(`${String(error)} — the lead's audit log: ${JSON.stringify(await resolvedEvents())}; on screen: ${JSON.stringify(shown)}; the lead's whole log: ${JSON.stringify(local)}; the hub's: ${JSON.stringify(atHubAudit)}`);
      });
  }, 900_000);
});
