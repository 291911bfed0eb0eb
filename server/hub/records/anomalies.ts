/**
 * The hub's anomalies (异常): recorded when a partitioned desk's records merge (detect.ts), listed
 * for the lead's 总监票人, resolved once with a reason. Resolving a duplicate check-in makes the
 * standing check-in the current document — a new revision every desk pulls.
 */
import { canonicalJson } from '../../../shared/crypto/canonical';
import { anomalyRecordKey } from '../../../shared/hub/anomalies';
import type { Anomaly, AnomalyKind, AnomalyResolution } from '../../../shared/hub/protocol';
import type { AnomalyResolutionRequest } from '../../../shared/hub/bridgeTypes';
import type { Db, Queryable, Tx } from '../../db/types';
import { HttpError } from '../../http/io';
import { pushRows, splitDoc, type Doc } from '../../sync/documents';
import { lockStationRecords } from './lock';
import { storedDoc, wireOf } from './state';
import { transactionAsDb } from './txDb';

interface AnomalyRow {
  station_id: string;
  id: string;
  kind: AnomalyKind;
  round: number;
  subject: string;
  records: Doc[];
  detected_at: Date | string;
  resolution: AnomalyResolution | null;
}

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

function toAnomaly(row: AnomalyRow): Anomaly {
  return {
    id: row.id,
    kind: row.kind,
    round: Number(row.round),
    voterId: row.subject === '' ? null : row.subject,
    records: row.records,
    detectedAt: iso(row.detected_at),
    resolution: row.resolution,
  };
}

/** What a merge found: the kind, the round, the voter or holder (null for the stock) and the records in question. */
export interface Finding {
  readonly kind: AnomalyKind;
  readonly round: number;
  readonly subject: string | null;
  readonly records: readonly Doc[];
}

/** A record as an anomaly keeps it: its stored fields, without RxDB's bookkeeping. */
const plain = (record: Doc): Doc => splitDoc(record).data as Doc;

/**
 * Record what a push found (inside its transaction): a finding joins the open anomaly of its
 * kind, round and subject (new records added); the same records an anomaly already resolved are
 * not found again; anything else is a new anomaly. One read and one insert for the whole push.
 */
export async function recordFindings(tx: Queryable, stationId: string, findings: readonly Finding[], now: Date): Promise<void> {
  if (findings.length === 0) return;
  const keyOf = (kind: string, round: number, subject: string) => `${kind}\u0001${round}\u0001${subject}`;
  const wanted = [...new Map(findings.map((finding) => [keyOf(finding.kind, finding.round, finding.subject ?? ''), { kind: finding.kind, round: finding.round, subject: finding.subject ?? '' }])).values()];
  const rows = await tx.query<AnomalyRow>(
    `SELECT a.* FROM hub_anomalies a
       JOIN jsonb_to_recordset($2::text::jsonb) AS x(kind text, round integer, subject text) ON a.kind = x.kind AND a.round = x.round AND a.subject = x.subject
      WHERE a.station_id = $1 ORDER BY a.detected_at, a.id`,
    [stationId, JSON.stringify(wanted)],
  );
  const known = new Map<string, AnomalyRow[]>();
  for (const row of rows) {
    const key = keyOf(row.kind, Number(row.round), row.subject);
    known.set(key, [...(known.get(key) ?? []), row]);
  }
  const inserts = new Map<string, AnomalyRow>();
  const updates = new Map<string, AnomalyRow>();
  for (const finding of findings) {
    const subject = finding.subject ?? '';
    const key = keyOf(finding.kind, finding.round, subject);
    const existing = known.get(key) ?? [];
    const records = finding.records.map(plain);
    const open = existing.find((row) => row.resolution === null);
    if (open) {
      const seen = new Set(open.records.map(anomalyRecordKey));
      const added = records.filter((record) => !seen.has(anomalyRecordKey(record)));
      if (added.length === 0) continue;
      open.records = [...open.records, ...added];
      if (!inserts.has(open.id)) updates.set(open.id, open);
      continue;
    }
    const keys = records.map(anomalyRecordKey);
    if (existing.some((row) => keys.every((k) => row.records.some((record) => anomalyRecordKey(record) === k)))) continue;
    const row: AnomalyRow = { station_id: stationId, id: `${finding.kind}-${finding.round}-${subject === '' ? 'stock' : subject}-${existing.length + 1}`, kind: finding.kind, round: finding.round, subject, records, detected_at: now, resolution: null };
    known.set(key, [...existing, row]);
    inserts.set(row.id, row);
  }
  if (inserts.size > 0) {
    await tx.query(
      `INSERT INTO hub_anomalies (station_id, id, kind, round, subject, records, detected_at)
       SELECT $1, x.id, x.kind, x.round, x.subject, x.records, $3 FROM jsonb_to_recordset($2::text::jsonb) AS x(id text, kind text, round integer, subject text, records jsonb)`,
      [stationId, JSON.stringify([...inserts.values()].map(({ id, kind, round, subject, records }) => ({ id, kind, round, subject, records }))), now.toISOString()],
    );
  }
  for (const row of updates.values()) {
    await tx.query('UPDATE hub_anomalies SET records = $3::text::jsonb WHERE station_id = $1 AND id = $2', [stationId, row.id, JSON.stringify(row.records)]);
  }
}

