import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { StationSetup } from '../../../shared/station/records';
import { openPollingDayGate, type DayStore, type StoredDay } from '../../../renderer/machine/gate';
import { pollingDayMachine, stepOf, type PollingDayEvent } from '../../../renderer/machine/pollingDay';
import { demoElection } from '../../helpers/build';

const election = demoElection();
const goodSetup: StationSetup = {
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
const reconciled = (over: Partial<Extract<PollingDayEvent, { type: 'RECONCILED' }>> = {}): PollingDayEvent => ({
  type: 'RECONCILED',
  difference: 0,
  chiefScrutineer: '孙志强',
  mobileBoxesOut: 0,
  ...over,
});

function actorAt(events: PollingDayEvent[]) {
  const actor = createActor(pollingDayMachine).start();
  for (const event of events) actor.send(event);
  return actor;
}

const TO_OPEN: PollingDayEvent[] = [{ type: 'PACKAGE_IMPORTED' }, { type: 'SETUP_CONFIRMED', setup: goodSetup, election }, { type: 'OPEN_POLLS' }];

describe('polling-day machine', () => {
  it('walks the whole day: import → setup → ready → open ⇄ paused → closed → reconciled', () => {
    const actor = createActor(pollingDayMachine).start();
    const steps: string[] = [stepOf(actor.getSnapshot().value)];
    const day: PollingDayEvent[] = [...TO_OPEN, { type: 'PAUSE_POLLS' }, { type: 'RESUME_POLLS' }, { type: 'CLOSE_POLLS' }, reconciled()];
    for (const event of day) {
      actor.send(event);
      steps.push(stepOf(actor.getSnapshot().value));
    }
    expect(steps).toEqual(['unconfigured', 'setup', 'ready', 'open', 'paused', 'open', 'closed', 'reconciled']);
  });

  it('refuses to leave setup while the staff rules are not met', () => {
    const actor = actorAt([{ type: 'PACKAGE_IMPORTED' }]);
    actor.send({ type: 'SETUP_CONFIRMED', setup: { ...goodSetup, scrutineers: [], chiefScrutineer: '孙志强' }, election });
    expect(stepOf(actor.getSnapshot().value)).toBe('setup');
    actor.send({ type: 'SETUP_CONFIRMED', setup: { ...goodSetup, emptyBoxCheckedBy: '' }, election });
    expect(stepOf(actor.getSnapshot().value)).toBe('setup');
    actor.send({ type: 'SETUP_CONFIRMED', setup: goodSetup, election });
    expect(stepOf(actor.getSnapshot().value)).toBe('ready');
  });

  it('allows re-provisioning and editing the setup only before polls open', () => {
    expect(stepOf(actorAt([{ type: 'PACKAGE_IMPORTED' }, { type: 'REPROVISION' }]).getSnapshot().value)).toBe('unconfigured');
    const ready = actorAt(TO_OPEN.slice(0, 2));
    ready.send({ type: 'EDIT_SETUP' });
    expect(stepOf(ready.getSnapshot().value)).toBe('setup');
    const open = actorAt(TO_OPEN);
    open.send({ type: 'REPROVISION' });
    open.send({ type: 'EDIT_SETUP' });
    expect(stepOf(open.getSnapshot().value)).toBe('open');
  });

  it('cannot open polls before setup, nor pause when not open', () => {
    const actor = actorAt([{ type: 'PACKAGE_IMPORTED' }, { type: 'OPEN_POLLS' }, { type: 'PAUSE_POLLS' }]);
    expect(stepOf(actor.getSnapshot().value)).toBe('setup');
  });

  it('polls cannot close while a check-in is half done, at any desk', () => {
    const actor = actorAt([...TO_OPEN, { type: 'CHECKIN_STARTED', desk: 'A', voterId: 'v1' }, { type: 'CHECKIN_STARTED', desk: 'B', voterId: 'v2' }]);
    expect(actor.getSnapshot().can({ type: 'CLOSE_POLLS' })).toBe(false);
    actor.send({ type: 'CHECKIN_FINISHED', desk: 'A' });
    actor.send({ type: 'CLOSE_POLLS' });
    expect(stepOf(actor.getSnapshot().value)).toBe('open');
    actor.send({ type: 'CHECKIN_FINISHED', desk: 'B' });
    actor.send({ type: 'CLOSE_POLLS' });
    expect(stepOf(actor.getSnapshot().value)).toBe('closed');
  });

  it('the half-done marks can be cleared (a desk whose window is gone), only while there are some', () => {
    const actor = actorAt([...TO_OPEN, { type: 'CHECKIN_STARTED', desk: 'A', voterId: 'v1' }, { type: 'PAUSE_POLLS' }]);
    expect(actor.getSnapshot().can({ type: 'CHECKINS_ABANDONED' })).toBe(true);
    actor.send({ type: 'CHECKINS_ABANDONED' });
    expect(actor.getSnapshot().context.checkinsInProgress).toEqual({});
    expect(stepOf(actor.getSnapshot().value)).toBe('paused');
    expect(actor.getSnapshot().can({ type: 'CHECKINS_ABANDONED' })).toBe(false);
    expect(actorAt([...TO_OPEN, { type: 'CLOSE_POLLS' }]).getSnapshot().can({ type: 'CHECKINS_ABANDONED' })).toBe(false);
  });

  it('polls can close from paused', () => {
    expect(stepOf(actorAt([...TO_OPEN, { type: 'PAUSE_POLLS' }, { type: 'CLOSE_POLLS' }]).getSnapshot().value)).toBe('closed');
  });

  it('counting cannot start until the ballot account balances or the difference is explained and signed off by the 总监票人', () => {
    const closed = [...TO_OPEN, { type: 'CLOSE_POLLS' } as PollingDayEvent];
    const at = (event: PollingDayEvent) => stepOf(actorAt([...closed, event]).getSnapshot().value);
    expect(at(reconciled({ difference: 2 }))).toBe('closed');
    expect(at(reconciled({ difference: 2, explanation: '两张选票印刷损坏' }))).toBe('closed');
    expect(at(reconciled({ difference: 2, explanation: '两张选票印刷损坏', signedOffBy: '钱敏' }))).toBe('closed');
    expect(at(reconciled({ difference: 0, mobileBoxesOut: 1 }))).toBe('closed');
    const signed = actorAt([...closed, reconciled({ difference: 2, explanation: '两张选票印刷损坏', signedOffBy: '孙志强' })]);
    expect(stepOf(signed.getSnapshot().value)).toBe('reconciled');
    expect(signed.getSnapshot().context.reconciliation).toEqual({ difference: 2, signedOffBy: '孙志强' });
  });

  it('a persisted snapshot restores to the same state and context, and saves follow every transition', async () => {
    let stored: StoredDay | null = null;
    const saves: string[] = [];
    const store: DayStore = {
      read: async () => (stored ? { day: stored, token: stored.version } : null),
      write: async (day, token) => {
        if ((stored?.version ?? null) !== token) return false;
        stored = day;
        saves.push(stepOf((day.snapshot as { value: unknown }).value));
        return true;
      },
      watch: () => () => undefined,
    };
    const audit = { append: async () => ({}) as never };
    const by = { clerk: '冯静', desk: 'A' };
    const first = await openPollingDayGate(store, { audit });
    for (const event of [...TO_OPEN, { type: 'PAUSE_POLLS' } as const]) {
      expect((await first.transition(event as never, { type: event.type, data: {}, ...by })).ok).toBe(true);
    }
    await first.mark({ type: 'CHECKIN_STARTED', desk: 'A', voterId: 'v9' });
    first.stop();
    expect(saves).toEqual(['setup', 'ready', 'open', 'paused', 'paused']);
    expect(stored!.version).toBe(5);

    const second = await openPollingDayGate(store, { audit });
    const snapshot = second.getSnapshot();
    expect(stepOf(snapshot.value)).toBe('paused');
    expect(snapshot.context.checkinsInProgress).toEqual({ A: 'v9' });
    expect((await second.transition({ type: 'RESUME_POLLS' }, { type: 'polls.resumed', data: {}, ...by })).ok).toBe(true);
    expect(stepOf((stored!.snapshot as { value: unknown }).value)).toBe('open');
  });
});

describe('polling-day machine: the questions the services ask', () => {
  const TO_RECONCILED: PollingDayEvent[] = [...TO_OPEN, { type: 'CLOSE_POLLS' }, reconciled()];
  const allowed = (events: PollingDayEvent[]) =>
    (['ISSUE_BALLOT', 'REPLACE_SPOILED', 'DEPART_TRIP', 'UNDO_CHECKIN', 'RECONCILE', 'ENTER_BALLOT', 'PRODUCE_SHEETS'] as const).filter((type) =>
      actorAt(events).getSnapshot().can({ type }),
    );

  it('answers each step rule the services used to decide themselves, and changes nothing', () => {
    expect(allowed([])).toEqual([]);
    expect(allowed(TO_OPEN.slice(0, 2))).toEqual([]);
    expect(allowed(TO_OPEN)).toEqual(['ISSUE_BALLOT', 'REPLACE_SPOILED', 'DEPART_TRIP', 'UNDO_CHECKIN']);
    expect(allowed([...TO_OPEN, { type: 'PAUSE_POLLS' }])).toEqual(['UNDO_CHECKIN']);
    expect(allowed([...TO_OPEN, { type: 'CLOSE_POLLS' }])).toEqual(['RECONCILE']);
    expect(allowed(TO_RECONCILED)).toEqual([]);
    expect(allowed([...TO_RECONCILED, { type: 'START_COUNT' }])).toEqual([]);
    expect(allowed([...TO_RECONCILED, { type: 'START_COUNT' }, { type: 'BOXES_OPENED', voidReason: null }])).toEqual(['ENTER_BALLOT']);
    const atResults = [...TO_RECONCILED, { type: 'START_COUNT' }, { type: 'BOXES_OPENED', voidReason: null }, { type: 'BALLOTS_COMPLETE', entered: 1, recovered: 1, disagreements: 0 }] as PollingDayEvent[];
    expect(allowed(atResults)).toEqual(['PRODUCE_SHEETS']);
    expect(allowed([...TO_RECONCILED, { type: 'START_COUNT' }, { type: 'BOXES_OPENED', voidReason: 'turnout' }])).toEqual(['PRODUCE_SHEETS']);
    const open = actorAt(TO_OPEN);
    const before = open.getPersistedSnapshot();
    open.send({ type: 'ISSUE_BALLOT' });
    expect(open.getPersistedSnapshot()).toEqual(before);
  });
});

describe('polling-day machine: the count', () => {
  const TO_RECONCILED: PollingDayEvent[] = [...TO_OPEN, { type: 'CLOSE_POLLS' }, reconciled()];
  const round1 = (runoff: boolean, round = 1) =>
    ({
      format: 'polling-station/count-result@1',
      round,
      valid: true,
      voidReason: null,
      stats: { registeredVoters: 10, participants: 8, ballotsIssued: 8, ballotsRecovered: 8, validBallots: 8, invalidBallots: 0 },
      positions: [],
      runoff: runoff ? { positions: [{ id: 'member', seats: 1, candidates: ['a', 'b'], womenOnly: false }] } : null,
    }) as const;

  it('counting opens the boxes first; a void round ends in the void state with its reason', () => {
    const actor = actorAt([...TO_RECONCILED, { type: 'START_COUNT' }]);
    expect(stepOf(actor.getSnapshot().value)).toBe('opening');
    actor.send({ type: 'BOXES_OPENED', voidReason: 'recoveredExceedsIssued' });
    expect(stepOf(actor.getSnapshot().value)).toBe('void');
    expect(actor.getSnapshot().context.voidReason).toBe('recoveredExceedsIssued');
    actor.send({ type: 'START_RUNOFF', result: round1(true) as never });
    expect(stepOf(actor.getSnapshot().value)).toBe('void');
  });

  it('results need every recovered ballot entered and no double-entry disagreement left', () => {
    const actor = actorAt([...TO_RECONCILED, { type: 'START_COUNT' }, { type: 'BOXES_OPENED', voidReason: null }]);
    expect(stepOf(actor.getSnapshot().value)).toBe('entering');
    actor.send({ type: 'BALLOTS_COMPLETE', entered: 59, recovered: 60, disagreements: 0 });
    expect(stepOf(actor.getSnapshot().value)).toBe('entering');
    actor.send({ type: 'BALLOTS_COMPLETE', entered: 60, recovered: 60, disagreements: 2 });
    expect(stepOf(actor.getSnapshot().value)).toBe('entering');
    actor.send({ type: 'BALLOTS_COMPLETE', entered: 60, recovered: 60, disagreements: 0 });
    expect(stepOf(actor.getSnapshot().value)).toBe('results');
  });

  it('a runoff loops back to a new round of check-in, and only when the result calls one', () => {
    const atResults = [...TO_RECONCILED, { type: 'START_COUNT' }, { type: 'BOXES_OPENED', voidReason: null }, { type: 'BALLOTS_COMPLETE', entered: 8, recovered: 8, disagreements: 0 }] as PollingDayEvent[];
    const none = actorAt([...atResults, { type: 'START_RUNOFF', result: round1(false) as never }]);
    expect(stepOf(none.getSnapshot().value)).toBe('results');

    const actor = actorAt([...atResults, { type: 'START_RUNOFF', result: round1(true) as never }]);
    expect(stepOf(actor.getSnapshot().value)).toBe('ready');
    expect(actor.getSnapshot().context).toMatchObject({ round: 2, reconciliation: null, voidReason: null });
    for (const event of [{ type: 'OPEN_POLLS' }, { type: 'CLOSE_POLLS' }, reconciled(), { type: 'START_COUNT' }, { type: 'BOXES_OPENED', voidReason: null }, { type: 'BALLOTS_COMPLETE', entered: 5, recovered: 5, disagreements: 0 }] as PollingDayEvent[]) {
      actor.send(event);
    }
    expect(stepOf(actor.getSnapshot().value)).toBe('results');
    // No third round unless the round-2 result itself calls one (maxRunoffs ≥ 2 in the profile).
    actor.send({ type: 'START_RUNOFF', result: round1(false, 2) as never });
    expect(stepOf(actor.getSnapshot().value)).toBe('results');
    actor.send({ type: 'START_RUNOFF', result: round1(true, 1) as never }); // a stale round-1 result
    expect(stepOf(actor.getSnapshot().value)).toBe('results');
    actor.send({ type: 'START_RUNOFF', result: round1(true, 2) as never });
    expect(actor.getSnapshot().context.round).toBe(3);
  });

  it('a round that calls a runoff gets its own signed sheet at results, once, and the day goes on to the runoff', async () => {
    const atResults = [...TO_RECONCILED, { type: 'START_COUNT' }, { type: 'BOXES_OPENED', voidReason: null }, { type: 'BALLOTS_COMPLETE', entered: 8, recovered: 8, disagreements: 0 }] as PollingDayEvent[];
    const hash = 'b'.repeat(64);
    const actor = actorAt(atResults);
    const sheet = (over: Partial<Extract<PollingDayEvent, { type: 'ROUND_SHEET_PRODUCED' }>> = {}): PollingDayEvent => ({ type: 'ROUND_SHEET_PRODUCED', round: 1, sheetHash: hash, runoffCalled: true, ...over });
    // Not for a final result (that sheet certifies the day), another round, or a malformed hash.
    for (const refused of [sheet({ runoffCalled: false }), sheet({ round: 2 }), sheet({ sheetHash: 'not-a-hash' })]) expect(actor.getSnapshot().can(refused)).toBe(false);
    expect(actor.getSnapshot().can(sheet())).toBe(true);
    actor.send(sheet());
    expect(stepOf(actor.getSnapshot().value)).toBe('results');
    expect(actor.getSnapshot().context.roundSheet).toBe(hash);
    // Printed once: a second round-1 sheet is refused; the runoff goes on.
    expect(actor.getSnapshot().can(sheet({ sheetHash: 'c'.repeat(64) }))).toBe(false);
    actor.send({ type: 'START_RUNOFF', result: round1(true) as never });
    expect(stepOf(actor.getSnapshot().value)).toBe('ready');
    expect(actor.getSnapshot().context).toMatchObject({ round: 2, roundSheet: null });
    // Nowhere else: not while polling, not once certified.
    actor.send({ type: 'OPEN_POLLS' });
    expect(actor.getSnapshot().can(sheet({ round: 2 }))).toBe(false);
    const certified = actorAt([...atResults, { type: 'SHEET_PRODUCED', sheetHash: hash }]);
    expect(stepOf(certified.getSnapshot().value)).toBe('certified');
    expect(certified.getSnapshot().can(sheet())).toBe(false);

    // Through the gate: the services ask with snapshot.can; the stored day stays at results, one version on.
    let stored: StoredDay | null = null;
    const store: DayStore = {
      read: async () => (stored ? { day: stored, token: stored.version } : null),
      write: async (day, token) => {
        if ((stored?.version ?? null) !== token) return false;
        stored = day;
        return true;
      },
      watch: () => () => undefined,
    };
    const by = { clerk: '冯静', desk: 'A' };
    const gate = await openPollingDayGate(store, { audit: { append: async () => ({}) as never } });
    for (const event of atResults) expect((await gate.transition(event as never, { type: event.type, data: {}, ...by })).ok).toBe(true);
    expect(await gate.allows(sheet())).toBe(true);
    expect((await gate.transition(sheet() as never, { type: 'sheet.produced', data: { round: 1 }, ...by })).ok).toBe(true);
    expect(stepOf((stored!.snapshot as { value: unknown }).value)).toBe('results');
    expect(stored!.audit?.type).toBe('sheet.produced');
    const twice = await gate.transition(sheet() as never, { type: 'sheet.produced', data: { round: 1 }, ...by });
    expect(twice.ok ? null : twice.issues[0]?.code).toBe('day.notAllowed');
    expect(gate.can({ type: 'START_RUNOFF', result: round1(true) as never })).toBe(true);
    gate.stop();
  });

  it('certified only once the tally sheet is produced', () => {
    const actor = actorAt([...TO_RECONCILED, { type: 'START_COUNT' }, { type: 'BOXES_OPENED', voidReason: null }, { type: 'BALLOTS_COMPLETE', entered: 8, recovered: 8, disagreements: 0 }]);
    actor.send({ type: 'SHEET_PRODUCED', sheetHash: 'not-a-hash' });
    expect(stepOf(actor.getSnapshot().value)).toBe('results');
    actor.send({ type: 'SHEET_PRODUCED', sheetHash: 'a'.repeat(64) });
    expect(stepOf(actor.getSnapshot().value)).toBe('certified');
  });
});
