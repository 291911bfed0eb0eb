/** The station's actions end to end in Node (real DB API on fake-indexeddb, real main services). */
import { afterEach, describe, expect, it } from 'vitest';
import type { ElectionPackage } from '../../../shared/election/schemas';
import { verifyAuditChain } from '../../../renderer/db/audit';
import type { OpenStation } from '../../../renderer/station/openStation';
import { stepOf } from '../../../renderer/machine/pollingDay';
import type { Operator } from '../../../renderer/station/types';
import { directBridge, openTestStation } from '../../helpers/station';

const clerk: Operator = { clerk: '冯静', desk: '1号台' };
const other: Operator = { clerk: '陈刚', desk: '2号台' };
const setup = {
  chair: '周建国', chiefScrutineer: '孙志强', scrutineers: ['钱敏'], callers: ['吴磊'], recorders: ['郑洁'], checkinClerks: ['冯静', '陈刚'],
  ballotStock: 100, emptyBoxCheckedBy: '孙志强', emptyBoxCheckedAt: '2026-12-06T07:30:00+08:00',
  ballotStockReason: '测试用的选票数，与包内分配不同',
};

let station: OpenStation | null = null;
afterEach(async () => {
  await station?.close();
  station = null;
});

async function openPolls() {
  const bridge = directBridge();
  station = await openTestStation(bridge);
  const text = await bridge.demoPackage();
  const pkg = JSON.parse(text) as ElectionPackage;
  expect((await station.actions.importPackage(text, false, clerk)).ok).toBe(true);
  expect((await station.actions.confirmSetup(setup, clerk)).ok).toBe(true);
  await station.actions.openPolls(clerk);
  const voters = pkg.roll.filter((v) => v.status === 'registered');
  return { station, pkg, voters, step: () => stepOf(station!.actor.getSnapshot().value) };
}

