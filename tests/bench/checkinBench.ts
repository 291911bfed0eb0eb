/** Issue 3 benchmarks, measured in headless Chromium: voter search and check-in commits. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { startHost } from '../../main/host/server';
import type { BenchRow } from './measure';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface BrowserFigures {
  search: { p50: number; p95: number; voters: number; queries: number };
  checkin: { p50: number; p95: number; commits: number };
}

export async function checkinBenchmarks(): Promise<BenchRow[]> {
  const staticDir = mkdtempSync(join(tmpdir(), 'bench-static-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-data-'));
  await build({
    entryPoints: [join(import.meta.dirname, 'browser', 'checkinBench.entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    outfile: join(staticDir, 'bench.js'),
    logLevel: 'error',
  });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./bench.js"></script>');
  const host = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir, staticDir });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(host.launchUrl);
    await page.waitForFunction(() => 'runBench' in window);
    const figures = (await page.evaluate(() => (window as unknown as { runBench: () => Promise<unknown> }).runBench())) as BrowserFigures;
    return [
      { name: `voter search, ${figures.search.voters.toLocaleString('en')} voters, p50 (Chromium)`, value: figures.search.p50, unit: 'ms', goal: '—' },
      { name: `voter search, ${figures.search.voters.toLocaleString('en')} voters, p95 (Chromium)`, value: figures.search.p95, unit: 'ms', goal: '≤ 5 ms' },
      { name: `check-in commit to IndexedDB, p50 (${figures.checkin.commits} commits)`, value: figures.checkin.p50, unit: 'ms', goal: '—' },
      { name: `check-in commit to IndexedDB, p95 (${figures.checkin.commits} commits)`, value: figures.checkin.p95, unit: 'ms', goal: '≤ 20 ms' },
    ];
  } finally {
    await browser.close();
    await host.close();
    rmSync(staticDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
