/**
 * The lead's 总监票人 settles an anomaly the hub found when a partitioned desk's records merged
 * (issue 16: a voter issued twice, a holder over 3 proxies, the stock overdrawn, a check-in after
 * the close): which record stands, with a reason. The hub keeps the resolution (and makes the
 * standing record the current one, which every desk pulls); the lead's audit log records it too.
 */
import { issue } from '../../../shared/election/issues';
import { ballotsBeyondCheckins } from '../../../shared/hub/anomalies';
import type { Anomaly } from '../../../shared/hub/protocol';
import type { Operator, Outcome } from '../types';
import { done, log, refused, type ActionContext } from './context';

export async function resolveAnomaly(ctx: ActionContext, anomaly: Anomaly, standing: string | null, reason: string, by: Operator): Promise<Outcome<Anomaly>> {
  const why = reason.trim();
  if (why === '') return refused([issue('hub.resolutionReason', ['reason'])]);
  if (!ctx.bridge.hubResolveAnomaly) return refused([issue('hub.standalone', [])]);
  const resolved = await ctx.bridge.hubResolveAnomaly(anomaly.id, { standing, reason: why, clerk: by.clerk, desk: by.desk });
  if (!resolved.ok) return resolved;
  await log(ctx, 'hub.anomalyResolved', { anomalyId: anomaly.id, kind: anomaly.kind, round: anomaly.round, voterId: anomaly.voterId, standing, reason: why }, by);
  return done(resolved.value);
}

/**
 * Ballots that left the stock in `round` beyond its standing check-ins, by the resolved anomalies
 * of the lead's hub (`ballotsBeyondCheckins`: a duplicate's second ballot, an after-close check-in
 * made not to stand); 0 without a hub. The round's account counts them as issued.
 */
export async function resolvedBallotsBeyondCheckins(ctx: Pick<ActionContext, 'bridge'>, round: number): Promise<number> {
  if (!ctx.bridge.hubAnomalies) return 0;
  const resolved = (await ctx.bridge.hubAnomalies()).filter((anomaly) => anomaly.resolution !== null);
  return ballotsBeyondCheckins(resolved, round);
}
