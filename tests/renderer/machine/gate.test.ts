/**
 * The polling-day gate (issue 12, item 2): one stored state per station, every window follows it,
 * a transition is a compare-and-set on its revision, audited only when it happened, and a failed
 * save is shown and tried again without losing the saves after it.
 *
 * Two windows of one station are two RxDatabase instances of one name in one process (dev-mode's
 * `ignoreDuplicate`), each with only the collections the gate needs (the free RxDB opens 13 per
 * process).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addRxPlugin, createRxDatabase, type RxCollection } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import type { StationSetup } from '../../../shared/station/records';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { createAuditLog, listAudit, verifyAuditChain, type AuditLog } from '../../../renderer/db/audit';
import { STATION_COLLECTIONS, type StationDatabase } from '../../../renderer/db/database';
import { machineDayStore } from '../../../renderer/db/machineStore';
import type { AuditDoc } from '../../../renderer/db/schemas/audit';
import type { MachineDoc } from '../../../renderer/db/schemas/machine';
import { appendMissingTransitionAudit, openPollingDayGate, type DayStore, type PollingDayGate, type SaveStatus, type TransitionEvent } from '../../../renderer/machine/gate';
import { stepOf, type PollingStep } from '../../../renderer/machine/pollingDay';
import { createStationService } from '../../../renderer/station/stationService';
import { demoElection } from '../../helpers/build';
import { databases, quietOpenCoreBanner, testStorage, uniqueName } from '../db/helpers';

const dbs = databases();
beforeAll(() => {
  quietOpenCoreBanner();
  disableWarnings();
  addRxPlugin(RxDBDevModePlugin);
});
const gates: PollingDayGate[] = [];
afterEach(async () => {
  for (const gate of gates.splice(0)) {
    await gate.settled();
    gate.stop();
  }
  await dbs.closeAll();
});

const election = demoElection();
const setup: StationSetup = {
  chair: '周建国',
  chiefScrutineer: '孙志强',
  scrutineers: ['钱敏'],
  callers: ['吴磊'],
  recorders: ['郑洁'],
  checkinClerks: ['冯静'],
  ballotStock: 100,
  emptyBoxCheckedBy: '孙志强',
  emptyBoxCheckedAt: '2026-12-06T07:30:00+08:00',
};
const desk1 = { clerk: '冯静', desk: '1号台' };
const desk2 = { clerk: '陈刚', desk: '2号台' };
const TO_OPEN: TransitionEvent[] = [{ type: 'PACKAGE_IMPORTED' }, { type: 'SETUP_CONFIRMED', setup, election }, { type: 'OPEN_POLLS' }];

type WindowDb = StationDatabase & { machine: RxCollection<MachineDoc>; audit: RxCollection<AuditDoc> };

interface Window {
  readonly db: WindowDb;
  readonly audit: AuditLog;
  readonly gate: PollingDayGate;
  readonly store: DayStore;
}

async function openWindow(name: string, wrap: (store: DayStore) => DayStore = (store) => store, retryDelays?: readonly number[]): Promise<Window> {
  const db = dbs.track(await createRxDatabase({ name, storage: testStorage(), multiInstance: true, ignoreDuplicate: true })) as unknown as WindowDb;
  await db.addCollections({ machine: STATION_COLLECTIONS.machine, audit: STATION_COLLECTIONS.audit });
  const audit = createAuditLog(db);
  const store = wrap(machineDayStore(db));
  const gate = await openPollingDayGate(store, { audit, ...(retryDelays ? { retryDelays } : {}) });
  gates.push(gate);
  return { db, audit, gate, store };
}

async function twoWindows(): Promise<[Window, Window]> {
  const name = uniqueName('day');
  return [await openWindow(name), await openWindow(name)];
}

const step = (gate: PollingDayGate): PollingStep => stepOf(gate.getSnapshot().value);
const entry = (type: string, by = desk1) => ({ type, data: {}, ...by });
const auditOf = (type: string) => (type === 'SETUP_CONFIRMED' ? 'setup.confirmed' : type.toLowerCase());

async function walk(gate: PollingDayGate, events: readonly TransitionEvent[]) {
  for (const event of events) {
    const outcome = await gate.transition(event, entry(auditOf(event.type)));
    if (!outcome.ok) throw new Error(`${event.type} refused: ${JSON.stringify(outcome.issues)}`);
  }
}

async function storedStep(store: DayStore): Promise<PollingStep> {
  const stored = await store.read();
  return stepOf(stored?.day.snapshot.value);
}

const codes = (outcome: { ok: boolean; issues?: readonly { code: string }[] }) => (outcome.ok ? [] : (outcome.issues ?? []).map((i) => i.code));

describe('the polling-day gate across windows', () => {
  it('a window follows the step another window stored, within a second', async () => {
    const [one, two] = await twoWindows();
    await walk(one.gate, TO_OPEN);
    await expect.poll(() => step(two.gate), { timeout: 1000, interval: 20 }).toBe('open');
    expect((await one.gate.transition({ type: 'CLOSE_POLLS' }, entry('polls.closed'))).ok).toBe(true);
    await expect.poll(() => step(two.gate), { timeout: 1000, interval: 20 }).toBe('closed');
    expect(two.gate.version).toBe(one.gate.version);
  });

  it('closed in one window: the other refuses a check-in at once, even before it has followed', async () => {
    const [one, two] = await twoWindows();
    await walk(one.gate, TO_OPEN);
    await expect.poll(() => step(two.gate), { timeout: 1000, interval: 20 }).toBe('open');
    // Window 2's desk, with its own actions; the bridge is never reached when the gate refuses.
    const unreachable = new Proxy({}, { get: () => () => Promise.reject(new Error('the bridge must not be reached')) }) as StationBridge;
    const actions = createStationService({ db: two.db, audit: two.audit, actor: two.gate, bridge: unreachable });
    expect((await one.gate.transition({ type: 'CLOSE_POLLS' }, entry('polls.closed'))).ok).toBe(true);
    const checkIn = await actions.checkIn('v00001', desk2);
    expect(codes(checkIn)).toEqual(['polls.notOpen']);
    expect(step(two.gate)).toBe('closed'); // asking refreshed it
  });

  it('a window acting on a stale step is refused and refreshed; it never overwrites the stored step', async () => {
    const [one, two] = await twoWindows();
    await walk(one.gate, TO_OPEN);
    await expect.poll(() => step(two.gate), { timeout: 1000, interval: 20 }).toBe('open');
    two.gate.stop(); // window 2 no longer hears of changes: it still shows `open`
    expect((await one.gate.transition({ type: 'CLOSE_POLLS' }, entry('polls.closed'))).ok).toBe(true);
    expect(step(two.gate)).toBe('open');
    const paused = await two.gate.transition({ type: 'PAUSE_POLLS' }, entry('polls.paused', desk2));
    expect(paused).toMatchObject({ ok: false, issues: [{ code: 'day.stale', params: { step: 'closed' } }] });
    expect(step(two.gate)).toBe('closed');
    expect(await storedStep(one.store)).toBe('closed');
    expect((await listAudit(one.db, { limit: 100 })).map((event) => event.type)).not.toContain('polls.paused');
  });

  it('pause and close at the same moment: one wins, the stored step is the winner’s, the log has only its event', async () => {
    for (let run = 0; run < 3; run++) {
      const [one, two] = await twoWindows();
      await walk(one.gate, TO_OPEN);
      await expect.poll(() => step(two.gate), { timeout: 1000, interval: 20 }).toBe('open');
      const [closed, paused] = await Promise.all([
        one.gate.transition({ type: 'CLOSE_POLLS' }, entry('polls.closed')),
        two.gate.transition({ type: 'PAUSE_POLLS' }, entry('polls.paused', desk2)),
      ]);
      expect([closed.ok, paused.ok].filter(Boolean)).toHaveLength(1);
      const winner = closed.ok ? 'closed' : 'paused';
      expect(codes(closed.ok ? paused : closed)).toEqual(['day.stale']);
      expect(await storedStep(one.store)).toBe(winner);
      await expect.poll(() => [step(one.gate), step(two.gate)], { timeout: 1000, interval: 20 }).toEqual([winner, winner]);
      const events = await listAudit(one.db, { limit: 100 });
      expect(events.map((event) => event.type).filter((type) => type === 'polls.closed' || type === 'polls.paused')).toEqual([`polls.${winner}`]);
      expect(verifyAuditChain(events)).toBe(-1);
      for (const gate of gates.splice(0)) gate.stop();
      await dbs.closeAll();
    }
  });

  it('a desk’s half-done check-in in one window blocks the close in the other; marks never make a step stale', async () => {
    const [one, two] = await twoWindows();
    await walk(one.gate, TO_OPEN);
    await two.gate.mark({ type: 'CHECKIN_STARTED', desk: desk2.desk, voterId: 'v00007' });
    const refused = await one.gate.transition({ type: 'CLOSE_POLLS' }, entry('polls.closed'));
    expect(codes(refused)).toEqual(['day.notAllowed']);
    expect(one.gate.getSnapshot().context.checkinsInProgress).toEqual({ [desk2.desk]: 'v00007' });
    await two.gate.mark({ type: 'CHECKIN_FINISHED', desk: desk2.desk });
    // Window 1 may not have heard of the mark's removal yet: its step is the same, so not stale.
    expect((await one.gate.transition({ type: 'CLOSE_POLLS' }, entry('polls.closed'))).ok).toBe(true);
    expect(await storedStep(two.store)).toBe('closed');
    // A mark after the close is not stored: the step stays closed, the version does not move.
    const version = (await two.store.read())?.day.version;
    await two.gate.mark({ type: 'CHECKIN_STARTED', desk: desk2.desk, voterId: 'v00008' });
    expect((await two.store.read())?.day.version).toBe(version);
  });

  it('the audit log records only transitions that happened; each write carries the next version', async () => {
    const [one] = await twoWindows();
    expect(codes(await one.gate.transition({ type: 'OPEN_POLLS' }, entry('polls.opened')))).toEqual(['day.notAllowed']);
    expect(codes(await one.gate.transition({ type: 'START_COUNT' }, entry('count.started')))).toEqual(['day.notAllowed']);
    expect(await listAudit(one.db, { limit: 100 })).toEqual([]);
    expect(await one.store.read()).toBeNull();
    await walk(one.gate, TO_OPEN);
    const stored = await one.store.read();
    expect(stored?.day.version).toBe(3);
    expect(stored?.day.audit).toMatchObject({ type: 'open_polls', clerk: desk1.clerk, desk: desk1.desk });
    const events = await listAudit(one.db, { limit: 100 });
    expect(events.map((event) => event.type)).toEqual(['package_imported', 'setup.confirmed', 'open_polls']);
    expect(events[2]?.at).toBe(stored?.day.audit?.at);
  });

  it('a transition stored but not yet logged (the window went away) is logged at the next start, once', async () => {
    const name = uniqueName('day');
    const one = await openWindow(name);
    await walk(one.gate, TO_OPEN.slice(0, 1));
    // As if the window died between the stored write and the log's append: the log loses its last event.
    const lost = await one.db.audit.findOne({ selector: { seq: 1 } }).exec();
    await lost?.remove();
    expect(await listAudit(one.db, { limit: 10 })).toEqual([]);
    const recent = () => listAudit(one.db, { limit: 200 });
    // Not while the window that stored it may still be appending it (a window opened that moment).
    expect(await appendMissingTransitionAudit(one.store, one.audit, recent)).toBe(false);
    const later = { now: () => Date.now() + 10_000 };
    expect(await appendMissingTransitionAudit(one.store, one.audit, recent, later)).toBe(true);
    expect(await appendMissingTransitionAudit(one.store, one.audit, recent, later)).toBe(false);
    expect((await listAudit(one.db, { limit: 10 })).map((event) => event.type)).toEqual(['package_imported']);
  });
});

describe('the polling-day gate when storage fails', () => {
  /** The store, with its next `failures` writes failing as a full disk would. */
  function failing(failures: { count: number }) {
    return (store: DayStore): DayStore => ({
      ...store,
      async write(day, token) {
        if (failures.count > 0) {
          failures.count--;
          throw new Error('QuotaExceededError');
        }
        return store.write(day, token);
      },
    });
  }

  it('a failed save is shown and tried again; the transition is stored once it succeeds', async () => {
    const failures = { count: 2 };
    const window = await openWindow(uniqueName('day'), failing(failures), [10, 10, 10]);
    const seen: SaveStatus['state'][] = [];
    window.gate.onSaveStatus((status) => seen.push(status.state));
    expect((await window.gate.transition({ type: 'PACKAGE_IMPORTED' }, entry('package.imported'))).ok).toBe(true);
    expect(seen).toEqual(['retrying', 'retrying', 'saved']);
    expect(await storedStep(window.store)).toBe('setup');
    expect((await listAudit(window.db, { limit: 10 })).map((event) => event.type)).toEqual(['package.imported']);
  });

  it('a save that keeps failing is refused and stays shown; the saves after it are not lost', async () => {
    const failures = { count: 4 };
    const window = await openWindow(uniqueName('day'), failing(failures), [10, 10, 10]);
    const refused = await window.gate.transition({ type: 'PACKAGE_IMPORTED' }, entry('package.imported'));
    expect(codes(refused)).toEqual(['day.saveFailed']);
    expect(window.gate.saveStatus()).toMatchObject({ state: 'failed', message: expect.stringContaining('QuotaExceededError') });
    expect(step(window.gate)).toBe('unconfigured');
    expect(await listAudit(window.db, { limit: 10 })).toEqual([]); // nothing happened, nothing logged
    // Storage is back: the next saves go through (the old queue stopped every later save, silently).
    await walk(window.gate, TO_OPEN);
    expect(window.gate.saveStatus()).toEqual({ state: 'saved' });
    expect(await storedStep(window.store)).toBe('open');
  });
});
