/**
 * The signed results and the printed sheet: main is asked for the round's sheet — only the round
 * and the staff names the sheet prints — and recounts every round from its own journal (the
 * check-ins, ballots, boxes and resolutions journaled as they were stored), signs and prints;
 * then the day is `certified` — or, for a round that calls a runoff, stays at its results with
 * the round's sheet printed (ROUND_SHEET_PRODUCED).
 */
import type { CountResult } from '../../../shared/election/schemas';
import { boxesId, resultId, SETUP_ID, sheetId } from '../../../shared/station/recordIds';
import type { ProducedSheets } from '../../../shared/bridge/StationBridge';
import { openElection } from '../../db/importPackage';
import type { Operator, Outcome } from '../types';
import { countRecord, refused, roundOf, saveCountRecord, type CountContext } from './context';

export async function produceSheets(ctx: CountContext, by: Operator): Promise<Outcome<ProducedSheets>> {
  const { db, actor } = ctx;
  const decided = await actor.allows({ type: 'PRODUCE_SHEETS' });
  const r = roundOf(ctx);
  const stored = await openElection(db);
  const setup = (await db.setup.findOne(SETUP_ID).exec())?.toJSON();
  if (!stored || !setup || !decided) return refused('count.notFinal');
  for (let n = 1; n <= r; n++) {
    if (!(await countRecord(ctx, boxesId(n))) || !(await countRecord(ctx, resultId(n)))) return refused('count.notFinal');
  }
  // A round that calls a runoff is signed and printed on the spot too (RULES §7); the day stays
  // at its results and goes on to the runoff. Main signs each round once.
  const runoffCalled = Boolean((await countRecord<{ result: CountResult }>(ctx, resultId(r)))?.result.runoff);
  const staff = { chair: setup.chair, chiefScrutineer: setup.chiefScrutineer, scrutineers: [...setup.scrutineers], callers: [...setup.callers], recorders: [...setup.recorders] };
  const outcome = await ctx.bridge.produceSheets({ round: r, setup: staff });
  if (!outcome.ok) return { ok: false, issues: outcome.issues };
  await saveCountRecord(ctx, 'sheet', sheetId(r), { ...outcome.value }, by);
  const audit = { type: 'sheet.produced', data: { round: r, sheetSha256: outcome.value.sheetSha256, files: outcome.value.files, runoffCalled }, clerk: by.clerk, desk: by.desk };
  const moved = await actor.transition(
    runoffCalled ? { type: 'ROUND_SHEET_PRODUCED', round: r, sheetHash: outcome.value.sheetSha256, runoffCalled } : { type: 'SHEET_PRODUCED', sheetHash: outcome.value.sheetSha256 },
    audit,
  );
  return moved.ok ? { ok: true, value: outcome.value } : moved;
}
