/**
 * One station on two machines (issue 16), paired through the UI, in real Chromium against two real hosts on loopback
 * addresses: the lead on 127.0.0.2 (its hub on the "LAN" 127.0.0.2, `--hub-lan`), a desk on
 * 127.0.0.3. The lead shows a pairing code in its 设备 panel; the desk joins from the import screen
 * with the QR's text, imports the lead's package and follows the lead's day; a check-in at the
 * desk reaches the lead, where the same voter is refused naming the desk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../main/host/server';
import { closeHubService } from '../../main/services/hub/service';
import { createHttpBridge } from '../../renderer/bridge/httpBridge';
import type { ElectionPackage } from '../../shared/election/schemas';
import { freePort } from '../helpers/freePort';
import { launchChromium, RENDERER_DIST, screenshot } from './harness';
import { checkInByName, completeSetup, expectStep, WAIT } from './steps';

const LEAD = '127.0.0.2';
const DESK = '127.0.0.3';

interface Machine {
  readonly host: RunningHost;
  readonly dataDir: string;
  readonly profile: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

const machines: Machine[] = [];


async function startMachine(bind: string, hubLan?: { host: string; port: number }): Promise<Machine> {
  const dataDir = mkdtempSync(join(tmpdir(), `hub-e2e-${bind}-`));
  const host = await startHost({ host: bind, port: 0, allowUnprotectedKeys: true, dataDir, staticDir: RENDERER_DIST, ...(hubLan ? { hubLan } : {}) });
  const profile = mkdtempSync(join(tmpdir(), 'hub-e2e-chromium-'));
  const context = await launchChromium(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  const machine = { host, dataDir, profile, context, page };
  machines.push(machine);
  return machine;
}

let lead: Machine;
let desk: Machine;
let pkg: ElectionPackage;

beforeAll(async () => {
  lead = await startMachine(LEAD, { host: LEAD, port: await freePort(LEAD) });
  desk = await startMachine(DESK);
  pkg = JSON.parse(await createHttpBridge(lead.host.url, lead.host.secret).demoPackage('small')) as ElectionPackage;
}, 120_000);

afterAll(async () => {
  for (const machine of machines) {
    await machine.context.close();
    await machine.host.close();
    await closeHubService(machine.dataDir);
    rmSync(machine.dataDir, { recursive: true, force: true });
    rmSync(machine.profile, { recursive: true, force: true });
  }
});

describe('a lead and a desk on two machines', () => {
  it('pair through the UI; a check-in at the desk is seen at the lead, which refuses the voter naming the desk', async () => {
    // The lead: the small demo, the setup, the polls open.
    const one = lead.page;
    await one.goto(lead.host.launchUrl);
    await expectStep(one, 'unconfigured');
    await one.getByTestId('use-demo-small').click();
    await expectStep(one, 'setup');
    await completeSetup(one, 40);
    await one.getByTestId('open-polls').click();
    await expectStep(one, 'open');

    // Its 设备 panel: the lead (hub on 127.0.0.2) shows a pairing code and the QR's text.
    await one.getByTestId('hub-devices').click();
    await expect.poll(() => one.getByTestId('hub-role').getAttribute('data-role'), WAIT).toBe('lead');
    expect(await one.getByTestId('hub-role').textContent()).toContain(`https://${LEAD}:`);
    await one.getByTestId('hub-show-code').click();
    const code = (await one.getByTestId('hub-code').textContent()) ?? '';
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const offerText = await one.getByTestId('hub-offer-text').inputValue();
    await screenshot(one, 'hub-lead-pairing');

    // The desk: a fresh machine joins from its import screen with the QR's text.
    const two = desk.page;
    await two.goto(desk.host.launchUrl);
    await expectStep(two, 'unconfigured');
    await two.getByTestId('hub-join-offer').fill(offerText);
    await two.getByTestId('hub-join-name').fill('发票台 2');
    await two.getByTestId('hub-join-role-checkin').check();
    await two.getByTestId('hub-join-submit').click();
    // It imports the lead's package and follows the lead's day, without the polls controls.
    await expectStep(two, 'open');
    await expect.poll(() => two.getByTestId('hub-desk').textContent(), WAIT).toContain('发票台 2');
    expect(await two.getByTestId('close-polls').count()).toBe(0);
    expect(await two.getByTestId('hub-offline').count()).toBe(0);
    // Only the lead syncs with the district: a desk's records reach it through the hub.
    expect(await two.getByTestId('sync-indicator').count()).toBe(0);
    expect(await one.getByTestId('sync-indicator').count()).toBe(1);

    // The lead lists the desk.
    await expect.poll(() => one.locator('[data-testid="hub-desk-row"]').getAttribute('data-desk'), WAIT).toBe('发票台 2');
    await one.getByTestId('hub-close').click();

    // A check-in at the desk.
    const voter = pkg.roll.find((v) => v.status === 'registered')!;
    await checkInByName(two, voter);
    await screenshot(two, 'hub-desk-checkin');

    // It reaches the lead: the voter's card says issued, and issuing again is refused naming the desk.
    await one.getByTestId('checkin-search-input').fill(voter.name);
    await one.locator(`[data-testid="checkin-search"] [data-voter-id="${voter.id}"]`).click();
    await one.getByTestId('confirm-card').waitFor();
    await expect.poll(() => one.getByTestId('confirm-status').textContent(), WAIT).toContain('已');
    await one.getByTestId('confirm-issue').click();
    await expect.poll(() => one.getByTestId('issues-error').textContent(), WAIT).toContain('发票台 2');
    await screenshot(one, 'hub-lead-refused');

    // Another window of the desk machine (a window opened again) is a desk of the same machine: it
    // starts from the paired name, never from 1号台, and the two windows never share it.
    const again = await desk.context.newPage();
    await again.goto(desk.host.launchUrl);
    await expectStep(again, 'open');
    await expect.poll(() => again.getByTestId('desk').getAttribute('data-desk'), WAIT).toBe('发票台 2（2）');
    expect(await two.getByTestId('desk').getAttribute('data-desk')).toBe('发票台 2');
    await again.close();
  }, 240_000);
});
