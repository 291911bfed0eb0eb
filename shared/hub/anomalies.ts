/**
 * Reading the hub's anomalies (异常, shared/hub/protocol.ts `Anomaly`): how one record of an
 * anomaly is named when the 总监票人 picks the one that stands, and what the resolved anomalies
 * mean for the round's ballot account. Pure: the hub, main (the sheet) and the renderer use it.
 */
import { DEFAULT_RULES } from '../election/profile';
import { describeIssue, type Locale } from '../election/issues';
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
 * Ballots that left the stock in `round` beyond the issued check-ins that stand, so the round's
 * account (issued + spoiled + unused = stock) still balances:
 * - one for every losing check-in of a duplicate, resolved or not: the voter holds the standing
 *   ballot, and the desk that lost also handed one over (in the box or in someone's hand, never
 *   back in the stock) — the 总监票人 decides which record stands, not how many ballots left;
 * - one for a check-in after the close that the 总监票人 let not stand: it is undone (not a
 *   ballot of the voter), yet its ballot left the stock.
 * DECISIONS "One station, many desks".
 */
export function ballotsBeyondCheckins(anomalies: readonly Anomaly[], round: number): number {
  let extra = 0;
  for (const anomaly of anomalies) {
    if (anomaly.round !== round) continue;
    if (anomaly.kind === 'duplicateCheckin') {
      const issued = anomaly.records.filter((record) => record['status'] === 'issued').length;
      extra += Math.max(0, issued - 1);
    }
    if (anomaly.kind === 'afterClose' && anomaly.resolution !== null && anomaly.resolution.standing === null) extra += 1;
  }
  return extra;
}

/**
 * An anomaly in the reader's language, one line for what was found and one for its resolution
 * (or that it awaits one): the lead's 异常 list and the sheet print the same words. Times are
 * local (the election's zone, Asia/Shanghai by default); the proxy limit is the election's
 * (its profile's `maxProxiesPerHolder`, the national 3 by default).
 */
export function describeAnomaly(
  anomaly: Anomaly,
  locale: Locale = 'zh-CN',
  options: { readonly timeZone?: string; readonly maxProxiesPerHolder?: number } = {},
): { found: string; resolution: string } {
  const zone: Readonly<Record<string, string>> = options.timeZone === undefined ? {} : { timeZone: options.timeZone };
  const max = options.maxProxiesPerHolder ?? DEFAULT_RULES.maxProxiesPerHolder;
  const recordText = (record: AnomalyRecord) =>
    describeIssue({ code: 'hub.anomalyRecord', path: [], params: { desk: text(record['desk']), at: recordTimeOf(record), clerk: text(record['clerk']), ...zone } }, locale);
  const records = anomaly.records.map(recordText).join(locale === 'zh-CN' ? '；' : '; ');
  const subject = anomaly.voterId ?? '';
  const found =
    anomaly.kind === 'duplicateCheckin'
      ? describeIssue({ code: 'hub.anomalyDuplicateCheckin', path: [], params: { round: anomaly.round, voterId: subject, count: anomaly.records.length, records } }, locale)
      : anomaly.kind === 'proxyLimit'
        ? describeIssue({ code: 'hub.anomalyProxyLimit', path: [], params: { round: anomaly.round, voterId: subject, count: entrustingVoters(anomaly).size, max, records } }, locale)
        : anomaly.kind === 'stockOverdrawn'
          ? describeIssue({ code: 'hub.anomalyStockOverdrawn', path: [], params: { round: anomaly.round, records } }, locale)
          : anomaly.kind === 'ballotCollision'
            ? describeIssue({ code: 'hub.anomalyBallotCollision', path: [], params: { round: anomaly.round, ballot: subject, records } }, locale)
            : describeIssue({ code: 'hub.anomalyAfterClose', path: [], params: { round: anomaly.round, voterId: subject, records } }, locale);
  const resolution = anomaly.resolution;
  if (resolution === null) return { found, resolution: describeIssue({ code: 'hub.anomalyUnresolved', path: [] }, locale) };
  const standing = anomaly.records.find((record) => anomalyRecordKey(record) === resolution.standing);
  const standingText = standing
    ? describeIssue({ code: 'hub.anomalyStands', path: [], params: { record: recordText(standing) } }, locale)
    : describeIssue({ code: 'hub.anomalyNoneStands', path: [] }, locale);
  return {
    found,
    resolution: describeIssue(
      { code: 'hub.anomalyResolution', path: [], params: { standing: standingText, reason: resolution.reason, clerk: resolution.by.clerk, desk: resolution.by.desk, at: resolution.at, ...zone } },
      locale,
    ),
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '—');

/** The voters whose ballot went to the holder: a proxy check-in's voter, a form's entrusting voter. */
function entrustingVoters(anomaly: Anomaly): Set<string> {
  const voters = new Set<string>();
  for (const record of anomaly.records) {
    const voter = record['kind'] === 'proxy' ? record['voterId'] : record['entrustingVoterId'];
    if (typeof voter === 'string') voters.add(voter);
  }
  return voters;
}
