/**
 * Reading the hub's anomalies (异常, shared/hub/protocol.ts `Anomaly`): how one record of an
 * anomaly is named when the 总监票人 picks the one that stands, and what the resolved anomalies
 * mean for the round's ballot account. Pure: the hub, main (the sheet) and the renderer use it.
 */
import type { Anomaly } from './protocol';

type AnomalyRecord = Anomaly['records'][number];

/** The record's own time: a check-in's issuedAt, a proxy form's recordedAt, else `at`. */
function recordTimeOf(record: AnomalyRecord): string {
  for (const field of ['issuedAt', 'recordedAt', 'at']) {
    const value = record[field];
    if (typeof value === 'string') return value;
  }
  return '';
}

/**
 * The name of one record of an anomaly (`AnomalyResolution.standing`): its id, the desk that
 * made it and its time — two check-ins of one voter share the id, never the desk and the time.
 */
export function anomalyRecordKey(record: AnomalyRecord): string {
  const desk = typeof record['desk'] === 'string' ? record['desk'] : '';
  return `${record.id}@${desk}@${recordTimeOf(record)}`;
}

/**
 * Ballots that left the stock in `round` beyond the check-ins that stand: one for every
 * duplicate check-in (the voter holds the standing one; the desk that lost also handed a ballot
 * over, which is in the box or the voter's hand, never back in the stock), counted whether or
 * not the anomaly is resolved yet — the 总监票人's decision says which record stands, not how
 * many ballots physically left (DECISIONS "One station, many desks").
 */
export function ballotsBeyondCheckins(anomalies: readonly Anomaly[], round: number): number {
  let extra = 0;
  for (const anomaly of anomalies) {
    if (anomaly.kind !== 'duplicateCheckin' || anomaly.round !== round) continue;
    const issued = anomaly.records.filter((record) => record['status'] === 'issued').length;
    extra += Math.max(0, issued - 1);
  }
  return extra;
}
