/**
 * Issue 14, item 5: the district dashboard works at 1366×768 and on a narrow window — in
 * headless Chromium, with stations that carry every flag and one without a package: no
 * horizontal overflow of the page, no two cells of a row (nor two header or total boxes)
 * overlapping, the flags and 无选举包 shown. Saves screenshots/district-dashboard-1366x768.png.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictServer, type DistrictServer } from '../../server/app';
import { enrolStation } from '../../server/stations';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { CHROMIUM } from '../e2e/harness';
import { BACKENDS, type TestDatabase } from './helpers/backends';
import { StationClient } from './helpers/client';
import { ballotDocs, boxesDoc, boxesRecord, checkinDocs, enrolTestStation, signedResultFor } from './helpers/fixtures';
import type { Db } from '../../server/db/types';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Box {
  readonly what: string;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** The page's horizontal overflow and every overlap between cells of a row, header items and total boxes. */
async function measure(page: Page): Promise<{ overflow: number; overlaps: string[]; rows: number; flags: number; noPackage: number }> {
  return page.evaluate(() => {
    const boxOf = (element: Element, what: string) => {
      const rect = element.getBoundingClientRect();
      return { what, left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom, empty: rect.width === 0 || rect.height === 0 };
    };
    const overlaps: string[] = [];
    const check = (items: (Box & { empty: boolean })[]) => {
      const shown = items.filter((item) => !item.empty);
      for (let i = 0; i < shown.length; i++) {
        for (let j = i + 1; j < shown.length; j++) {
          const a = shown[i]!;
          const b = shown[j]!;
          const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (x > 1 && y > 1) overlaps.push(`${a.what} × ${b.what} (${x.toFixed(0)}×${y.toFixed(0)} px)`);
        }
      }
    };
    const rows = [...document.querySelectorAll('tr[data-station]')];
    for (const row of rows) check([...row.children].map((cell, i) => boxOf(cell, `${row.getAttribute('data-station')} cell ${i}`)));
    check([...document.querySelectorAll('table.stations thead th')].map((cell, i) => boxOf(cell, `th ${i}`)));
    check([...document.querySelectorAll('header > *')].map((item, i) => boxOf(item, `header ${i} ${item.textContent?.slice(0, 8) ?? ''}`)));
    check([...document.querySelectorAll('.totals > div')].map((item, i) => boxOf(item, `total ${i}`)));
    // Nothing sticks out on the right of the window, whatever clips it.
    const width = document.documentElement.clientWidth;
    for (const element of document.querySelectorAll('main *')) {
      const rect = element.getBoundingClientRect();
      if (rect.width > 0 && rect.right > width + 1) overlaps.push(`${element.tagName.toLowerCase()}.${element.className} sticks out to ${rect.right.toFixed(0)} of ${width}`);
    }
    return {
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      overlaps: [...new Set(overlaps)].slice(0, 20),
      rows: rows.length,
      flags: document.querySelectorAll('[data-anomaly]').length,
      noPackage: [...document.querySelectorAll('.no-package')].filter((element) => element.textContent === '无选举包').length,
    };
  });
}

async function seed(db: Db, url: string): Promise<void> {
  const flagged = await enrolTestStation(db, 'yanfeng-01');
  const registered = flagged.package.roll.filter((voter) => voter.status === 'registered').length;
  const client = new StationClient(url, flagged);
  await client.pushNew('checkins', checkinDocs(registered + 3));
  const ballots = ballotDocs(flagged.election, 80, 3);
  const boxes = boxesRecord(80, registered);
  await client.pushNew('ballots', ballots);
  await client.pushNew('countRecords', [boxesDoc(boxes)]);
  await client.pushNew('reconciliation', [{ id: 'round-1', round: 1, stock: 3200, issued: 3000, spoiled: 12, unused: 150, difference: -38, explanation: '有一捆选票在运送途中受潮，已另行封存并由两名监票人签字确认', at: '2026-12-06T17:05:00.000+08:00', clerk: '总监票人', desk: 'count' }]);
  const first = ballots.find((doc) => doc.status === 'valid')!;
  const chair = flagged.election.positions[0]!;
  const other = chair.candidates.find((candidate) => !(first.marks?.[chair.id]?.for ?? []).includes(candidate.id))!;
  await client.push('ballots', [{ assumedMasterState: { ...first, _deleted: false }, newDocumentState: { ...first, marks: { ...first.marks, [chair.id]: { for: [], against: [other.id], writeIns: [] } }, _deleted: false } }]);
  const altered = ballots.map((doc) => (doc.id === first.id ? { ...doc, status: 'blank' as const, marks: null } : doc));
  await client.postResult(signedResultFor(flagged, altered, boxes));
  await client.pushNew('machine', [{ id: 'polling-day', snapshot: { status: 'active', value: { polling: 'open' }, context: { round: 1 } }, savedAt: '2026-12-06T10:00:00+08:00' }]);
  await db.query(`UPDATE stations SET last_contact = now() - interval '42 minutes' WHERE id = 'yanfeng-01'`);
  for (let i = 2; i <= 7; i++) {
    const station = await enrolTestStation(db, `yanfeng-0${i}`);
    await new StationClient(url, station).pushNew('checkins', checkinDocs(100 * i));
  }
  const bare = generateKeyPair();
  await enrolStation(db, { stationId: 'qinghe-temporary-polling-station-with-a-long-id', name: '青禾街道临时投票站（社区服务中心二楼多功能厅）', publicKey: bare.publicKey });
  await new StationClient(url, { stationId: 'qinghe-temporary-polling-station-with-a-long-id', secretKey: bare.secretKey }).pushNew('checkins', checkinDocs(40));
}

describe('the district dashboard in Chromium', () => {
  let database: TestDatabase;
  let db: Db;
  let server: DistrictServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
    // The dashboard as it is now, built on its own into a temporary folder.
    const out = mkdtempSync(join(tmpdir(), 'dashboard-'));
    const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'server/dashboard/vite.config.ts', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(built.status, built.stderr).toBe(0);
    database = await BACKENDS[0]!.create();
    db = await database.open();
    server = await startDistrictServer({ port: 0, db, staticDir: out });
    await seed(db, server.url);
    await server.recheckIdle();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
    await database?.drop();
  });

  for (const [width, height] of [
    [1366, 768],
    [480, 900],
  ] as const) {
    it(`works at ${width}×${height}: no overflow, no overlapping columns, flags shown`, async () => {
      const page = await browser.newPage({ viewport: { width, height }, locale: 'zh-CN' });
      try {
        await page.goto(server.url);
        await page.waitForSelector('tr[data-station="yanfeng-01"] [data-anomaly="silent"]', { timeout: 20_000 });
        const found = await measure(page);
        expect(found.rows).toBe(8);
        expect(found.flags).toBe(6);
        expect(found.noPackage).toBeGreaterThanOrEqual(2);
        expect(found.overlaps).toEqual([]);
        expect(found.overflow).toBeLessThanOrEqual(0);
        expect(await page.locator('.totals').textContent()).toContain('不含 1 个无选举包的站');
        const screenshots = join(ROOT, 'screenshots');
        mkdirSync(screenshots, { recursive: true });
        await page.screenshot({ path: join(screenshots, `district-dashboard-${width}x${height}.png`), fullPage: width < 900 });
      } finally {
        await page.close();
      }
    }, 60_000);
  }
});
