/**
 * Issuing ballots at the desk: the check-in (in person, by proxy, at a mobile box), its undo,
 * and the replacement of a spoiled ballot. The check-in document's id (one per voter and
 * round) makes a second ballot for the same voter impossible, across desks too.
 */
import { issue } from '../../../shared/election/issues';
import { checkIssueBallot } from '../../../shared/rules/polling';
import { checkinId, spoiledId } from '../../../shared/station/recordIds';
import type { CheckinKind, CheckinRecord, SpoiledBallotRecord } from '../../../shared/station/records';
import type { Operator, Outcome } from '../types';
import { auditChainOfMachine, hubLinkFor } from '../hubLink';
import { claimCheckin } from './hubClaim';
import { checkinOf, done, isConflict, log, refused, roundOf, stockLeft, unlessAllowed, voterOf, type ActionContext } from './context';

/** Issue one ballot: the check-in document's id makes a second one impossible. */
export async function issueBallot(
  ctx: ActionContext,
  voterId: string,
  by: Operator,
  kind: CheckinKind,
  extra: Pick<CheckinRecord, 'holderVoterId' | 'proxyId' | 'tripId'> = {},
): Promise<Outcome<CheckinRecord>> {
  const closed = await unlessAllowed(ctx, 'ISSUE_BALLOT', 'polls.notOpen');
  if (closed) return closed;
  const found = await voterOf(ctx, voterId);
  const existing = await checkinOf(ctx, voterId);
  const issues = checkIssueBallot(found, existing);
  if (issues.length > 0) return refused(issues);
  if (kind !== 'mobile' && (await stockLeft(ctx)) < 1) return refused([issue('checkin.noStock', [])]);
  const record: CheckinRecord = {
    id: checkinId(roundOf(ctx), voterId),
    round: roundOf(ctx),
    voterId,
    kind,
    status: 'issued',
    issuedAt: ctx.now(),
    clerk: by.clerk,
    desk: by.desk,
    ...extra,
  };
  // Across desks, the hub first (issue 16): a voter another desk issued is refused here, nothing stored.
  const claim = await claimCheckin(ctx, record);
  if (claim.kind === 'refused') return refused(claim.issues);
  // Main's journal first (fsync'd): every ballot the clerk sees issued can be rebuilt from it.
  const { undoneAt: _ua, undoneBy: _ub, undoReason: _ur, ...journaled } = { ...existing, ...record };
  await ctx.bridge.journal({ kind: 'checkin', record: journaled });
  const lostRace = async () => {
    await ctx.bridge.journal({ kind: 'rejected', record: { of: 'checkin', record: journaled } });
    return refused<CheckinRecord>(checkIssueBallot(found, await checkinOf(ctx, voterId)));
  };
  // A record claimed at the hub may come back by replication before this desk stores it: the
  // stored one is then this very issuance (same desk, clerk and time), not another desk's.
  // (Also after a claim answered too slowly: the hub may have committed it all the same.)
  const cameBack = async () => claim.kind !== 'standalone' && sameIssuance(await checkinOf(ctx, voterId), record);
  try {
    if (existing) {
      if (!(await reissue(ctx, record)) && !(await cameBack())) return lostRace();
    } else {
      await ctx.db.checkins.insert(record);
    }
  } catch (error) {
    if (!isConflict(error)) {
      // Not stored: take the journal's line back too, or a recovery would issue a ballot no one
      // was given. (If main cannot be reached for that either, the error shown says so.)
      await ctx.bridge.journal({ kind: 'rejected', record: { of: 'checkin', record: journaled } });
      throw error;
    }
    if (!(await cameBack())) return lostRace();
  }
  await log(ctx, 'checkin.issued', { voterId, kind, ...extra }, by);
  return done(record);
}

/** The same ballot handed over: an issued check-in of the same voter and round, desk, clerk and time. */
function sameIssuance(stored: CheckinRecord | undefined, record: CheckinRecord): boolean {
  return stored?.status === 'issued' && (['voterId', 'round', 'desk', 'clerk', 'issuedAt'] as const).every((field) => stored[field] === record[field]);
}

