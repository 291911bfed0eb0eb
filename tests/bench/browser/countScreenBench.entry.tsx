/**
 * Runs inside headless Chromium (bundled by tests/bench/countScreenBench.ts): the count screen
 * with 10,000 ballots already stored.
 *
 *   prepareStation() — a station database as the app finds it on the day: the demo package,
 *     the machine at counting.entering, the boxes opened, N ballots of desk A (and their audit
 *     events, hash-chained) stored; then closed, so the app opens it cold.
 *   coldStart() — renders the real app (StationProvider + App) and times render start → the
 *     entry screen showing N entered → the next animation frame.
 *   commitBench() — on that screen, ballots typed as the clerk does (digit keys, then Enter on
 *     `window`, where BallotEntryScreen listens): Enter → progress text shows N+1 → the frame
 *     that shows it is painted.
 *
 * Keypress → painted: Enter is handled at the start of a frame (in its animation-frame
 * callbacks, where Chromium also runs input it has queued for the frame), and the figure ends
 * when that frame — or, if the change came later, the first frame after it — has been painted
 * (a message posted from the frame's callbacks runs after its paint). So it is the app's work
 * plus the browser's style, layout and paint, not the 0–16.7 ms a keypress waits for the next
 * vsync wherever it falls in the frame, which no app can shorten.
 */
import { seededRandom } from '../../../main/services/demo/prng';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { recordProbes, marks, openedDatabase, probes, timed, type Probe } from './countScreenProbe';
import { buildDemoPackage } from '../../../main/services/demo';
import type { ElectionPackage } from '../../../shared/election/schemas';
import { hashAuditEvent, auditId, listAudit } from '../../../renderer/db/audit';
import { storeImportedPackage } from '../../../renderer/db/importPackage';
import type { BallotDoc, CountRecordDoc } from '../../../renderer/db/schemas/count';
import type { AuditDoc } from '../../../renderer/db/schemas/audit';
import { createHttpBridge } from '../../../renderer/bridge/httpBridge';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { App } from '../../../renderer/app/App';
import { initI18n } from '../../../renderer/i18n';
import { activeBallots, boxesId, type BoxesRecord } from '../../../renderer/station/countService';
import { openStation } from '../../../renderer/station/openStation';
import { StationProvider } from '../../../renderer/station/StationProvider';
import { snapshotKey } from '../../../renderer/station/count/pileSnapshot';
import { stepOf } from '../../../renderer/machine/pollingDay';
import '../../../renderer/app/app.css';

/** The name StationProvider opens (each benchmark uses a fresh browser profile). */
const STATION_DB = 'polling-station';
const CHUNK = 1000;
const CLERK = { clerk: '周建国', desk: '1号台' };

/**
 * The browser build's bridge: HTTP to the real main/host serving this page, so a ballot goes
 * through main's fsync'd journal first, as on the day (timed as `bridge.journal`). With
 * `?journal=none` the journal is a no-op: the renderer alone.
 */
function benchBridge(): StationBridge {
  const http = createHttpBridge();
  const journal = new URLSearchParams(window.location.search).get('journal') === 'none' ? async () => undefined : http.journal;
  return { ...http, journal: timed(() => 'bridge.journal', journal) };
}
const bridge = benchBridge();

function pick<T>(items: readonly T[], count: number, next: () => number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0] as T);
  return chosen;
}

/** A ballot as a clerk reads it: mostly one chair, one vice, up to three members; a few blank or unreadable. */
function realisticBallot(pkg: ElectionPackage, seq: number, next: () => number, at: string): BallotDoc {
  const base = { id: `R1-A-${String(seq).padStart(6, '0')}-1`, round: 1, entry: 'A' as const, seq, kind: 'ballot' as const, at, ...CLERK };
  const roll = next();
  if (roll < 0.015) return { ...base, status: roll < 0.01 ? 'blank' : 'unreadable', marks: null };
  const marks: NonNullable<BallotDoc['marks']> = {};
  for (const position of pkg.election.positions) {
    const ids = position.candidates.map((candidate) => candidate.id);
    const forCount = next() < 0.05 ? 0 : Math.min(position.seats, 1 + Math.floor(next() * position.seats));
    const chosen = pick(ids, forCount, next);
    const against = next() < 0.05 ? ids.filter((id) => !chosen.includes(id)).slice(0, 1) : [];
    const writeIns = next() < 0.01 ? ['赵六'] : [];
    if (chosen.length + against.length + writeIns.length > 0) marks[position.id] = { for: chosen, against, writeIns };
  }
  return { ...base, status: 'valid', marks };
}

