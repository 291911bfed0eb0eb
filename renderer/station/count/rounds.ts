/**
 * The decisions of a round's count: open the boxes (and void the round when their counts say
 * so), settle double-entry disagreements, decide the round with the core's count, and start
 * the runoff round when the result calls one.
 */
import { electionRules } from '../../../shared/election/profile';
import type { CountResult } from '../../../shared/election/schemas';
import { countRound, readCountInput, resultFromCounts } from '../../../shared/rules/count';
import { buildCountInput, countedBallots, type BoxesRecord, type Entry, type MobileBoxCount } from '../../../shared/station/countInput';
import { boxesId, resolutionId, resultId, SETUP_ID } from '../../../shared/station/recordIds';
import type { MobileTripRecord } from '../../../shared/station/records';
import { openElection } from '../../db/importPackage';
import type { BallotDoc, CountRecordDoc } from '../../db/schemas/count';
import type { Operator, Outcome } from '../types';
import { countRecord, log, previousResult, refused, roundOf, saveCountRecord, type CountContext } from './context';

const auditOf = (type: string, data: Record<string, unknown>, by: Operator) => ({ type, data, clerk: by.clerk, desk: by.desk });
const asVoid = (outcome: Outcome<unknown>): Outcome<void> => (outcome.ok ? { ok: true, value: undefined } : outcome);

/** The ballots the count uses: entry A, with each double-entry disagreement settled. */
export async function ballotsToCount(ctx: CountContext, round: number, boxes: BoxesRecord): Promise<{ ballots: BallotDoc[]; unresolved: number }> {
  const docs = (await ctx.db.ballots.find({ selector: { round } }).exec()).map((doc) => doc.toJSON() as BallotDoc);
  const resolutions = new Map<number, Entry>();
  for (const doc of await ctx.db.countRecords.find({ selector: { round, kind: 'resolution' } }).exec()) {
    const data = (doc.toJSON() as CountRecordDoc).data as { seq: number; chosen: Entry };
    resolutions.set(data.seq, data.chosen);
  }
  return countedBallots(docs, boxes.doubleEntry, resolutions);
}

export async function startCount(ctx: CountContext, by: Operator): Promise<Outcome<void>> {
  return asVoid(await ctx.actor.transition({ type: 'START_COUNT' }, auditOf('count.started', { round: roundOf(ctx) }, by)));
}

export async function openBoxes(
  ctx: CountContext,
  args: { readonly mainBox: number; readonly mobileBoxes: Readonly<Record<string, number>>; readonly doubleEntry: boolean },
  by: Operator,
): Promise<Outcome<BoxesRecord>> {
  const { db, actor } = ctx;
  if (!(await actor.allows({ type: 'BOXES_OPENED', voidReason: null }))) return refused('count.notOpening');
  const r = roundOf(ctx);
  const stored = await openElection(db);
  if (!stored) return refused('checkin.unknownVoter');
  const rules = electionRules(stored.election);
  const [issued, trips, registeredVoters] = await Promise.all([
    db.checkins.count({ selector: { round: r, status: 'issued' } }).exec(),
    db.trips.find({ selector: { round: r } }).exec(),
    db.voters.count({ selector: { status: 'registered' } }).exec(),
  ]);
  if (!Number.isInteger(args.mainBox) || args.mainBox < 0) return refused('count.boxCount', { box: '主票箱 / main box' });
  const mobileBoxes: MobileBoxCount[] = [];
  for (const doc of trips) {
    const trip = doc.toJSON() as MobileTripRecord;
    const count = args.mobileBoxes[trip.id];
    if (count === undefined || !Number.isInteger(count) || count < 0) return refused('count.boxCount', { box: trip.id });
    const served = await db.checkins.count({ selector: { round: r, status: 'issued', tripId: trip.id } }).exec();
    mobileBoxes.push({ tripId: trip.id, count, served, void: rules.mobileBoxOvercount === 'voidBox' && count > served });
  }
  const recovered = args.mainBox + mobileBoxes.filter((box) => !box.void).reduce((sum, box) => sum + box.count, 0);
  const counts = { registeredVoters, participants: issued, ballotsIssued: issued, ballotsRecovered: recovered };
  const verdict = resultFromCounts(stored.election, r, await previousResult(ctx, r), counts);
  const boxes: BoxesRecord = { mainBox: args.mainBox, mobileBoxes, recovered, issued, registeredVoters, doubleEntry: args.doubleEntry, voidReason: verdict.voidReason };
  await saveCountRecord(ctx, 'boxes', boxesId(r), { ...boxes }, by);
  if (!verdict.valid) await saveCountRecord(ctx, 'result', resultId(r), { result: verdict }, by);
  const moved = await actor.transition({ type: 'BOXES_OPENED', voidReason: verdict.voidReason }, auditOf('count.boxesOpened', { ...boxes }, by));
  return moved.ok ? { ok: true, value: boxes } : moved;
}