/** Whether a duplicate check-in of this record id was ever found (open or resolved). */
export async function duplicateFound(q: Queryable, stationId: string, checkinId: string): Promise<boolean> {
  const rows = await q.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM hub_anomalies WHERE station_id = $1 AND kind = 'duplicateCheckin' AND records @> $2::text::jsonb) AS found`,
    [stationId, JSON.stringify([{ id: checkinId }])],
  );
  return rows[0]?.found === true;
}

/** Every anomaly, oldest first. */
export async function listAnomalies(db: Queryable): Promise<Anomaly[]> {
  return (await db.query<AnomalyRow>('SELECT * FROM hub_anomalies ORDER BY detected_at, id')).map(toAnomaly);
}

/** The resolved anomalies (of one round, or every round): what the sheet prints. */
export async function resolvedAnomalies(db: Queryable, round?: number): Promise<Anomaly[]> {
  return (await listAnomalies(db)).filter((anomaly) => anomaly.resolution !== null && (round === undefined || anomaly.round === round));
}

/**
 * The 总监票人's decision, final: which record stands (for a duplicate check-in, one of them;
 * for a check-in after the close, the check-in or none — none makes it undone, not a ballot; for
 * proxies over the limit and an overdrawn stock, the decision is recorded as given) and why.
 */
export async function resolveAnomaly(db: Db, id: string, request: AnomalyResolutionRequest, now: Date): Promise<Anomaly> {
  const reason = request.reason.trim();
  const clerk = request.clerk.trim();
  if (reason === '' || clerk === '') throw HttpError.of(400, 'hub.resolutionReasonRequired');
  return db.transaction(async (tx) => {
    const found = await tx.query<{ station_id: string }>('SELECT station_id FROM hub_anomalies WHERE id = $1', [id]);
    if (!found[0]) throw HttpError.of(404, 'hub.anomalyNotFound', { id });
    // The station's lock first (as a push takes it), then the anomaly as it now stands.
    await lockStationRecords(tx, found[0].station_id);
    const row = (await tx.query<AnomalyRow>('SELECT * FROM hub_anomalies WHERE station_id = $1 AND id = $2', [found[0].station_id, id]))[0]!;
    if (row.resolution !== null) throw HttpError.of(409, 'hub.anomalyResolved', { id, at: row.resolution.at, clerk: row.resolution.by.clerk });
    const standing = request.standing === null ? null : (row.records.find((record) => anomalyRecordKey(record) === request.standing) ?? null);
    if (request.standing !== null && standing === null) throw HttpError.of(400, 'hub.standingUnknown', { id, standing: request.standing });
    if (row.kind === 'duplicateCheckin' && standing === null) throw HttpError.of(400, 'hub.standingRequired');
    const resolution: AnomalyResolution = { standing: request.standing, reason, by: { clerk, desk: request.desk }, at: now.toISOString() };
    if (row.kind === 'duplicateCheckin' && standing) await makeCurrent(db, tx, row.station_id, standing);
    if (row.kind === 'afterClose' && standing === null) {
      const checkin = row.records[0];
      if (checkin) await makeCurrent(db, tx, row.station_id, { ...checkin, status: 'undone', undoneAt: now.toISOString(), undoneBy: clerk, undoReason: reason });
    }
    await tx.query('UPDATE hub_anomalies SET resolution = $3::text::jsonb WHERE station_id = $1 AND id = $2', [row.station_id, id, JSON.stringify(resolution)]);
    return toAnomaly({ ...row, resolution });
  });
}

/**
 * Make `record` the current state of its check-in (nothing when it already is): a push through
 * the district's own function, on the stored state, one revision above it — so every desk pulls it.
 */
async function makeCurrent(db: Db, tx: Tx, stationId: string, record: Doc): Promise<void> {
  const stored = await storedDoc(tx, stationId, 'checkins', record.id);
  const next = plain(record);
  if (stored && !stored.deleted && canonicalJson(stored.data) === canonicalJson(next)) return;
  const rev = (stored?.rev ?? 0) + 1;
  const outcome = await pushRows(transactionAsDb(db, tx), stationId, 'checkins', [
    { assumedMasterState: stored ? wireOf(stored) : null, newDocumentState: { ...next, _deleted: false, _rev: `${rev}-hub` } },
  ]);
  if (outcome.conflicts.length > 0) throw new Error(`the standing check-in ${record.id} could not be stored`);
}