export interface PrepareFigures {
  readonly ballots: number;
  readonly auditEvents: number;
  readonly ms: number;
}

async function prepareStation(ballots: number): Promise<PrepareFigures> {
  const started = performance.now();
  const pkg = buildDemoPackage();
  const station = await openStation(bridge, { name: STATION_DB });
  const { db, actor } = station;
  await storeImportedPackage(db, { package: pkg, electionHash: '0'.repeat(64), districtKeyFingerprint: 'bench' }, new Date().toISOString());
  // The day moves only through the gate (renderer/machine/gate.ts).
  const move = async (event: Parameters<typeof actor.transition>[0]) => {
    const moved = await actor.transition(event, { type: event.type, data: {}, ...CLERK });
    if (!moved.ok) throw new Error(`${event.type} refused: ${moved.issues[0]?.code}`);
  };
  await move({ type: 'PACKAGE_IMPORTED' });
  const setup = { chair: '周建国', chiefScrutineer: '孙志强', scrutineers: ['钱敏'], callers: ['吴磊'], recorders: ['郑洁'], checkinClerks: ['冯静'], ballotStock: 3200, emptyBoxCheckedBy: '孙志强', emptyBoxCheckedAt: new Date().toISOString() };
  const confirmed = await station.actions.confirmSetup(setup, CLERK);
  if (!confirmed.ok) throw new Error(`setup refused: ${confirmed.issues[0]?.code}`);
  await move({ type: 'OPEN_POLLS' });
  await move({ type: 'CLOSE_POLLS' });
  await move({ type: 'RECONCILED', difference: 0, chiefScrutineer: setup.chiefScrutineer, mobileBoxesOut: 0 });
  await move({ type: 'START_COUNT' });
  const boxes: BoxesRecord = { mainBox: 20_000, mobileBoxes: [], recovered: 20_000, issued: 20_000, registeredVoters: 30_000, doubleEntry: false, voidReason: null };
  const boxesDoc: CountRecordDoc = { id: boxesId(1), round: 1, kind: 'boxes', data: { ...boxes, mobileBoxes: [] }, at: new Date().toISOString(), ...CLERK };
  await db.countRecords.insert(boxesDoc);
  await move({ type: 'BOXES_OPENED', voidReason: null });
  if (stepOf(actor.getSnapshot().value) !== 'entering') throw new Error(`machine at ${JSON.stringify(actor.getSnapshot().value)}, not counting.entering`);

  // The ballots, and the audit events the app writes with each one (`ballot.entered`), chained.
  const next = seededRandom(4);
  const [head] = await listAudit(db, { limit: 1 });
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? '0'.repeat(64);
  let auditEvents = 0;
  const day = Date.parse('2026-12-06T10:00:00Z');
  for (let start = 1; start <= ballots; start += CHUNK) {
    const docs: BallotDoc[] = [];
    const events: AuditDoc[] = [];
    for (let n = start; n < Math.min(start + CHUNK, ballots + 1); n++) {
      const at = new Date(day + n * 1500).toISOString();
      const doc = realisticBallot(pkg, n, next, at);
      docs.push(doc);
      seq += 1;
      const content = { id: auditId(seq), seq, at, type: 'ballot.entered', data: { id: doc.id, entry: 'A', seq: n }, prevHash, ...CLERK };
      const hash = hashAuditEvent(content);
      events.push({ ...content, hash });
      prevHash = hash;
    }
    const written = await db.ballots.bulkInsert(docs);
    if (written.error.length > 0) throw new Error(`ballots refused: ${JSON.stringify(written.error[0]).slice(0, 300)}`);
    const logged = await db.audit.bulkInsert(events);
    if (logged.error.length > 0) throw new Error(`audit refused: ${JSON.stringify(logged.error[0]).slice(0, 300)}`);
    auditEvents += events.length;
  }
  const stored = await db.ballots.count({ selector: { round: 1, entry: 'A' } }).exec();
  if (stored !== ballots) throw new Error(`${stored} ballots stored, expected ${ballots}`);
  await station.close();
  return { ballots, auditEvents, ms: performance.now() - started };
}

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));