export async function resolveDisagreement(ctx: CountContext, seq: number, chosen: Entry, by: Operator): Promise<Outcome<void>> {
  const r = roundOf(ctx);
  await saveCountRecord(ctx, 'resolution', resolutionId(r, seq), { seq, chosen }, by);
  await log(ctx, 'count.disagreementResolved', { seq, chosen }, by);
  return { ok: true, value: undefined };
}

/** Decides the round with the core's count; the ballots still being stored are waited for by the caller. */
export async function finishCount(ctx: CountContext, by: Operator): Promise<Outcome<CountResult>> {
  // Asked first: the result record is written only in the step that takes it.
  if (!(await ctx.actor.allows({ type: 'ENTER_BALLOT' }))) return refused('count.notEntering');
  const r = roundOf(ctx);
  const boxes = await countRecord<BoxesRecord>(ctx, boxesId(r));
  const stored = await openElection(ctx.db);
  if (!boxes || !stored) return refused('count.notEntering');
  const { ballots, unresolved } = await ballotsToCount(ctx, r, boxes);
  if (ballots.length !== boxes.recovered) return refused('count.notAllEntered', { entered: ballots.length, recovered: boxes.recovered });
  if (unresolved > 0) return refused('count.disagreementsOpen', { count: unresolved });
  const input = buildCountInput({ election: stored.election, round: r, boxes, ballots, previous: await previousResult(ctx, r) });
  const checked = readCountInput(input);
  if (!checked.ok) return checked;
  const result = countRound(checked.value);
  await saveCountRecord(ctx, 'result', resultId(r), { result }, by);
  const moved = await ctx.actor.transition(
    { type: 'BALLOTS_COMPLETE', entered: ballots.length, recovered: boxes.recovered, disagreements: unresolved },
    auditOf('count.finished', { round: r, valid: result.valid, runoff: result.runoff !== null }, by),
  );
  return moved.ok ? { ok: true, value: result } : moved;
}

export async function startRunoff(ctx: CountContext, ballotStock: number, by: Operator): Promise<Outcome<void>> {
  const r = roundOf(ctx);
  const result = (await countRecord<{ result: CountResult }>(ctx, resultId(r)))?.result;
  if (!result || !result.runoff) return refused('count.noRunoff');
  if (!(await ctx.actor.allows({ type: 'START_RUNOFF', result }))) return refused('count.noRunoff');
  if (!Number.isInteger(ballotStock) || ballotStock < 1) return refused('setup.ballotStock');
  const setup = await ctx.db.setup.findOne(SETUP_ID).exec();
  if (!setup) return refused('setup.ballotStock');
  const stocks = [...(setup.runoffBallotStocks ?? [])];
  stocks[r - 1] = ballotStock;
  await setup.incrementalPatch({ runoffBallotStocks: stocks });
  const positions = result.runoff.positions.map((p) => p.id);
  return asVoid(await ctx.actor.transition({ type: 'START_RUNOFF', result }, auditOf('runoff.started', { round: r + 1, ballotStock, positions }, by)));
}
