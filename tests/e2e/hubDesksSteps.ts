/**
 * Steps of the hub's end-to-end tests (issue 16) on machines of tests/helpers/hubMachines.ts: a
 * Chromium window per machine (its own profile: another computer), the lead opening the polls
 * in its window, a desk joining through 加入主机 with the QR text read off the lead's 设备 panel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { removeMachineData, type Machine } from '../helpers/hubMachines';
import { launchChromium, screenshot } from './harness';
import { completeSetup, openPolls, step, WAIT } from './steps';

/** A step that starts a database or imports the full roll on a machine shared by several helpers. */
export const SLOW = { timeout: 120_000, interval: 250 };

/** What a test started: closed and removed at its end. */
export interface Windows {
  readonly machines: Machine[];
  readonly contexts: BrowserContext[];
  readonly profiles: string[];
}

/** A Chromium window of `machine` (its own browser profile), opened at its launch URL. */
export async function windowOf(windows: Windows, machine: Machine): Promise<Page> {
  const profile = mkdtempSync(join(tmpdir(), 'hub-chromium-'));
  windows.profiles.push(profile);
  const context = await launchChromium(profile);
  windows.contexts.push(context);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(machine.launchUrl);
  return page;
}

export async function closeStation(windows: Windows): Promise<void> {
  for (const context of windows.contexts) await context.close().catch(() => undefined);
  for (const machine of windows.machines) {
    await machine.stop().catch(() => undefined);
    removeMachineData(machine);
  }
  for (const profile of windows.profiles) rmSync(profile, { recursive: true, force: true });
}

/** Waits for `name` in `page`, with a screenshot when it does not come. */
export async function slowStep(page: Page, name: string, shot: string): Promise<void> {
  await expect
    .poll(() => step(page), SLOW)
    .toBe(name)
    .catch(async (error: unknown) => {
      await screenshot(page, shot);
      throw error;
    });
}

/** The lead's window: the full demo package, the setup (3200 ballots), the polls opened. */
export async function leadOpensPolls(leadPage: Page): Promise<void> {
  await slowStep(leadPage, 'unconfigured', 'hub-lead-not-started');
  await leadPage.getByTestId('use-demo').click();
  // (The import starts the lead's hub: a new PGlite database, initdb on a loaded machine.)
  await slowStep(leadPage, 'setup', 'hub-lead-not-imported');
  await completeSetup(leadPage, 3200);
  await openPolls(leadPage);
}

/** The QR text of a fresh pairing code, read off the lead's 设备 panel. */
export async function offerOnScreen(leadPage: Page): Promise<{ offer: string; code: string }> {
  await leadPage.getByTestId('hub-devices').click();
  await leadPage.getByTestId('hub-show-code').click();
  await expect.poll(() => leadPage.getByTestId('hub-offer-text').inputValue(), WAIT).toMatch(/^PSHUB1:/);
  const offer = await leadPage.getByTestId('hub-offer-text').inputValue();
  const code = ((await leadPage.getByTestId('hub-code').textContent()) ?? '').replace(/[\s-]/g, '');
  await leadPage.getByTestId('hub-close').click();
  return { offer, code };
}

/** A fresh machine's window joins the lead through 加入主机 and follows the lead's open polls. */
export async function deskJoins(windows: Windows, leadPage: Page, desk: Machine, deskName: string): Promise<Page> {
  const { offer, code } = await offerOnScreen(leadPage);
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  const page = await windowOf(windows, desk);
  await slowStep(page, 'unconfigured', 'hub-desk-not-started');
  await page.getByTestId('hub-join-offer').fill(offer);
  await page.getByTestId('hub-join-name').fill(deskName);
  await page.getByTestId('hub-join-role-checkin').check();
  await page.getByTestId('hub-join-submit').click();
  await expect.poll(() => page.getByTestId('hub-desk').textContent(), SLOW).toContain(deskName);
  // The desk follows the lead's day: the polls are open there too, without the polls' controls.
  await slowStep(page, 'open', 'hub-desk-not-following');
  expect(await page.getByTestId('close-polls').count()).toBe(0);
  return page;
}
