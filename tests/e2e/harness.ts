/**
 * End-to-end harness: the built renderer served by the real main/host (real services, a
 * fresh data folder) and Debian's Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startHost, type RunningHost } from '../../main/host/server';

export const ROOT = join(import.meta.dirname, '..', '..');
export const RENDERER_DIST = join(ROOT, 'dist', 'renderer');
export const SCREENSHOT_DIR = join(ROOT, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface StationUnderTest {
  readonly host: RunningHost;
  readonly dataDir: string;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Headless Chromium on a browser profile folder (zh-CN), as the station's window. */
export function launchChromium(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  });
}

export async function startStationUnderTest(): Promise<StationUnderTest> {
  if (!existsSync(join(RENDERER_DIST, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` first (npm test does)');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-'));
  const host = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir, staticDir: RENDERER_DIST });
  const userDataDir = mkdtempSync(join(tmpdir(), 'station-chromium-'));
  const context = await launchChromium(userDataDir);
  const browser = context.browser() as Browser;
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    host,
    dataDir,
    browser,
    context,
    page,
    async close() {
      await context.close();
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Another window of the same station (same browser profile): `#/projector`, `#/entry-b`. */
export async function openRoute(station: StationUnderTest, route: string): Promise<Page> {
  const page = await station.context.newPage();
  await page.goto(`${new URL(station.host.launchUrl).origin}/${route}`);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * The live documents of one station collection as the page's IndexedDB holds them (RxDB's own
 * fields left out), by id — read from the storage itself, not through the app.
 */
export function storedDocuments(page: Page, collection: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(async (name) => {
    const info = (await indexedDB.databases()).find((db) => db.name?.startsWith('rxdb-dexie-polling-station--') && db.name.endsWith(`--${name}`));
    if (!info?.name) return [];
    const dbName = info.name;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(dbName);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = db.transaction('docs', 'readonly').objectStore('docs').getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
        request.onerror = () => reject(request.error);
      });
      return rows
        .filter((row) => row._deleted !== true && row._deleted !== '1' && row._deleted !== 1)
        .map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('_'))))
        .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    } finally {
      db.close();
    }
  }, collection);
}
