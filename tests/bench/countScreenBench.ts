/**
 * Issue 4 benchmarks, measured in headless Chromium on the real app (StationProvider + App) with
 * 10,000 ballots already stored: cold start of the count screen, and one ballot committed from
 * the keyboard (Enter → tally and screen updated → that frame painted; how, in the entry file).
 *
 * The station database is prepared once in a fresh browser profile, which is then closed; each
 * cold start relaunches Chromium on that profile (a new browser process and a new page), so the
 * app opens the database as it does after a restart. The commits run on the last cold start's page.
 * The page is served by the real main/host and talks to it over the browser build's HTTP bridge,
 * so each ballot goes through main's fsync'd journal first (COUNT_BENCH_JOURNAL=none: no-op journal).
 *
 * `COUNT_BENCH_PROFILE=1` also prints where the time goes (CPU profile of one more cold start and
 * of extra commits, by source module, and the wall-clock phases of a commit).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startHost } from '../../main/host/server';
import type { ColdStartFigures, CommitSample, PrepareFigures } from './browser/countScreenBench.entry';
import { type BenchRow, median } from './measure';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface CountScreenOptions {
  readonly ballots?: number;
  readonly coldStarts?: number;
  readonly commits?: number;
  readonly warmup?: number;
  /** Print the breakdown (CPU profiles and commit phases) to the console. */
  readonly profile?: boolean;
  /** 'main' (default): ballots go through main's fsync'd journal over HTTP, as in the browser build; 'none': a no-op journal. */
  readonly journal?: 'main' | 'none';
}

interface BenchWindow {
  prepareStation(ballots: number): Promise<PrepareFigures>;
  coldStart(expected: number): Promise<ColdStartFigures>;
  snapshotWritten(documents: number): Promise<number>;
  commitBench(commits: number): Promise<CommitSample[]>;
  idbDurability(writes: number): Promise<Record<'strict' | 'relaxed', { p50: number; p95: number }>>;
  readCosts(): Promise<{ cursor: number[]; getAll: number[]; records: number }>;
  viewCosts(): Promise<Record<string, number>>;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function bundle(staticDir: string): Promise<void> {
  await build({
    entryPoints: { bench: join(import.meta.dirname, 'browser', 'countScreenBench.entry.tsx') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    // React's production build, as `vite build` ships it; not minified, so profiles keep names.
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: staticDir,
    logLevel: 'error',
  });
  writeFileSync(
    join(staticDir, 'index.html'),
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><link rel="stylesheet" href="./bench.css"><body><div id="root"></div><script type="module" src="./bench.js"></script></body></html>',
  );
}

async function launch(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ARGS,
    headless: true,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  });
}

async function openBenchPage(context: BrowserContext, url: string, launchUrl: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  // The launch URL sets the host's session cookie (main/host/session.ts), then the bench page.
  await page.goto(launchUrl);
  await page.goto(url);
  await page.waitForFunction(() => 'coldStart' in window);
  return page;
}

const call = <K extends keyof BenchWindow>(page: Page, name: K, arg = 0) =>
  page.evaluate(([fn, value]) => (window as unknown as Record<string, (n: number) => Promise<unknown>>)[fn]!(value), [name, arg] as const) as ReturnType<BenchWindow[K]>;

