/**
 * The desktop app itself, driven by Playwright's `_electron`: launch, import the demo package,
 * open the polls, check in one voter, and the projector window (opened from the menu) shows the
 * election — with the bridge exposed exactly, no Node in the page, and the check-in in main's
 * journal. Runs only when ELECTRON_OVERRIDE_DIST_PATH names a folder holding an Electron binary
 * (under `xvfb-run` without a display); otherwise it is skipped: "skipped: no Electron binary".
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildElectronApp } from '../../build/electron/build';
import { findElectronBinary } from '../../build/electron/electronBinary';
import type { ElectionPackage } from '../../shared/election/schemas';
import { checkInByName, completeSetup, expectStep, WAIT } from './steps';

const ROOT = join(import.meta.dirname, '..', '..');
const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH ? findElectronBinary(ROOT) : null;
const SKIPPED = 'skipped: no Electron binary (set ELECTRON_OVERRIDE_DIST_PATH to an Electron distribution folder)';
if (!binary) console.info(`electron.e2e: ${SKIPPED}`);

const scratch = mkdtempSync(join(tmpdir(), 'electron-e2e-'));
let app: ElectronApplication | null = null;
afterAll(async () => {
  await app?.close().catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

async function projectorWindow(electron: ElectronApplication): Promise<Page> {
  const existing = electron.windows().find((page) => page.url().endsWith('#/projector'));
  if (existing) return existing;
  return electron.waitForEvent('window', { predicate: (page) => page.url().endsWith('#/projector'), timeout: 30_000 });
}

describe('the Electron app', () => {
  it.skipIf(!binary)(
    binary ? 'launches, imports the demo package, opens the polls, checks in one voter; the projector window shows the election' : SKIPPED,
    async () => {
      const appDir = join(scratch, 'app');
      const renderer = existsSync(join(ROOT, 'dist/renderer/index.html')) ? { from: join(ROOT, 'dist/renderer') } : ('build' as const);
      await buildElectronApp({ out: appDir, renderer });
      const profile = join(scratch, 'profile');
      app = await _electron.launch({
        executablePath: binary!,
        args: [appDir, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--lang=zh-CN'],
        env: { ...process.env, STATION_USER_DATA: profile, ELECTRON_ENABLE_LOGGING: '1' },
        timeout: 60_000,
      });
      const page = await app.firstWindow();
      await expect.poll(() => page.url(), WAIT).toBe('app://station/index.html');
      await expectStep(page, 'unconfigured');

      // The page has exactly the bridge, and no Node.
      const surface = await page.evaluate(() => ({
        bridge: Object.keys((window as unknown as { station: object }).station).sort(),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (globalThis as unknown as { process?: unknown }).process,
      }));
      const { BRIDGE_METHODS } = await import('../../shared/bridge/methods');
      expect(surface).toEqual({ bridge: Object.keys(BRIDGE_METHODS).sort(), require: 'undefined', process: 'undefined' });
      // Plain-http hosts other than this computer are refused by the CSP (only the sync's https and loopback are allowed).
      expect(await page.evaluate(() => fetch('http://example.com/').then(() => 'fetched', () => 'refused'))).toBe('refused');

      const pkg = JSON.parse(await page.evaluate(() => (window as unknown as { station: { demoPackage(): Promise<string> } }).station.demoPackage())) as ElectionPackage;
      await page.getByTestId('use-demo').click();
      await expectStep(page, 'setup');
      await completeSetup(page, 3200);
      await page.getByTestId('open-polls').click();
      await expectStep(page, 'open');
      const voter = pkg.roll.find((v) => v.status === 'registered')!;
      await checkInByName(page, voter);
      await expect.poll(() => page.getByTestId('stat-issued').textContent(), WAIT).toBe('1');

      // Station → Projector window, from the app's own menu.
      await app.evaluate(({ Menu }) => {
        const station = Menu.getApplicationMenu()?.items[0];
        station?.submenu?.items[0]?.click();
      });
      const projector = await projectorWindow(app);
      await projector.getByTestId('projector').waitFor(WAIT);
      await expect.poll(() => projector.getByTestId('projector').textContent(), WAIT).toContain(pkg.election.title);

      // Main journaled the check-in (fsync'd) before the renderer stored it.
      const journal = readFileSync(join(profile, 'station-data', 'journal', 'station-journal.jsonl'), 'utf8');
      expect(journal).toContain(`"voterId":"${voter.id}"`);
      await app.close();
      app = null;
    },
    180_000,
  );
});