/** Re-issue after an undo: the same document, back to issued, only if still undone. False when another desk issued it meanwhile. */
async function reissue(ctx: ActionContext, record: CheckinRecord): Promise<boolean> {
  const doc = await ctx.db.checkins.findOne(record.id).exec();
  let raced = false;
  await doc?.incrementalModify((current: CheckinRecord) => {
    if (current.status === 'issued') {
      raced = true;
      return current;
    }
    const { undoneAt: _a, undoneBy: _b, undoReason: _c, ...rest } = { ...current, ...record };
    return rest;
  });
  return !raced;
}

/**
 * A desk has a voter on its confirm card (polls cannot close meanwhile, in any window). The mark
 * is stored through the gate, in order with this window's other writes; it never rejects.
 */
export function beginCheckin(ctx: ActionContext, voterId: string, by: Operator): Promise<void> {
  return ctx.actor.mark({ type: 'CHECKIN_STARTED', desk: by.desk, voterId });
}

export function endCheckin(ctx: ActionContext, by: Operator): Promise<void> {
  return ctx.actor.mark({ type: 'CHECKIN_FINISHED', desk: by.desk });
}

export async function undoCheckin(ctx: ActionContext, voterId: string, reason: string, by: Operator): Promise<Outcome<CheckinRecord>> {
  // Once the polls are closed the ballot account is being (or has been) settled.
  const closed = await unlessAllowed(ctx, 'UNDO_CHECKIN', 'checkin.undoAfterClose');
  if (closed) return closed;
  const found = await voterOf(ctx, voterId);
  if (!reason.trim()) return refused([issue('checkin.reasonRequired', ['reason'])]);
  const doc = await ctx.db.checkins.findOne(checkinId(roundOf(ctx), voterId)).exec();
  const current = doc?.toMutableJSON();
  if (!doc || current?.status !== 'issued') return refused([issue('checkin.notIssued', [], { name: found?.name ?? voterId })]);
  const undone: CheckinRecord = { ...current, status: 'undone', undoneAt: ctx.now(), undoneBy: by.clerk, undoReason: reason.trim() };
  await ctx.bridge.journal({ kind: 'checkin', record: undone });
  await doc.incrementalPatch({ status: 'undone', undoneAt: undone.undoneAt, undoneBy: by.clerk, undoReason: undone.undoReason });
  if (current.proxyId) await (await ctx.db.proxies.findOne(current.proxyId).exec())?.remove();
  await log(ctx, 'checkin.undone', { voterId, reason: undone.undoReason, kind: current.kind }, by);
  return done(undone);
}

export async function replaceSpoiled(ctx: ActionContext, voterId: string, reason: string, by: Operator): Promise<Outcome<SpoiledBallotRecord>> {
  const closed = await unlessAllowed(ctx, 'REPLACE_SPOILED', 'polls.notOpen');
  if (closed) return closed;
  const found = await voterOf(ctx, voterId);
  const existing = await checkinOf(ctx, voterId);
  if (!found || existing?.status !== 'issued') return refused([issue('spoiled.notIssued', [], { name: found?.name ?? voterId })]);
  if ((await stockLeft(ctx)) < 1) return refused([issue('spoiled.noStock', [])]);
  const r = roundOf(ctx);
  const count = await ctx.db.spoiled.count({ selector: { round: r } }).exec();
  const record: SpoiledBallotRecord = {
    id: spoiledId(r, count + 1, voterId, auditChainOfMachine(hubLinkFor(ctx.bridge).status())),
    round: r,
    voterId,
    at: ctx.now(),
    reason: reason.trim() || '—',
    clerk: by.clerk,
    desk: by.desk,
  };
  await ctx.db.spoiled.insert(record);
  await log(ctx, 'ballot.spoiled', { ...record }, by);
  return done(record);
}