describe('station actions', () => {
  it('a tampered package is refused and nothing is stored', async () => {
    const bridge = directBridge();
    station = await openTestStation(bridge);
    const pkg = JSON.parse(await bridge.demoPackage()) as ElectionPackage;
    const tampered = { ...pkg, roll: pkg.roll.map((v, i) => (i === 0 ? { ...v, name: '篡改' } : v)) };
    const outcome = await station.actions.importPackage(JSON.stringify(tampered), false, clerk);
    expect(outcome.ok ? [] : outcome.issues.map((i) => i.code)).toEqual(['signature.invalid']);
    expect(await station.db.voters.count().exec()).toBe(0);
    expect(stepOf(station.actor.getSnapshot().value)).toBe('unconfigured');
  });

  it('issues one ballot per voter and round, even when two desks race', async () => {
    const { station, voters } = await openPolls();
    const voter = voters[0]!;
    const [a, b] = await Promise.all([station.actions.checkIn(voter.id, clerk), station.actions.checkIn(voter.id, other)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    expect(refused.ok ? null : refused.issues[0]?.code).toBe('checkin.alreadyIssued');
    expect(await station.db.checkins.count().exec()).toBe(1);
  });

  it('undo with a reason frees the voter; the undo and the re-issue are audited', async () => {
    const { station, voters } = await openPolls();
    const voter = voters[1]!;
    await station.actions.checkIn(voter.id, clerk);
    expect((await station.actions.undoCheckin(voter.id, '', clerk)).ok).toBe(false);
    expect((await station.actions.undoCheckin(voter.id, '认错了人', clerk)).ok).toBe(true);
    expect((await station.actions.checkIn(voter.id, clerk)).ok).toBe(true);
    const events = await station.loadAudit();
    expect(events.map((e) => e.type).slice(-3)).toEqual(['checkin.issued', 'checkin.undone', 'checkin.issued']);
    expect(verifyAuditChain(events)).toBe(-1);
  });

  it('proxies: three per holder, the fourth refused; the entrusting voter counts as having voted', async () => {
    const { station, voters } = await openPolls();
    const [holder, ...rest] = voters.slice(10, 15);
    for (const [i, entrusting] of rest.slice(0, 3).entries()) {
      const outcome = await station.actions.entrust({ entrustingVoterId: entrusting.id, holderVoterId: holder!.id, formNumber: `WT-${i}`, relationship: 'other' }, clerk);
      expect(outcome.ok).toBe(true);
    }
    const fourth = await station.actions.entrust({ entrustingVoterId: rest[3]!.id, holderVoterId: holder!.id, formNumber: 'WT-4', relationship: 'other' }, clerk);
    expect(fourth.ok ? [] : fourth.issues.map((i) => i.code)).toEqual(['proxy.holderFull']);
    expect(await station.db.checkins.count({ selector: { kind: 'proxy' } }).exec()).toBe(3);
    const again = await station.actions.checkIn(rest[0]!.id, clerk);
    expect(again.ok ? null : again.issues[0]?.code).toBe('checkin.alreadyIssued');
  });

  it('a mobile box: out, serve, back; the account balances at the close', async () => {
    const { station, voters, step } = await openPolls();
    const trip = await station.actions.departTrip({ ballotsOut: 3, staff: ['何丽', '陈刚'] }, clerk);
    expect(trip.ok ? null : trip.issues[0]?.code).toBe('trip.tooFewStaff');
    const ok = await station.actions.departTrip({ ballotsOut: 3, staff: ['何丽', '陈刚', '赵强'] }, clerk);
    if (!ok.ok) throw new Error('trip refused');
    expect((await station.actions.serveByTrip(ok.value.id, voters[20]!.id, clerk)).ok).toBe(true);
    expect((await station.actions.returnTrip(ok.value.id, 1, clerk)).ok).toBe(false); // 1 + 1 ≠ 3
    expect((await station.actions.returnTrip(ok.value.id, 2, clerk)).ok).toBe(true);
    await station.actions.checkIn(voters[21]!.id, clerk);
    expect((await station.actions.replaceSpoiled(voters[21]!.id, '写错', clerk)).ok).toBe(true);
    expect((await station.actions.replaceSpoiled(voters[22]!.id, '写错', clerk)).ok).toBe(false);

    // Half-done check-in blocks the close.
    station.actions.beginCheckin(voters[30]!.id, other);
    expect((await station.actions.closePolls(clerk)).ok).toBe(false);
    station.actions.endCheckin(other);
    expect((await station.actions.closePolls(clerk)).ok).toBe(true);
    expect(step()).toBe('closed');

    // 2 issued + 1 spoiled + 96 unused = 99 ≠ 100: needs an explanation and the chief's sign-off.
    const off = await station.actions.reconcile({ unused: 96, explanation: '', signedOffBy: '' }, clerk);
    expect(off.ok ? null : off.issues[0]?.code).toBe('reconcile.needsSignOff');
    expect(step()).toBe('closed');
    expect((await station.actions.reconcile({ unused: 97, explanation: '', signedOffBy: '' }, clerk)).ok).toBe(true);
    expect(step()).toBe('reconciled');
  });

  it('a proxy holder cannot pass it on, even when two desks record the two proxies at once', async () => {
    const { station, voters } = await openPolls();
    const [a, b, c] = [voters[40]!, voters[41]!, voters[42]!];
    const [first, second] = await Promise.all([
      station.actions.entrust({ entrustingVoterId: a.id, holderVoterId: b.id, formNumber: 'WT-A', relationship: 'other' }, clerk),
      station.actions.entrust({ entrustingVoterId: b.id, holderVoterId: c.id, formNumber: 'WT-B', relationship: 'other' }, other),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const refused = first.ok ? second : first;
    expect(refused.ok ? null : refused.issues[0]?.code).toMatch(/^proxy\.(holderEntrusted|entrustingIsHolder)$/);
    expect(await station.db.proxies.count().exec()).toBe(1);
  });

  it("two desks cannot both serve a mobile box's last ballot", async () => {
    const { station, voters } = await openPolls();
    const trip = await station.actions.departTrip({ ballotsOut: 1, staff: ['何丽', '陈刚', '赵强'] }, clerk);
    if (!trip.ok) throw new Error('trip refused');
    const served = await Promise.all([station.actions.serveByTrip(trip.value.id, voters[50]!.id, clerk), station.actions.serveByTrip(trip.value.id, voters[51]!.id, other)]);
    expect(served.map((outcome) => outcome.ok).sort()).toEqual([false, true]);
    expect(served.find((outcome) => !outcome.ok)).toMatchObject({ issues: [{ code: 'trip.boxFull' }] });
    expect((await station.actions.returnTrip(trip.value.id, 0, clerk)).ok).toBe(true);
  });

  it('the ballot account is settled at the close: no undo, replacement, trip or proxy after it, no reconciliation before it', async () => {
    const { station, voters, step } = await openPolls();
    await station.actions.checkIn(voters[60]!.id, clerk);
    const early = await station.actions.reconcile({ unused: 99, explanation: '', signedOffBy: '' }, clerk);
    expect(early.ok ? null : early.issues[0]?.code).toBe('reconcile.notClosed');
    expect(await station.db.reconciliation.count().exec()).toBe(0);
    expect((await station.actions.closePolls(clerk)).ok).toBe(true);
    const code = (outcome: { ok: boolean; issues?: readonly { code: string }[] }) => (outcome.ok ? null : outcome.issues?.[0]?.code);
    expect(code(await station.actions.undoCheckin(voters[60]!.id, '发错', clerk))).toBe('checkin.undoAfterClose');
    expect(code(await station.actions.replaceSpoiled(voters[60]!.id, '写错', clerk))).toBe('polls.notOpen');
    expect(code(await station.actions.departTrip({ ballotsOut: 1, staff: ['何丽', '陈刚', '赵强'] }, clerk))).toBe('polls.notOpen');
    expect(code(await station.actions.entrust({ entrustingVoterId: voters[61]!.id, holderVoterId: voters[62]!.id, formNumber: 'WT-9', relationship: 'other' }, clerk))).toBe('polls.notOpen');
    expect((await station.actions.reconcile({ unused: 99, explanation: '', signedOffBy: '' }, clerk)).ok).toBe(true);
    expect(step()).toBe('reconciled');
    expect(await station.db.checkins.count({ selector: { status: 'issued' } }).exec()).toBe(1);
  });

  it('a reopened station resumes the same step with the same records', async () => {
    const bridge = directBridge();
    const { station: first, voters } = await openPolls();
    await first.actions.checkIn(voters[5]!.id, clerk);
    await first.actions.pausePolls(clerk);
    const db = first.db;
    await first.close();
    station = null;
    void bridge;
    // A new database object on the same storage name: as after a reload.
    const reopened = await openTestStation(directBridge(), await (await import('../../helpers/station')).testDatabase(db.name));
    station = reopened;
    expect(stepOf(reopened.actor.getSnapshot().value)).toBe('paused');
    expect(await reopened.db.checkins.count().exec()).toBe(1);
  });
});

describe('station actions through the polling-day gate', () => {
  it('an action the machine refuses writes no audit event and changes nothing', async () => {
    const { station, step } = await openPolls();
    const before = (await station.loadAudit()).length;
    const code = (outcome: { ok: boolean; issues?: readonly { code: string }[] }) => (outcome.ok ? null : outcome.issues?.[0]?.code);
    // The old services logged polls.opened / count.started and then sent an event the machine ignored.
    expect(code(await station.actions.openPolls(clerk))).toBe('day.notAllowed');
    expect(code(await station.countActions.startCount(clerk))).toBe('day.notAllowed');
    expect(code(await station.actions.resumePolls(clerk))).toBe('day.notAllowed');
    expect(code(await station.actions.editSetup(clerk))).toBe('day.notAllowed');
    // Nor may the setup be confirmed again once the polls are open (it used to be overwritten).
    expect(code(await station.actions.confirmSetup({ ...setup, ballotStock: 5 }, clerk))).toBe('day.stale');
    expect((await station.db.setup.findOne('setup').exec())?.ballotStock).toBe(100);
    expect(step()).toBe('open');
    const events = await station.loadAudit();
    expect(events).toHaveLength(before);
    expect(verifyAuditChain(events)).toBe(-1);
    // A transition that happens is logged once, after it was stored.
    expect((await station.actions.pausePolls(clerk)).ok).toBe(true);
    expect((await station.loadAudit()).map((event) => event.type).slice(before)).toEqual(['polls.paused']);
  });

  it('a desk’s half-done check-in is stored with the day: the close is refused naming the desk until it finishes', async () => {
    const { station, voters } = await openPolls();
    station.actions.beginCheckin(voters[3]!.id, other);
    await station.actor.settled();
    const refused = await station.actions.closePolls(clerk);
    expect(refused).toMatchObject({ ok: false, issues: [{ code: 'polls.checkinInProgress', params: { desks: other.desk } }] });
    const stored = (await station.db.machine.findOne('polling-day').exec())?.toJSON();
    expect((stored?.snapshot as { context: { checkinsInProgress: unknown } }).context.checkinsInProgress).toEqual({ [other.desk]: voters[3]!.id });
    station.actions.endCheckin(other);
    expect((await station.actions.closePolls(clerk)).ok).toBe(true);
  });

  it('the chair clears the mark of a desk whose window went away with a voter on its card; the close then goes through', async () => {
    const { station, voters } = await openPolls();
    // Desk 2's window put a voter on its card and died: nothing will ever finish that check-in.
    station.actions.beginCheckin(voters[4]!.id, other);
    await station.actor.settled();
    expect((await station.actions.closePolls(clerk)).ok).toBe(false);
    expect((await station.actions.abandonCheckins(clerk)).ok).toBe(true);
    expect(station.actor.getSnapshot().context.checkinsInProgress).toEqual({});
    // Nothing left to clear: refused, and not logged again.
    expect((await station.actions.abandonCheckins(clerk)).ok).toBe(false);
    expect((await station.actions.closePolls(clerk)).ok).toBe(true);
    const events = await station.loadAudit();
    expect(events.filter((event) => event.type === 'checkin.abandoned').map((event) => event.data)).toEqual([{ desks: { [other.desk]: voters[4]!.id } }]);
    expect(verifyAuditChain(events)).toBe(-1);
  });
});
