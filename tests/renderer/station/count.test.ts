/** The count's actions in Node: boxes, void rounds, entry limits, withdrawal, double entry, runoff. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ElectionPackage } from '../../../shared/election/schemas';
import { stepOf } from '../../../renderer/machine/pollingDay';
import type { OpenStation } from '../../../renderer/station/openStation';
import type { Operator } from '../../../renderer/station/types';
import { smallDemoPackage } from '../../e2e/smallPackage';
import { directBridge, openTestStation } from '../../helpers/station';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const by: Operator = { clerk: '郑洁', desk: '计票台' };
const setup = { chair: '周建国', chiefScrutineer: '孙志强', scrutineers: ['钱敏'], callers: ['吴磊'], recorders: ['郑洁'], checkinClerks: ['冯静'], ballotStock: 100, emptyBoxCheckedBy: '孙志强', emptyBoxCheckedAt: 'x' };

let station: OpenStation | null = null;
afterEach(async () => {
  await station?.close();
  station = null;
});

/** A station with `voters` checked in and the polls reconciled, ready to count. */
async function readyToCount(checkIns: number, pkg: ElectionPackage = smallDemoPackage(100), dataDir = mkdtempSync(join(tmpdir(), 'count-'))) {
  const text = JSON.stringify(pkg);
  station = await openTestStation(directBridge(dataDir));
  const s = station;
  expect((await s.actions.importPackage(text, false, by)).ok).toBe(true);
  await s.actions.confirmSetup(setup, by);
  await s.actions.openPolls(by);
  for (const voter of pkg.roll.slice(0, checkIns)) expect((await s.actions.checkIn(voter.id, by)).ok).toBe(true);
  await s.actions.closePolls(by);
  expect((await s.actions.reconcile({ unused: 100 - checkIns, explanation: '', signedOffBy: '' }, by)).ok).toBe(true);
  await s.countActions.startCount(by);
  const ids = Object.fromEntries(pkg.election.positions.flatMap((p) => p.candidates.map((c) => [c.name, c.id])));
  return { s, pkg, ids, step: () => stepOf(s.actor.getSnapshot().value) };
}