export async function countScreenBenchmarks(options: CountScreenOptions = {}): Promise<BenchRow[]> {
  const ballots = options.ballots ?? 10_000;
  const coldStarts = options.coldStarts ?? 3;
  const commits = options.commits ?? 100;
  const warmup = options.warmup ?? 10;
  const profile = options.profile ?? process.env.COUNT_BENCH_PROFILE === '1';
  const journal = options.journal ?? (process.env.COUNT_BENCH_JOURNAL === 'none' ? 'none' : 'main');
  const staticDir = mkdtempSync(join(tmpdir(), 'bench-count-static-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-count-data-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'bench-count-chromium-'));
  await bundle(staticDir);
  const host = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir, staticDir });
  const url = journal === 'none' ? `${host.url}?journal=none` : host.url;
  let context: BrowserContext | null = null;
  try {
    context = await launch(userDataDir);
    const prepared = await call(await openBenchPage(context, url, host.launchUrl), 'prepareStation', ballots);
    await context.close();

    // The first start after the ballots were stored has no pile snapshot: it reads the whole
    // pile, and the app writes the snapshot once the pile has been still for a moment.
    context = await launch(userDataDir);
    const firstPage = await openBenchPage(context, url, host.launchUrl);
    const first = await call(firstPage, 'coldStart', ballots);
    await call(firstPage, 'snapshotWritten', ballots);
    await context.close();
    context = null;
    const load = loadavg()[0] as number;

    const starts: ColdStartFigures[] = [];
    let page: Page | null = null;
    for (let i = 0; i < coldStarts; i++) {
      if (context) await context.close();
      context = await launch(userDataDir);
      page = await openBenchPage(context, url, host.launchUrl);
      starts.push(await call(page, 'coldStart', ballots));
    }
    if (!page) throw new Error('no cold start ran');
    const notFromSnapshot = starts.filter((start) => start.shownFrom !== 'snapshot');
    if (first.shownFrom !== 'loaded' || notFromSnapshot.length > 0) throw new Error(`cold starts shown from ${[first, ...starts].map((start) => start.shownFrom).join(', ')}: expected loaded, then snapshot`);
    const samples = (await call(page, 'commitBench', commits)).slice(warmup);
    const coldMedian = median(starts.map((start) => start.renderToPaint));
    const painted = samples.map((sample) => sample.painted);
    const label = `${ballots.toLocaleString('en')} ballots${journal === 'none' ? ', no journal' : ''}`;

    if (profile) {
      printColdStarts(prepared, [first, ...starts]);
      printCommitPhases(samples);
      const idb = await call(page, 'idbDurability', 60);
      console.log(`\nraw IndexedDB, one put per transaction (60 each): strict ${idb.strict.p50.toFixed(1)} / ${idb.strict.p95.toFixed(1)} ms, relaxed ${idb.relaxed.p50.toFixed(1)} / ${idb.relaxed.p95.toFixed(1)} ms (p50 / p95)`);
      console.log('whole-list work on the stored ballots (ms, median of 5):');
      for (const [what, ms] of Object.entries(await call(page, 'viewCosts'))) console.log(`  ${what.padEnd(48)} ${what === 'documents' ? ms : ms.toFixed(2)}`);
      const bundleText = readFileSync(join(staticDir, 'bench.js'), 'utf8');
      console.log(`\nCPU profile of ${commits} more commits (after the measured ones), by module:`);
      printProfile(await profiled(page, () => call(page, 'commitBench', commits)), bundleText);
      await context?.close();
      context = await launch(userDataDir);
      const read = await call(await openBenchPage(context, url, host.launchUrl), 'readCosts');
      console.log(`\nreading the ${read.records} ballot records straight from IndexedDB in a fresh browser (ms, 1st then 2nd time): cursor ${read.cursor.map((ms) => ms.toFixed(0)).join(', ')}; getAll() ${read.getAll.map((ms) => ms.toFixed(0)).join(', ')}`);
      await context.close();
      context = await launch(userDataDir);
      const coldPage = await openBenchPage(context, url, host.launchUrl);
      console.log('\nCPU profile of one more cold start (render start → painted), by module:');
      printProfile(await profiled(coldPage, () => call(coldPage, 'coldStart', ballots + 2 * commits)), bundleText);
    }

    return [
      { name: `count screen cold start, ${label}, from the pile snapshot (Chromium, median of ${starts.length})`, value: coldMedian, unit: 'ms', goal: '≤ 500 ms', baseline: '1.05 s (issue 19)' },
      { name: `  the same, whole pile read and checked behind it (median)`, value: median(starts.map((start) => start.pileLoaded)), unit: 'ms', goal: '—' },
      { name: `  first start with no snapshot yet (whole pile read first)`, value: first.renderToPaint, unit: 'ms', goal: '≤ 1500 ms', baseline: '1.05 s (issue 19)' },
      { name: `  machine load (1-minute average) during the cold starts`, value: load, unit: 'load', goal: '—' },
      { name: `ballot commit keypress→paint, ${label}, p50 (${samples.length} commits)`, value: percentile(painted, 50), unit: 'ms', goal: '—' },
      { name: `ballot commit keypress→paint, ${label}, p95 (${samples.length} commits)`, value: percentile(painted, 95), unit: 'ms', goal: '≤ 16 ms' },
      { name: `ballot commit keypress→DOM updated, ${label}, p95`, value: percentile(samples.map((sample) => sample.dom), 95), unit: 'ms', goal: '—' },
    ];
  } finally {
    await context?.close();
    await host.close();
    rmSync(staticDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The breakdown (COUNT_BENCH_PROFILE=1)

const fmt = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—').padStart(7);

function printColdStarts(prepared: PrepareFigures, starts: readonly ColdStartFigures[]): void {
  console.log(`\nprepared ${prepared.ballots} ballots + ${prepared.auditEvents} audit events in ${(prepared.ms / 1000).toFixed(1)} s`);
  console.log('cold starts (ms from render start; navigation→paint includes loading the bundle):');
  console.log('   db created  collections  app shown  ballots query (IndexedDB cursor)  progress shown (from)  painted  pile loaded  | navigation→painted');
  for (const start of starts) {
    console.log(
      `   ${fmt(start.databaseCreated)}      ${fmt(start.collectionsCreated)}    ${fmt(start.appShown)}    ${fmt(start.ballotsQueryStart)} → ${fmt(start.ballotsQueryEnd)}           ${fmt(start.progressShown)} (${start.shownFrom})  ${fmt(start.renderToPaint)}  ${fmt(start.pileLoaded)}  |  ${fmt(start.navigationToPaint)}`,
    );
  }
  const slow = (starts.at(-1)?.queries ?? []).filter((query) => query.end - query.start >= 20);
  console.log(`   storage queries of ≥ 20 ms in the last cold start: ${slow.map((query) => `${query.what} ${fmt(query.start).trim()} → ${fmt(query.end).trim()}`).join('; ') || 'none'}`);
}

function printCommitPhases(samples: readonly CommitSample[]): void {
  const rows = new Map<string, number[]>();
  const add = (name: string, value: number) => rows.set(name, [...(rows.get(name) ?? []), value]);
  for (const sample of samples) {
    const probe = (what: string) => sample.probes.find((p) => p.what === what);
    const journal = probe('bridge.journal');
    const insert = probe('ballots.insert');
    const audit = probe('audit.insert');
    const span = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? Number.NaN : to - from);
    add('Enter → progress text in the DOM (key handler, ballot shown from memory, React commit)', sample.dom);
    add('DOM → the frame showing it painted (style, layout, paint)', span(sample.dom, sample.painted));
    add('Enter → painted  [the benchmark figure]', sample.painted);
    add('after it, in reading order: Enter → bridge.journal starts', journal?.start ?? Number.NaN);
    add('  bridge.journal (HTTP POST to main, fsync\'d journal)', span(journal?.start, journal?.end));
    add('  ballots.insert start → change event (RxDB + Dexie + IndexedDB write, strict)', span(insert?.start, sample.event));
    add('  audit.insert', span(audit?.start, audit?.end));
    add('Enter → entry-message shown (stored and audited)', sample.message);
  }
  console.log(`\ncommit phases over ${samples.length} commits (ms; p50 / p95 / max):`);
  for (const [name, values] of rows) {
    const finite = values.filter(Number.isFinite);
    console.log(`  ${name.padEnd(84)} ${fmt(percentile(finite, 50))} ${fmt(percentile(finite, 95))} ${fmt(Math.max(...finite))}`);
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

async function profiled(page: Page, work: () => Promise<unknown>): Promise<CpuProfile> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await work();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.detach();
  return profile;
}

/** Self and inclusive CPU time by source module of the bundle (esbuild marks each module with `// path`). */
function printProfile(profile: CpuProfile, bundleText: string): void {
  const starts: { line: number; module: string }[] = [];
  bundleText.split('\n').forEach((text, line) => {
    const match = /^\/\/ ((?:node_modules|renderer|shared|main|tests)\/\S+)$/.exec(text);
    if (match) starts.push({ line, module: match[1] as string });
  });
  const moduleAt = (line: number): string => {
    let low = 0;
    let high = starts.length - 1;
    let found = '(bundle prelude)';
    while (low <= high) {
      const mid = (low + high) >> 1;
      const start = starts[mid] as { line: number; module: string };
      if (start.line <= line) {
        found = start.module;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, '$1 (npm)');
  };
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const frameModule = (id: number): string | null => {
    const frame = byId.get(id)?.callFrame;
    return frame && frame.url.endsWith('/bench.js') ? moduleAt(frame.lineNumber) : null;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const functionSelf = new Map<string, number>();
  const functionInclusive = new Map<string, number>();
  const functionName = (id: number): string | null => {
    const frame = byId.get(id)?.callFrame;
    return frame && frame.url.endsWith('/bench.js') ? `${frame.functionName || '(anonymous)'} @ ${moduleAt(frame.lineNumber)}:${frame.lineNumber + 1}` : null;
  };
  let total = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    total += ms;
    const leaf = byId.get(id)?.callFrame.functionName ?? '';
    const seen = new Set<string>();
    const seenFunctions = new Set<string>();
    let owner: string | null = null;
    let ownerFunction: string | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const module = frameModule(at);
      if (module) {
        owner ??= module;
        seen.add(module);
        const name = functionName(at) as string;
        ownerFunction ??= name;
        seenFunctions.add(name);
      }
    }
    if (ownerFunction) functionSelf.set(ownerFunction, (functionSelf.get(ownerFunction) ?? 0) + ms);
    for (const name of seenFunctions) functionInclusive.set(name, (functionInclusive.get(name) ?? 0) + ms);
    const key = owner ?? (leaf.startsWith('(') ? leaf : '(browser/native outside the bundle)');
    self.set(key, (self.get(key) ?? 0) + ms);
    for (const module of seen) inclusive.set(module, (inclusive.get(module) ?? 0) + ms);
  });
  console.log(`  window ${(total).toFixed(0)} ms; self time (native and built-ins counted to the calling module):`);
  for (const [module, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`    ${fmt(ms)} ms  ${module}`);
  console.log('  inclusive time (the module or anything it called) of the app modules and libraries:');
  const interesting = /countView|countService|audit|StationProvider|BallotEntryScreen|RunningTally|stationView|incremental|countInput|react-dom|rxdb|dexie|rxjs|validate/;
  for (const [module, ms] of [...inclusive].filter(([module]) => interesting.test(module)).sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`    ${fmt(ms)} ms  ${module}`);
  console.log('  functions by self time:');
  for (const [name, ms] of [...functionSelf].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${fmt(ms)} ms  ${name}`);
  console.log('  functions by inclusive time:');
  for (const [name, ms] of [...functionInclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`    ${fmt(ms)} ms  ${name}`);
}