/** Called from a frame's callbacks: resolves after that frame is painted. */
const afterThisFramePaints = (): Promise<number> =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(null);
  });

/**
 * Press `key` at the start of a frame; resolve with the press time, when `shown()` first held
 * in the DOM, and when the frame showing it was painted.
 */
function pressAndPaint(key: string, shown: () => boolean): Promise<{ pressed: number; dom: number; painted: number }> {
  return new Promise((resolve, reject) => {
    let pressed = 0;
    let dom = Number.NaN;
    const domShown = whenDom(shown, 10_000).then((at) => (dom = at));
    requestAnimationFrame(() => {
      pressed = performance.now();
      press(key);
    });
    // The frame's next callback runs after the press and its microtasks (React's commit, the
    // DOM observer): if the change is there, this frame paints it.
    requestAnimationFrame(() => {
      if (!Number.isNaN(dom)) {
        void afterThisFramePaints().then((painted) => resolve({ pressed, dom, painted }));
        return;
      }
      domShown.then(() => requestAnimationFrame(() => void afterThisFramePaints().then((painted) => resolve({ pressed, dom, painted }))), reject);
    });
  });
}

function progressElement(): Element | null {
  return document.querySelector('[data-testid=entry-progress]');
}

/** The number of ballots the progress text shows as entered (its first number). */
function enteredShown(): number | null {
  const match = /\d+/.exec(progressElement()?.textContent ?? '');
  return match ? Number(match[0]) : null;
}

/** performance.now() of the first DOM change after which `ready()` holds (now, if it holds already). */
function whenDom(ready: () => boolean, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (ready()) {
      resolve(performance.now());
      return;
    }
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`timed out after ${timeoutMs} ms; progress: ${progressElement()?.textContent ?? '(none)'}; page: ${document.body.textContent?.slice(0, 300)}`));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      const at = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      resolve(at);
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

export interface ColdStartFigures {
  /** Render start → progress shows every stored ballot → next animation frame. */
  readonly renderToPaint: number;
  /** Navigation start → the same frame (includes loading and evaluating the bundle). */
  readonly navigationToPaint: number;
  readonly renderStart: number;
  /** Render start → RxDB database created / all collections created / the app's frame shown / progress shown. */
  readonly databaseCreated: number;
  readonly collectionsCreated: number;
  readonly appShown: number;
  /** The live query of the round's ballots reading the storage (IndexedDB cursor), start and end. */
  readonly ballotsQueryStart: number;
  readonly ballotsQueryEnd: number;
  readonly progressShown: number;
  /** Where the figures first shown came from: the stored pile snapshot, or the pile read whole. */
  readonly shownFrom: string;
  /** Render start → every stored ballot read and the snapshot checked (the screen usable long before). */
  readonly pileLoaded: number;
  readonly entered: number;
  /** Storage queries run during the cold start (ms from render start). */
  readonly queries: readonly Probe[];
}

