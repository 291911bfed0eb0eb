/**
 * The ballot account at the close (对账): stock = issued + spoiled + unused, any difference
 * explained and signed off by the chief scrutineer, with every mobile box back.
 */
import { issue } from '../../../shared/election/issues';
import { checkReconciliation, reconciliationDifference } from '../../../shared/rules/polling';
import { reconciliationId } from '../../../shared/station/recordIds';
import type { ReconciliationRecord } from '../../../shared/station/records';
import { stockOfRound } from '../stock';
import type { Operator, Outcome } from '../types';
import { done, refused, roundOf, setupOf, unlessAllowed, type ActionContext } from './context';
import { resolvedBallotsBeyondCheckins } from './hubAnomalies';

export async function reconcile(
  ctx: ActionContext,
  args: { readonly unused: number; readonly explanation: string; readonly signedOffBy: string },
  by: Operator,
): Promise<Outcome<ReconciliationRecord>> {
  const early = await unlessAllowed(ctx, 'RECONCILE', 'reconcile.notClosed');
  if (early) return early;
  const { db } = ctx;
  const setup = await setupOf(ctx);
  const r = roundOf(ctx);
  const [checkedIn, beyond, spoiled, tripsOut] = await Promise.all([
    db.checkins.count({ selector: { round: r, status: 'issued' } }).exec(),
    // A resolved duplicate's second ballot also left the stock (DECISIONS "One station, many desks").
    resolvedBallotsBeyondCheckins(ctx, r),
    db.spoiled.count({ selector: { round: r } }).exec(),
    db.trips.count({ selector: { round: r, status: 'out' } }).exec(),
  ]);
  const issued = checkedIn + beyond;
  if (tripsOut > 0) return refused([issue('reconcile.tripsOut', [], { count: tripsOut })]);
  if (!Number.isInteger(args.unused) || args.unused < 0) return refused([issue('schema.integer', ['unused'])]);
  const stock = stockOfRound(setup, r);
  const difference = reconciliationDifference(stock, issued, spoiled, args.unused);
  const issues = checkReconciliation({ difference, explanation: args.explanation, signedOffBy: args.signedOffBy, chiefScrutineer: setup.chiefScrutineer });
  if (issues.length > 0) return refused(issues);
  const record: ReconciliationRecord = {
    id: reconciliationId(r),
    round: r,
    stock,
    issued,
    spoiled,
    unused: args.unused,
    difference,
    ...(difference !== 0 ? { explanation: args.explanation.trim(), signedOffBy: args.signedOffBy.trim() } : {}),
    at: ctx.now(),
    clerk: by.clerk,
    desk: by.desk,
  };
  await db.reconciliation.upsert(record);
  const moved = await ctx.actor.transition(
    {
      type: 'RECONCILED',
      difference,
      explanation: record.explanation,
      signedOffBy: record.signedOffBy,
      chiefScrutineer: setup.chiefScrutineer,
      mobileBoxesOut: tripsOut,
    },
    { type: 'polls.reconciled', data: { ...record }, clerk: by.clerk, desk: by.desk },
  );
  return moved.ok ? done(record) : moved;
}
