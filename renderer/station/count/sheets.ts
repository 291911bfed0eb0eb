/**
 * The signed results and the printed sheet: every round's count input (or a void round's
 * counts) goes to main, which recounts, signs and prints; then the day is `certified`.
 */
import type { CountInput, CountResult, ElectionDefinition } from '../../../shared/election/schemas';
import { buildCountInput, type BoxesRecord } from '../../../shared/station/countInput';
import { boxesId, resultId, SETUP_ID, sheetId } from '../../../shared/station/recordIds';
import type { ProducedSheets } from '../../../shared/bridge/StationBridge';
import { openElection } from '../../db/importPackage';
import type { Operator, Outcome } from '../types';
import { countRecord, previousResult, refused, roundOf, saveCountRecord, type CountContext } from './context';
import { ballotsToCount } from './rounds';

/** One round to sign, as main recounts it: its count input, or for a void round its counts. */
type RoundToSign =
  | { readonly kind: 'counted'; readonly input: CountInput; readonly result: CountResult }
  | {
      readonly kind: 'void';
      readonly round: number;
      readonly counts: { registeredVoters: number; participants: number; ballotsIssued: number; ballotsRecovered: number };
      readonly previous: CountResult | null;
      readonly result: CountResult;
    };

async function roundsToSign(ctx: CountContext, lastRound: number, election: ElectionDefinition): Promise<RoundToSign[] | null> {
  const rounds: RoundToSign[] = [];
  for (let n = 1; n <= lastRound; n++) {
    const boxes = await countRecord<BoxesRecord>(ctx, boxesId(n));
    const result = (await countRecord<{ result: CountResult }>(ctx, resultId(n)))?.result;
    if (!boxes || !result) return null;
    const previous = await previousResult(ctx, n);
    if (boxes.voidReason !== null) {
      const counts = { registeredVoters: boxes.registeredVoters, participants: boxes.issued, ballotsIssued: boxes.issued, ballotsRecovered: boxes.recovered };
      rounds.push({ kind: 'void', round: n, counts, previous, result });
    } else {
      const { ballots } = await ballotsToCount(ctx, n, boxes);
      rounds.push({ kind: 'counted', input: buildCountInput({ election, round: n, boxes, ballots, previous }), result });
    }
  }
  return rounds;
}

export async function produceSheets(ctx: CountContext, by: Operator): Promise<Outcome<ProducedSheets>> {
  const { db, actor } = ctx;
  const final = await actor.allows({ type: 'PRODUCE_SHEETS' });
  const r = roundOf(ctx);
  const stored = await openElection(db);
  const setup = (await db.setup.findOne(SETUP_ID).exec())?.toJSON();
  if (!stored || !setup || !final) return refused('count.notFinal');
  const rounds = await roundsToSign(ctx, r, stored.election);
  if (!rounds) return refused('count.notFinal');
  if ((await countRecord<{ result: CountResult }>(ctx, resultId(r)))?.result.runoff) return refused('count.notFinal');
  const checkins = (await db.checkins.find({ selector: { round: r, status: 'issued' } }).exec()).map((doc) => doc.toJSON());
  const registeredWomen = await db.voters.count({ selector: { status: 'registered', gender: 'F' } }).exec();
  const participation = {
    registeredWomen,
    inPerson: checkins.filter((c) => c.kind === 'inPerson').length,
    mobile: checkins.filter((c) => c.kind === 'mobile').length,
    proxy: checkins.filter((c) => c.kind === 'proxy').length,
  };
  const staff = { chair: setup.chair, chiefScrutineer: setup.chiefScrutineer, scrutineers: setup.scrutineers, callers: setup.callers, recorders: setup.recorders };
  const outcome = await ctx.bridge.produceSheets({ election: stored.election, station: stored.station, rounds, signedAt: ctx.now(), setup: staff, participation });
  if (!outcome.ok) return { ok: false, issues: outcome.issues };
  await saveCountRecord(ctx, 'sheet', sheetId(r), { ...outcome.value }, by);
  const moved = await actor.transition(
    { type: 'SHEET_PRODUCED', sheetHash: outcome.value.sheetSha256 },
    { type: 'sheet.produced', data: { round: r, sheetSha256: outcome.value.sheetSha256, files: outcome.value.files }, clerk: by.clerk, desk: by.desk },
  );
  return moved.ok ? { ok: true, value: outcome.value } : moved;
}
