/**
 * Mobile boxes (流动票箱): a trip leaves with ballots and staff, serves voters away from the
 * station (never more than the ballots it took), and comes back with the ones left.
 */
import { issue } from '../../../shared/election/issues';
import { checkTripDeparture, checkTripReturn } from '../../../shared/rules/polling';
import { tripId as tripIdOf } from '../../../shared/station/recordIds';
import { auditChainOfMachine, hubLinkFor } from '../hubLink';
import type { CheckinRecord, MobileTripRecord } from '../../../shared/station/records';
import { withRecordLock } from '../../db/lock';
import type { Operator, Outcome } from '../types';
import { issueBallot } from './checkin';
import { done, electionOf, log, refused, roundOf, stockLeft, unlessAllowed, type ActionContext } from './context';

export async function departTrip(
  ctx: ActionContext,
  args: { readonly ballotsOut: number; readonly staff: readonly string[] },
  by: Operator,
): Promise<Outcome<MobileTripRecord>> {
  const closed = await unlessAllowed(ctx, 'DEPART_TRIP', 'polls.notOpen');
  if (closed) return closed;
  const stored = await electionOf(ctx);
  const issues = checkTripDeparture(stored.election, args.staff, args.ballotsOut, await stockLeft(ctx));
  if (issues.length > 0) return refused(issues);
  const count = await ctx.db.trips.count({ selector: { round: roundOf(ctx) } }).exec();
  const trip: MobileTripRecord = {
    id: tripIdOf(roundOf(ctx), count + 1, auditChainOfMachine(hubLinkFor(ctx.bridge).status())),
    round: roundOf(ctx),
    ballotsOut: args.ballotsOut,
    staff: args.staff.map((name) => name.trim()).filter(Boolean),
    departedAt: ctx.now(),
    status: 'out',
    clerk: by.clerk,
    desk: by.desk,
  };
  await ctx.db.trips.insert({ ...trip, staff: [...trip.staff] });
  await log(ctx, 'trip.departed', { ...trip }, by);
  return done(trip);
}

/** Behind the trip's lock: two desks cannot both serve its last ballot. */
export function serveByTrip(ctx: ActionContext, tripId: string, voterId: string, by: Operator): Promise<Outcome<CheckinRecord>> {
  return withRecordLock(ctx.db, `trip-${tripId}`, async () => {
    const doc = await ctx.db.trips.findOne(tripId).exec();
    const trip = doc?.toJSON();
    if (!trip || trip.status !== 'out') return refused([issue('trip.notOut', [])]);
    const served = await ctx.db.checkins.count({ selector: { round: roundOf(ctx), status: 'issued', tripId } }).exec();
    if (served >= trip.ballotsOut) return refused([issue('trip.boxFull', [], { out: trip.ballotsOut })]);
    return issueBallot(ctx, voterId, by, 'mobile', { tripId });
  });
}

export async function returnTrip(ctx: ActionContext, tripId: string, ballotsBack: number, by: Operator): Promise<Outcome<MobileTripRecord>> {
  const doc = await ctx.db.trips.findOne(tripId).exec();
  if (!doc) return refused([issue('trip.notOut', [])]);
  const trip = doc.toMutableJSON() as MobileTripRecord;
  const served = await ctx.db.checkins.count({ selector: { round: roundOf(ctx), status: 'issued', tripId } }).exec();
  const issues = checkTripReturn(trip, served, ballotsBack);
  if (issues.length > 0) return refused(issues);
  const returned: MobileTripRecord = { ...trip, status: 'returned', ballotsBack, returnedAt: ctx.now() };
  await doc.incrementalPatch({ status: 'returned', ballotsBack, returnedAt: returned.returnedAt });
  await log(ctx, 'trip.returned', { tripId, served, ballotsBack }, by);
  return done(returned);
}
