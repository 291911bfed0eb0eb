/**
 * What every station action works with: the station's database, audit log, machine and
 * bridge, and the reads they share (the voter, their check-in, the setup, the stock left).
 */
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import type { Voter } from '../../../shared/election/schemas';
import { ballotAccount } from '../../../shared/rules/polling';
import { checkinId, SETUP_ID } from '../../../shared/station/recordIds';
import type { CheckinRecord, MobileTripRecord, StationSetup } from '../../../shared/station/records';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import type { AuditLog } from '../../db/audit';
import type { StationDatabase } from '../../db/database';
import { openElection } from '../../db/importPackage';
import type { PollingDayGate } from '../../machine/gate';
import type { PollingDayQuestionType } from '../../machine/pollingDay';
import { stockOfRound } from '../stock';
import type { Operator, Outcome } from '../types';

export interface ActionContext {
  readonly db: StationDatabase;
  readonly audit: AuditLog;
  /** The polling-day gate: the services ask it, they do not decide the step themselves. */
  readonly actor: PollingDayGate;
  readonly bridge: StationBridge;
  readonly now: () => string;
}

export const refused = <T>(issues: readonly ValidationIssue[]): Outcome<T> => ({ ok: false, issues });
export const done = <T>(value: T): Outcome<T> => ({ ok: true, value });

export function isConflict(error: unknown): boolean {
  const code = (error as { code?: string; status?: number } | null)?.code;
  return code === 'CONFLICT' || (error as { status?: number } | null)?.status === 409;
}

export const roundOf = (ctx: ActionContext): number => ctx.actor.getSnapshot().context.round;

export const log = (ctx: ActionContext, type: string, data: Record<string, unknown>, by: Operator) =>
  ctx.audit.append({ type, data, clerk: by.clerk, desk: by.desk });

/**
 * Refused with `code` unless the stored day (read afresh) allows `question`: the machine decides,
 * the service enforces what the screens only hide.
 */
export async function unlessAllowed(
  ctx: ActionContext,
  question: PollingDayQuestionType,
  code: 'polls.notOpen' | 'checkin.undoAfterClose' | 'reconcile.notClosed',
): Promise<Outcome<never> | null> {
  return (await ctx.actor.allows({ type: question })) ? null : refused([issue(code, [])]);
}

/** The outcome of a transition, without its snapshot. */
export const asVoid = (outcome: Outcome<unknown>): Outcome<void> => (outcome.ok ? done(undefined) : outcome);

export async function voterOf(ctx: ActionContext, id: string): Promise<Voter | undefined> {
  const doc = await ctx.db.voters.findOne(id).exec();
  return doc ? (doc.toMutableJSON()) : undefined;
}

/** The voter's check-in of this round (issued or undone). */
export async function checkinOf(ctx: ActionContext, voterId: string): Promise<CheckinRecord | undefined> {
  const doc = await ctx.db.checkins.findOne(checkinId(roundOf(ctx), voterId)).exec();
  return doc ? (doc.toMutableJSON()) : undefined;
}

export async function electionOf(ctx: ActionContext) {
  const stored = await openElection(ctx.db);
  if (!stored) throw new Error('no election imported');
  return stored;
}

export async function setupOf(ctx: ActionContext): Promise<StationSetup & { runoffBallotStocks?: number[] }> {
  const doc = await ctx.db.setup.findOne(SETUP_ID).exec();
  if (!doc) throw new Error('station setup missing');
  return doc.toMutableJSON();
}

/** Ballots left at the desk this round: the stock less those issued, spoiled and out with the mobile boxes. */
export async function stockLeft(ctx: ActionContext): Promise<number> {
  const { db } = ctx;
  const r = roundOf(ctx);
  const [setup, issued, spoiled, tripDocs] = await Promise.all([
    setupOf(ctx),
    db.checkins.count({ selector: { round: r, status: 'issued' } }).exec(),
    db.spoiled.count({ selector: { round: r } }).exec(),
    db.trips.find({ selector: { round: r, status: 'out' } }).exec(),
  ]);
  const trips = tripDocs.map((doc) => doc.toJSON() as MobileTripRecord);
  const served = await Promise.all(trips.map((trip) => db.checkins.count({ selector: { round: r, status: 'issued', tripId: trip.id } }).exec()));
  const servedByTrip = new Map(trips.map((trip, index) => [trip.id, served[index] ?? 0]));
  return ballotAccount({ stock: stockOfRound(setup, r), issued, spoiled, trips, servedByTrip }).left;
}
