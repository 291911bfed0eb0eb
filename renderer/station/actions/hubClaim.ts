/**
 * A check-in claimed at the station hub first (issue 16): when this machine is the lead or a
 * desk, the hub commits the voter's check-in record of the round (compare-and-set, with the
 * proxy, stock and polls-open rules across every desk) before the desk stores or journals it.
 * Refused → the hub's shared message (who, when, which desk) and nothing stored; the hub cannot
 * be reached → the desk issues offline (离线: its records merge later, the hub flags anomalies);
 * the hub is slow → 主机响应慢… while waiting (up to HUB_TIMING.answerMs), then issued as offline
 * without turning the desk 离线;
 * standalone → as before the hub.
 */
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import type { CheckinClaim } from '../../../shared/hub/protocol';
import { HUB_PATH } from '../../../shared/hub/protocol';
import type { CheckinRecord } from '../../../shared/station/records';
import { hubAnswerError } from '../../db/replication/hubClient';
import { hubLinkFor, postToHub } from '../hubLink';
import type { ActionContext } from './context';

export type ClaimOutcome =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'offline'; readonly reason: string }
  | { readonly kind: 'standalone' }
  | { readonly kind: 'refused'; readonly issues: readonly ValidationIssue[] };

export const CHECKIN_CLAIM_PATH = `${HUB_PATH}/checkin`;

/**
 * The lead's own polling-day state reaches its hub by the lead's replication, a moment after the
 * lead stored it: a claim the hub refuses as polls-not-open while the lead's own gate (asked
 * before the claim) says open is tried again for this long.
 */
const LEAD_CATCH_UP_MS = 3000;
const LEAD_RETRY_MS = 250;

export async function claimCheckin(ctx: Pick<ActionContext, 'bridge'>, record: CheckinRecord): Promise<ClaimOutcome> {
  const until = Date.now() + LEAD_CATCH_UP_MS;
  for (;;) {
    const outcome = await claimOnce(ctx, record);
    const behind = outcome.kind === 'refused' && outcome.issues[0]?.code === 'hub.pollsNotOpen' && hubLinkFor(ctx.bridge).role() === 'lead';
    if (!behind || Date.now() > until) return outcome;
    await new Promise((resolve) => setTimeout(resolve, LEAD_RETRY_MS));
  }
}

async function claimOnce(ctx: Pick<ActionContext, 'bridge'>, record: CheckinRecord): Promise<ClaimOutcome> {
  // Offline or slow (no answer within HUB_TIMING.answerMs): issued here — the replication brings it to the hub.
  const answer = await postToHub(ctx.bridge, CHECKIN_CLAIM_PATH, { record: record as unknown as CheckinClaim['record'] } satisfies CheckinClaim);
  if (answer.kind !== 'answer') return answer;
  if (answer.status >= 200 && answer.status <= 299) return { kind: 'claimed' };
  const error = await hubAnswerError(answer);
  if (error.issue.code !== 'sync.httpError') return { kind: 'refused', issues: [error.issue] };
  return { kind: 'refused', issues: [issue('hub.claimFailed', [], { status: answer.status, detail: String(error.issue.params?.['detail'] ?? '') })] };
}