async function coldStart(expected: number): Promise<ColdStartFigures> {
  const container = document.getElementById('root') as HTMLElement;
  recordProbes(true);
  const renderStart = performance.now();
  const i18n = initI18n('zh-CN');
  createRoot(container).render(
    <StrictMode>
      <StationProvider bridge={bridge} loadingText={i18n.t('app.loading')}>
        <App />
      </StationProvider>
    </StrictMode>,
  );
  let appShown = Number.NaN;
  void whenDom(() => document.querySelector('.app') !== null, 30_000).then((at) => (appShown = at));
  const progressShown = await whenDom(() => enteredShown() === expected, 30_000);
  const shownFrom = progressElement()?.getAttribute('data-pile') ?? '(none)';
  const painted = await nextFrame();
  const pileLoaded = await whenDom(() => progressElement()?.getAttribute('data-pile') === 'loaded' && enteredShown() === expected, 30_000);
  recordProbes(false);
  const since = (at: number | undefined) => (at === undefined ? Number.NaN : at - renderStart);
  const ballotsQuery = probes.find((probe) => probe.what === 'ballots.find:storage');
  return {
    renderToPaint: painted - renderStart,
    navigationToPaint: painted,
    renderStart,
    databaseCreated: since(marks.databaseCreated),
    collectionsCreated: since(marks.lastCollectionCreated),
    appShown: since(appShown),
    ballotsQueryStart: since(ballotsQuery?.start),
    ballotsQueryEnd: since(ballotsQuery?.end),
    progressShown: progressShown - renderStart,
    shownFrom,
    pileLoaded: pileLoaded - renderStart,
    entered: enteredShown() ?? -1,
    queries: probes.filter((probe) => probe.what.endsWith(':storage')).map((probe) => ({ what: probe.what, start: probe.start - renderStart, end: probe.end - renderStart })),
  };
}

/**
 * Resolves when the pile snapshot the app writes once the pile has been still for a moment
 * covers `documents` stored ballot documents (the app's own writer, as after the day's last ballot).
 */
