/**
 * The in-app rebuild from main's journal, in headless Chromium against the real host: check-ins
 * and ballots through the real UI, then the browser profile is lost (a fresh user data folder:
 * no IndexedDB), the host starts again on the same data folder with `--recover-from-journal`,
 * the app offers the restore at start ("restore N check-ins and M ballots…?"), the clerk
 * confirms, and the check-in and ballot documents are back, equal to before. A restart does
 * not offer it again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startHost, type RunningHost } from '../../main/host/server';
import { closeAllJournals } from '../../main/services/journal';
import { launchChromium, RENDERER_DIST, startStationUnderTest, storedDocuments, type StationUnderTest } from './harness';
import { smallDemoPackage } from './smallPackage';
import { checkInByName, closeAndReconcile, completeSetup, expectStep, importPackageFile, WAIT } from './steps';
import { createHttpBridge } from '../../renderer/bridge/httpBridge';

// Eight voters: five voting make the round valid, so the count (and its ballots) runs.
const pkg = smallDemoPackage(8);
const STOCK = 20;

let first: StationUnderTest | null = null;
let host: RunningHost | null = null;
let context: BrowserContext | null = null;
const dirs: string[] = [];

afterAll(async () => {
  await context?.close();
  await host?.close();
  await first?.close(); // also removes the data folder
  await closeAllJournals();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface StoredDocs {
  readonly checkins: readonly Record<string, unknown>[];
  readonly ballots: readonly Record<string, unknown>[];
}

/** The live documents of `checkins` and `ballots` as the page's IndexedDB holds them (RxDB's own fields left out), by id. */
async function storedDocs(page: Page): Promise<StoredDocs> {
  return { checkins: await storedDocuments(page, 'checkins'), ballots: await storedDocuments(page, 'ballots') };
}

async function pressAndWait(page: Page, key: string): Promise<void> {
  const before = await page.getByTestId('entry-progress').textContent();
  await page.keyboard.press(key);
  await expect.poll(() => page.getByTestId('entry-progress').textContent(), WAIT).not.toBe(before);
  // The next key is taken once this ballot is stored (第 N 张已录入).
  await page.locator('[data-testid="ballot-draft"][data-state="ready"]').waitFor(WAIT);
}

describe('restoring the station from main\'s journal in the browser', () => {
  it('check-ins and ballots in the UI → profile lost → host with --recover-from-journal → confirm → the same records', async () => {
    first = await startStationUnderTest();
    const page = first.page;
    await page.goto(first.host.launchUrl);
    await importPackageFile(page, JSON.stringify(pkg));
    await expectStep(page, 'setup');
    await completeSetup(page, STOCK);
    await page.getByTestId('open-polls').click();
    await expectStep(page, 'open');
    const voters = pkg.roll.filter((voter) => voter.status === 'registered').slice(0, 5);
    for (const voter of voters) await checkInByName(page, voter);
    await closeAndReconcile(page, STOCK - voters.length);
    await page.getByTestId('start-count').click();
    await expectStep(page, 'opening');
    await page.getByTestId('box-main').fill(String(voters.length));
    await page.getByTestId('confirm-boxes').click();
    await expectStep(page, 'entering');
    await pressAndWait(page, 'b'); // blank
    await pressAndWait(page, 'n'); // unreadable
    await page.keyboard.press('1'); // ○ for the first candidate…
    await pressAndWait(page, 'Enter'); // …committed

    // The screen shows a ballot at once and stores it right after (write-behind): wait until the
    // third one is in IndexedDB before reading what the profile holds.
    await expect.poll(async () => (await storedDocs(page)).ballots.length, WAIT).toBe(3);
    const before = await storedDocs(page);
    expect(before.checkins).toHaveLength(5);
    expect(before.ballots).toHaveLength(3);
    expect(before.checkins.map((doc) => doc.voterId).sort()).toEqual(voters.map((voter) => voter.id).sort());

    // The browser profile is lost; main's data folder (its journal) is not. (The first host is
    // left idle — the harness closes it and removes the folder at the end — and a new one starts
    // on the same folder with the switch.)
    await first.context.close();
    host = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir: first.dataDir, staticDir: RENDERER_DIST, recoverFromJournal: '' });
    expect(host.recovery).toMatchObject({ checkins: 5, ballots: 3, election: pkg.election.id });
    const profile = mkdtempSync(join(tmpdir(), 'station-chromium-fresh-'));
    dirs.push(profile);
    context = await launchChromium(profile);
    const fresh = context.pages()[0] ?? (await context.newPage());
    await fresh.goto(host.launchUrl);

    const question = fresh.getByTestId('recovery-question');
    await question.waitFor(WAIT);
    expect(await question.textContent()).toBe(`从选举“${pkg.election.title}”（${pkg.election.id}，${pkg.station.name}）的日志中恢复 5 条领票记录和 3 张选票？`);
    expect((await storedDocs(fresh)).checkins).toEqual([]);
    await fresh.getByTestId('recovery-confirm').click();
    await fresh.getByTestId('recovery-done').waitFor(WAIT);
    await fresh.getByTestId('recovery-continue').click();
    // The day goes on from the setup (not in the journal); the records are those of before.
    await expectStep(fresh, 'setup');
    const after = await storedDocs(fresh);
    expect(after.checkins).toEqual(before.checkins);
    expect(after.ballots).toEqual(before.ballots);
    expect(await createHttpBridge(host.url, host.secret).pendingRecovery!()).toBeNull();

    // A restart offers nothing again; the records stay.
    await fresh.reload();
    await expectStep(fresh, 'setup');
    expect(await fresh.getByTestId('recovery-screen').count()).toBe(0);
    expect(await storedDocs(fresh)).toEqual(after);
  }, 60_000);
});
