/** The count's actions in Node: boxes, void rounds, entry limits, withdrawal, double entry, runoff. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ElectionPackage, SignedResult } from '../../../shared/election/schemas';
import { storedSignedResults } from '../../../renderer/db/replication/bundle';
import type { OpenStation } from '../../../renderer/station/openStation';
import { smallDemoPackage } from '../../e2e/smallPackage';
import { by, readyToCount as countReady } from '../../helpers/count';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let station: OpenStation | null = null;
afterEach(async () => {
  await station?.close();
  station = null;
});

async function readyToCount(checkIns: number, pkg?: ElectionPackage, dataDir?: string) {
  const ready = await countReady(checkIns, { ...(pkg ? { pkg } : {}), ...(dataDir ? { dataDir } : {}) });
  station = ready.s;
  return ready;
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
  it('a round that calls a runoff is signed and printed at its results; the day stays there and goes on to the runoff (issue 18)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sheet-'));
    const { s, ids, step, pkg } = await readyToCount(52, smallDemoPackage(100), dataDir);
    await s.countActions.openBoxes({ mainBox: 2, mobileBoxes: {}, doubleEntry: false }, by);
    const vote = { status: 'valid' as const, marks: { chair: { for: [ids['林秀梅'] as string], against: [], writeIns: [] } } };
    await s.countActions.enterBallot('A', vote, by);
    await s.countActions.enterBallot('A', { status: 'blank' }, by);
    const result = await s.countActions.finishCount(by);
    expect(result.ok).toBe(true);
    // Not final: seats are empty and a runoff is called — round 1's sheet is still signed and printed.
    expect(result.ok && result.value.runoff).toBeTruthy();
    const early = await s.countActions.produceSheets(by);
    if (!early.ok) throw new Error(JSON.stringify(early.issues));
    expect(early.value.signedResults.map((signed) => signed.result.round)).toEqual([1]);
    expect(s.actor.getSnapshot().context.roundSheet).toBe(early.value.sheetSha256);
    expect(step()).toBe('results');
    expect((await s.db.countRecords.findOne('sheet-1').exec())?.toJSON().data).toMatchObject({ sheetSha256: early.value.sheetSha256 });
    // Once: the machine refuses a second round-1 sheet.
    const again = await s.countActions.produceSheets(by);
    expect(again.ok ? null : again.issues[0]?.code).toBe('day.notAllowed');
    expect(s.actor.can({ type: 'START_RUNOFF', result: (result.ok ? result.value : null) as never })).toBe(true);

    // The runoff, through to the final sheet: round 1 is carried as it was signed.
    const round1 = result.ok ? result.value : null;
    expect((await s.countActions.startRunoff(100, by)).ok).toBe(true);
    expect(step()).toBe('ready');
    await s.actions.openPolls(by);
    for (const voter of pkg.roll.slice(0, 52)) expect((await s.actions.checkIn(voter.id, by)).ok).toBe(true);
    await s.actions.closePolls(by);
    expect((await s.actions.reconcile({ unused: 100 - 52, explanation: '', signedOffBy: '' }, by)).ok).toBe(true);
    await s.countActions.startCount(by);
    await s.countActions.openBoxes({ mainBox: 2, mobileBoxes: {}, doubleEntry: false }, by);
    const marks = Object.fromEntries(round1!.runoff!.positions.map((entry) => [entry.id, { for: entry.candidates.slice(0, entry.seats), against: [], writeIns: [] }]));
    for (let i = 0; i < 2; i++) expect((await s.countActions.enterBallot('A', { status: 'valid', marks }, by)).ok).toBe(true);
    const round2 = await s.countActions.finishCount(by);
    expect(round2.ok && round2.value.runoff).toBeNull();
    const final = await s.countActions.produceSheets(by);
    if (!final.ok) throw new Error(JSON.stringify(final.issues));
    expect(step()).toBe('certified');
    expect(final.value.signedResults).toHaveLength(2);
    expect(final.value.signedResults[0]).toEqual(early.value.signedResults[0]);
    // What the station sends the district (sync and bundle alike): each round's signed result once.
    const sent = (await storedSignedResults(s.db)) as SignedResult[];
    expect(sent.map((signed) => signed.result.round)).toEqual([1, 2]);
    expect(sent[0]).toEqual(early.value.signedResults[0]);
    expect(sent[1]).toEqual(final.value.signedResults[1]);
  }, 180_000);

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
