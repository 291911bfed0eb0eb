/**
 * Proxy voting (委托投票): the entrusting voter's ballot goes to the holder, at most the
 * profile's number of proxies per holder, and a holder may not pass one on.
 */
import { electionRules } from '../../../shared/election/profile';
import { checkProxy } from '../../../shared/rules/polling';
import { proxyId } from '../../../shared/station/recordIds';
import type { CheckinRecord, ProxyRecord } from '../../../shared/station/records';
import { withRecordLock } from '../../db/lock';
import { auditChainOfMachine, hubLinkFor } from '../hubLink';
import type { Operator, Outcome, ProxyRequestInput } from '../types';
import { issueBallot } from './checkin';
import { checkinOf, electionOf, isConflict, log, refused, roundOf, unlessAllowed, voterOf, type ActionContext } from './context';

/**
 * Behind one lock per round: "a proxy holder may not pass it on" reads both sides before writing.
 */
export async function entrust(ctx: ActionContext, request: ProxyRequestInput, by: Operator): Promise<Outcome<CheckinRecord>> {
  return (await unlessAllowed(ctx, 'ISSUE_BALLOT', 'polls.notOpen')) ?? withRecordLock(ctx.db, `proxies-${roundOf(ctx)}`, () => recordProxy(ctx, request, by));
}

async function recordProxy(ctx: ActionContext, request: ProxyRequestInput, by: Operator, attempt = 0): Promise<Outcome<CheckinRecord>> {
  const { db } = ctx;
  const stored = await electionOf(ctx);
  const r = roundOf(ctx);
  const [entrusting, holder, entrustingCheckin, held, holderEntrusted, entrustingHolds] = await Promise.all([
    voterOf(ctx, request.entrustingVoterId),
    voterOf(ctx, request.holderVoterId),
    checkinOf(ctx, request.entrustingVoterId),
    db.proxies.find({ selector: { round: r, holderVoterId: request.holderVoterId } }).exec(),
    db.proxies.find({ selector: { round: r, entrustingVoterId: request.holderVoterId } }).exec(),
    db.proxies.find({ selector: { round: r, holderVoterId: request.entrustingVoterId } }).exec(),
  ]);
  const issues = checkProxy({
    election: stored.election,
    entrusting,
    holder,
    formNumber: request.formNumber,
    relationship: request.relationship,
    heldByHolder: held.length,
    holderHasEntrusted: holderEntrusted.length > 0,
    entrustingHoldsProxies: entrustingHolds.length > 0,
    entrustingCheckin,
  });
  if (issues.length > 0) return refused(issues);
  // One document per holder slot (1…max): two windows cannot both take the holder's last slot.
  // (Each machine of the station hub numbers its own slots: its key is in the id.)
  const machine = auditChainOfMachine(hubLinkFor(ctx.bridge).status());
  const taken = new Set(held.map((doc) => doc.primary));
  let slot = 1;
  while (taken.has(proxyId(r, request.holderVoterId, slot, machine))) slot++;
  const proxy: ProxyRecord = {
    id: proxyId(r, request.holderVoterId, slot, machine),
    round: r,
    entrustingVoterId: request.entrustingVoterId,
    holderVoterId: request.holderVoterId,
    formNumber: request.formNumber.trim(),
    relationship: request.relationship,
    recordedAt: ctx.now(),
    clerk: by.clerk,
    desk: by.desk,
  };
  try {
    await db.proxies.insert(proxy);
  } catch (error) {
    // Another desk took this slot meanwhile: look again (the count check then decides).
    if (isConflict(error) && attempt <= electionRules(stored.election).maxProxiesPerHolder) return recordProxy(ctx, request, by, attempt + 1);
    throw error;
  }
  const issued = await issueBallot(ctx, request.entrustingVoterId, by, 'proxy', { holderVoterId: request.holderVoterId, proxyId: proxy.id });
  if (!issued.ok) {
    await (await db.proxies.findOne(proxy.id).exec())?.remove();
    return issued;
  }
  await log(ctx, 'proxy.recorded', { ...proxy }, by);
  return issued;
}
