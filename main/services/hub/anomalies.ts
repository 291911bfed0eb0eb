/**
 * The lead's anomalies (异常): what the hub found when partitioned desks' records merged
 * (server/hub/records/anomalies.ts), listed and resolved by the 总监票人 through the bridge. A
 * refused resolution (no reason, an unknown record, resolved already) is the clerk's Outcome.
 */
import type { Hub } from '../../../server/hub';
import { listAnomalies, resolveAnomaly, resolvedAnomalies } from '../../../server/hub/records/anomalies';
import { HttpError } from '../../../server/http/io';
import { ValidationError, type Outcome } from '../../../shared/election/issues';
import type { AnomalyResolutionRequest } from '../../../shared/hub/bridgeTypes';
import type { Anomaly } from '../../../shared/hub/protocol';

export function leadAnomalies(hub: Hub): Promise<readonly Anomaly[]> {
  return listAnomalies(hub.db);
}

/** The resolved anomalies of `round`: what the lead's sheet prints. */
export function leadResolvedAnomalies(hub: Hub, round: number): Promise<readonly Anomaly[]> {
  return resolvedAnomalies(hub.db, round);
}

export async function resolveLeadAnomaly(hub: Hub, id: string, resolution: AnomalyResolutionRequest, now: Date): Promise<Outcome<Anomaly>> {
  try {
    return { ok: true, value: await resolveAnomaly(hub.db, id, resolution, now) };
  } catch (error) {
    if (error instanceof HttpError || error instanceof ValidationError) return { ok: false, issues: error.issues };
    throw error;
  }
}