async function snapshotWritten(documents: number): Promise<number> {
  const started = performance.now();
  const key = snapshotKey(STATION_DB, 1);
  for (;;) {
    const stored = JSON.parse(localStorage.getItem(key) ?? 'null') as { documents?: number } | null;
    if (stored?.documents === documents) return performance.now() - started;
    if (performance.now() - started > 30_000) throw new Error(`no pile snapshot of ${documents} documents after 30 s: ${JSON.stringify(stored)?.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Candidate keys of the demo ballot (keyedCandidates): 1–2 chair, 3–4 vice, 5–9 members. */
function ballotKeys(i: number, next: () => number): string[] {
  const keys = [next() < 0.5 ? '1' : '2', next() < 0.5 ? '3' : '4'];
  return [...keys, ...pick(['5', '6', '7', '8', '9'], i % 3, next)]; // 2–4 keys
}

function press(key: string): void {
  window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

function marksOnCard(): number {
  return document.querySelectorAll('[data-testid=ballot-draft] [data-mark=for]').length;
}

export interface CommitSample {
  /** Enter → the progress text changed in the DOM (React committed). */
  readonly dom: number;
  /** Enter at a frame's start → the frame showing the change painted (the figure of the benchmark). */
  readonly painted: number;
  /** Enter → RxDB emitted the ballot's change event (the storage write is done). */
  readonly event: number;
  /** Enter → the `entry-message` (after the audit append) shows the ballot. */
  readonly message: number;
  readonly probes: readonly Probe[];
}

async function commitBench(commits: number): Promise<CommitSample[]> {
  const db = openedDatabase();
  if (!db) throw new Error('no database opened');
  const ballots = db.collections.ballots as import('rxdb').RxCollection<BallotDoc>;
  let eventAt = 0;
  // Change events are emitted synchronously when the storage write is done.
  const subscription = ballots.$.subscribe(() => (eventAt ||= performance.now()));
  const next = seededRandom(99);
  const samples: CommitSample[] = [];
  try {
    for (let i = 0; i < commits; i++) {
      const before = enteredShown();
      if (before === null) throw new Error('no entry progress on the page');
      const keys = ballotKeys(i, next);
      for (const key of keys) {
        press(key);
        await nextFrame(); // the clerk's next key comes after a frame at the very least
      }
      await whenDom(() => marksOnCard() === keys.length, 2000);
      await nextFrame();
      const messageShown = whenDom(() => /\d+/.exec(document.querySelector('[data-testid=entry-message]')?.textContent ?? '')?.[0] === String(before + 1), 10_000);
      recordProbes(true);
      eventAt = 0;
      const { pressed: t0, dom, painted } = await pressAndPaint('Enter', () => enteredShown() === before + 1);
      const message = await messageShown;
      // Let the audit append and the view settle before the next ballot is read out.
      await new Promise((resolve) => setTimeout(resolve, 30));
      recordProbes(false);
      samples.push({ dom: dom - t0, painted: painted - t0, message: message - t0, event: eventAt - t0, probes: probes.map((p) => ({ what: p.what, start: p.start - t0, end: p.end - t0 })) });
    }
  } finally {
    subscription.unsubscribe();
  }
  return samples;
}

/**
 * Raw IndexedDB for comparison: one small put per transaction, as RxDB's Dexie storage writes a
 * ballot, with strict (the station's setting) and relaxed durability. Milliseconds p50 / p95.
 */
async function idbDurability(writes: number): Promise<Record<'strict' | 'relaxed', { p50: number; p95: number }>> {
  const open = indexedDB.open(`idb-probe-${Date.now()}`, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('x', { keyPath: 'id' });
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const figures = {} as Record<'strict' | 'relaxed', { p50: number; p95: number }>;
  for (const durability of ['strict', 'relaxed'] as const) {
    const times: number[] = [];
    for (let i = 0; i < writes; i++) {
      const start = performance.now();
      const tx = idb.transaction('x', 'readwrite', { durability });
      tx.objectStore('x').put({ id: `${durability}-${i}`, round: 1, entry: 'A', seq: i, marks: { chair: { for: ['p-zhoujianhua'], against: [], writeIns: [] } }, at: new Date().toISOString() });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    figures[durability] = { p50: times[Math.floor(times.length / 2)] as number, p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] as number };
  }
  idb.close();
  return figures;
}

/**
 * The same 10k ballot documents read straight from IndexedDB (the object store RxDB's Dexie
 * storage keeps them in): with a cursor, one record per round trip as RxDB's dexieQuery does,
 * and with one getAll(). Milliseconds, alternating, on a page where RxDB is not open.
 */
async function readCosts(): Promise<{ cursor: number[]; getAll: number[]; records: number }> {
  const open = indexedDB.open(`rxdb-dexie-${STATION_DB}--0--ballots`);
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const figures = { cursor: [] as number[], getAll: [] as number[], records: 0 };
  const request = <T,>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
  for (let round = 0; round < 2; round++) {
    let start = performance.now();
    const all = await request(idb.transaction('docs', 'readonly').objectStore('docs').getAll());
    figures.getAll.push(performance.now() - start);
    figures.records = all.length;
    start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = idb.transaction('docs', 'readonly').objectStore('docs').openCursor();
      req.onsuccess = () => (req.result ? req.result.continue() : resolve());
      req.onerror = () => reject(req.error);
    });
    figures.cursor.push(performance.now() - start);
  }
  idb.close();
  return figures;
}

/** What the per-commit whole-list work costs on the app's 10k ballot documents (ms, median of 5). */
async function viewCosts(): Promise<Record<string, number>> {
  const db = openedDatabase();
  if (!db) throw new Error('no database opened');
  const docs = await (db.collections.ballots as import('rxdb').RxCollection<BallotDoc>).find({ selector: { round: 1, entry: 'A' } }).exec();
  const time = (work: () => unknown) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      work();
      runs.push(performance.now() - start);
    }
    return runs.sort((a, b) => a - b)[2] as number;
  };
  const json = docs.map((doc) => doc.toJSON() as BallotDoc);
  const cache = new WeakMap<object, BallotDoc>(docs.map((doc, i) => [doc, json[i] as BallotDoc]));
  return {
    documents: docs.length,
    'docs.map(toJSON)': time(() => docs.map((doc) => doc.toJSON())),
    'activeBallots(json) (filter, Set, sort)': time(() => activeBallots(json)),
    'new Set(ids) (LiveTally.update)': time(() => new Set(json.map((doc) => doc.id))),
    'docs.map(WeakMap cache hit) instead of toJSON': time(() => docs.map((doc) => cache.get(doc))),
  };
}

Object.assign(window, { prepareStation, coldStart, snapshotWritten, commitBench, idbDurability, readCosts, viewCosts });