describe('the count', () => {
  it('a round with more ballots recovered than issued is void at the opening of the boxes', async () => {
    const { s, step } = await readyToCount(55);
    const outcome = await s.countActions.openBoxes({ mainBox: 56, mobileBoxes: {}, doubleEntry: false }, by);
    expect(outcome.ok && outcome.value.voidReason).toBe('recoveredExceedsIssued');
    expect(step()).toBe('void');
    expect(s.actor.getSnapshot().context.voidReason).toBe('recoveredExceedsIssued');
    const stored = (await s.db.countRecords.findOne('result-1').exec())?.toJSON().data as { result: { valid: boolean; positions: { elected: string[] }[] } };
    expect(stored.result.valid).toBe(false);
    expect(stored.result.positions.every((p) => p.elected.length === 0)).toBe(true);
  });

  it('turnout not above half makes the round void too', async () => {
    const { s, step } = await readyToCount(50);
    await s.countActions.openBoxes({ mainBox: 50, mobileBoxes: {}, doubleEntry: false }, by);
    expect(step()).toBe('void');
    expect(s.actor.getSnapshot().context.voidReason).toBe('turnout');
  });

  it('never enters more ballots than recovered; the last one can be withdrawn with a reason; the result follows the core', async () => {
    const { s, ids, step } = await readyToCount(52);
    await s.countActions.openBoxes({ mainBox: 3, mobileBoxes: {}, doubleEntry: false }, by);
    // 3 ballots recovered of 52 issued: valid (recovered ≤ issued; 52 of 100 took part).
    expect(step()).toBe('entering');
    const vote = { status: 'valid' as const, marks: { chair: { for: [ids['林秀梅'] as string], against: [], writeIns: [] } } };
    for (let i = 0; i < 3; i++) expect((await s.countActions.enterBallot('A', vote, by)).ok).toBe(true);
    const fourth = await s.countActions.enterBallot('A', vote, by);
    expect(fourth.ok ? null : fourth.issues[0]?.code).toBe('count.allEntered');
    expect((await s.countActions.withdrawLast('A', '', by)).ok).toBe(false);
    expect((await s.countActions.withdrawLast('A', '按错了', by)).ok).toBe(true);
    const notYet = await s.countActions.finishCount(by);
    expect(notYet.ok ? null : notYet.issues[0]?.code).toBe('count.notAllEntered');
    expect((await s.countActions.enterBallot('A', { status: 'blank' }, by)).ok).toBe(true);
    const unknown = await s.countActions.enterBallot('A', { status: 'valid', marks: { chair: { for: ['nobody'], against: [], writeIns: [] } } }, by);
    expect(unknown.ok ? null : unknown.issues[0]?.code).toBe('count.unknownCandidate');
    const result = await s.countActions.finishCount(by);
    expect(result.ok && result.value.stats).toMatchObject({ ballotsRecovered: 3, validBallots: 2, invalidBallots: 1 });
    expect(step()).toBe('results');
    const ballots = (await s.db.ballots.find().exec()).map((d) => d.toJSON());
    expect(ballots.filter((b) => b.kind === 'withdrawal')).toHaveLength(1);
    expect(ballots).toHaveLength(5); // 4 ballots entered (one withdrawn) + 1 withdrawal: nothing edited
  });

  it('double entry: disagreements block the result until the scrutineer settles each', async () => {
    const { s, ids, step } = await readyToCount(52);
    await s.countActions.openBoxes({ mainBox: 2, mobileBoxes: {}, doubleEntry: true }, by);
    const chair = (name: string) => ({ status: 'valid' as const, marks: { chair: { for: [ids[name] as string], against: [], writeIns: [] } } });
    await s.countActions.enterBallot('A', chair('林秀梅'), by);
    await s.countActions.enterBallot('A', chair('周建华'), by);
    await s.countActions.enterBallot('B', chair('林秀梅'), by);
    const half = await s.countActions.finishCount(by);
    expect(half.ok ? null : half.issues[0]?.code).toBe('count.disagreementsOpen'); // B is missing ballot 2
    await s.countActions.enterBallot('B', chair('林秀梅'), by); // B read ballot 2 differently
    const open = await s.countActions.finishCount(by);
    expect(open.ok ? null : open.issues[0]?.code).toBe('count.disagreementsOpen');
    await s.countActions.resolveDisagreement(2, 'B', by);
    const done = await s.countActions.finishCount(by);
    expect(step()).toBe('results');
    const chairResult = done.ok ? done.value.positions.find((p) => p.id === 'chair') : undefined;
    expect(chairResult?.tallies.find((t) => t.person === ids['林秀梅'])?.for).toBe(2);
  });
});

describe('the signed tally sheet', () => {
  it('is not signed while a runoff is still to come', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sheet-'));
    const { s, ids } = await readyToCount(52, smallDemoPackage(100), dataDir);
    await s.countActions.openBoxes({ mainBox: 2, mobileBoxes: {}, doubleEntry: false }, by);
    const vote = { status: 'valid' as const, marks: { chair: { for: [ids['林秀梅'] as string], against: [], writeIns: [] } } };
    await s.countActions.enterBallot('A', vote, by);
    await s.countActions.enterBallot('A', { status: 'blank' }, by);
    const result = await s.countActions.finishCount(by);
    expect(result.ok).toBe(true);
    // Not final: seats are empty and a runoff is called.
    const early = await s.countActions.produceSheets(by);
    expect(early.ok ? null : early.issues[0]?.code).toBe('count.notFinal');
  }, 60_000);

  it('a void round gets its signed 选举无效 sheet and the station is certified', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sheet-'));
    const { s, step } = await readyToCount(52, smallDemoPackage(100), dataDir);
    await s.countActions.openBoxes({ mainBox: 53, mobileBoxes: {}, doubleEntry: false }, by);
    expect(step()).toBe('void');
    const produced = await s.countActions.produceSheets(by);
    if (!produced.ok) throw new Error(JSON.stringify(produced.issues));
    expect(step()).toBe('certified');
    const { verifySheetFile } = await import('../../../main/services/signing');
    const file = join(dataDir, 'sheets', produced.value.files.sheet);
    const verified = await verifySheetFile(file, { stationKey: produced.value.signedResults[0]?.stationKey });
    expect(verified.ok && verified.signed.result.voidReason).toBe('recoveredExceedsIssued');
    expect(produced.value.files.certificates).toBeNull();
  }, 60_000);
});
