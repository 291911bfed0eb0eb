/**
 * Which records a verification covered (docs/SYNC.md "Results and bundles"): every record of the
 * station as the server holds it when the check ran — how many, the SHA-256 of their listing and
 * the highest sequence number among them — read in one statement, so the recount and its
 * coverage see the same records. A new or changed record of the station sets its checks back to
 * `pending` (待核验) in the transaction that writes it; the recheck queue (recheck.ts) recounts.
 */
import type { Queryable, Tx } from '../db/types';

export interface Coverage {
  /** How many of the station's records (every collection, deleted ones included). */
  readonly count: number;
  /**
   * Hex SHA-256 of the UTF-8 lines `collection TAB id TAB l|d TAB data` (data: the stored jsonb's
   * text; d = deleted), ordered by collection and id (bytewise), joined by LF.
   */
  readonly hash: string;
  /** The highest sequence number among them (0 when none): a later write has a higher one. */
  readonly seq: number;
}

export interface RecordSet {
  readonly coverage: Coverage;
  /** The station's ballots and countRecords (not deleted): what the recount reads. */
  readonly ballots: Record<string, unknown>[];
  readonly countRecords: Record<string, unknown>[];
}

export async function readRecordSet(db: Queryable, stationId: string): Promise<RecordSet> {
  const rows = await db.query<{ n: number; seq: number | null; hash: string; docs: { c: string; d: Record<string, unknown> }[] }>(
    `SELECT count(*)::integer AS n,
            max(seq) AS seq,
            encode(sha256(convert_to(coalesce(string_agg(
              collection || E'\\t' || id || E'\\t' || CASE WHEN deleted THEN 'd' ELSE 'l' END || E'\\t' || data::text,
              E'\\n' ORDER BY collection COLLATE "C", id COLLATE "C"), ''), 'UTF8')), 'hex') AS hash,
            coalesce(jsonb_agg(jsonb_build_object('c', collection, 'd', data))
              FILTER (WHERE collection IN ('ballots', 'countRecords') AND NOT deleted), '[]'::jsonb) AS docs
       FROM documents WHERE station_id = $1`,
    [stationId],
  );
  const row = rows[0]!;
  const ballots: Record<string, unknown>[] = [];
  const countRecords: Record<string, unknown>[] = [];
  for (const doc of row.docs) (doc.c === 'ballots' ? ballots : countRecords).push(doc.d);
  return { coverage: { count: Number(row.n), hash: row.hash, seq: Number(row.seq ?? 0) }, ballots, countRecords };
}

/** The highest sequence number of the station's records now (0 when none). */
export async function stationSeq(db: Queryable, stationId: string): Promise<number> {
  const rows = await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM documents WHERE station_id = $1', [stationId]);
  return Number(rows[0]?.seq ?? 0);
}

/** The station's checked results back to `pending` ($1: the station), with their rounds. */
const STALE_CHECKS = `UPDATE results SET status = 'pending', checked_at = now()
      WHERE station_id = $1 AND status IN ('verified', 'disagrees')
      RETURNING round`;

/**
 * In the transaction that wrote new or changed records of the station: its checked results
 * (verified or disagreeing) go back to `pending`. Called after the writes, so a recount
 * committing meanwhile is either waited for (its row is locked) or sees these records.
 */
export async function markChecksStale(tx: Tx, stationId: string): Promise<void> {
  await notifyStale(tx, stationId, await tx.query<{ round: number }>(STALE_CHECKS, [stationId]));
}

/**
 * `markChecksStale` right after a COPY into `documents`, in the same statement as the COPY's
 * last sequence number (`currval`: this session's last `nextval`): one round trip. That number.
 */
export async function markChecksStaleAfterCopy(tx: Tx, stationId: string): Promise<number> {
  const [row] = await tx.query<{ seq: number; rounds: number[] }>(`WITH stale AS (${STALE_CHECKS}) SELECT currval('documents_seq') AS seq, ARRAY(SELECT round FROM stale) AS rounds`, [stationId]);
  await notifyStale(tx, stationId, row!.rounds.map((round) => ({ round })));
  return Number(row!.seq);
}

async function notifyStale(tx: Tx, stationId: string, rows: readonly { round: number }[]): Promise<void> {
  for (const round of new Set(rows.map((row) => row.round))) await tx.notify({ kind: 'result', station: stationId, round });
}
