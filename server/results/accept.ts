/**
 * `POST /sync/v1/result` and the results of a bundle: verify the SignedResult (schema, the
 * enrolled key, the signature, the election hash), recount the station's synced ballots, and
 * store it as `verified` or `disagrees` (with the difference). One accepted result per station
 * and round; a second, different one is refused (409 results.roundAlreadySigned), kept only as a
 * `conflicting` anomaly, and never replaces the first.
 * Posting the same signed result again stores nothing new but re-runs the recount (so a result
 * posted before its last ballots arrived is verified once they have). Every check records the
 * exact record set it covered (coverage.ts); a new or changed record of the station sets the
 * check back to `pending` and the recheck queue recounts (recheck.ts).
 */
import { canonicalJson } from '../../shared/crypto/canonical';
import { ballotsHash } from '../../shared/crypto/hash';
import { verifySignedResult } from '../../shared/crypto/signed';
import { describeIssueBilingual, issue, type ValidationIssue } from '../../shared/election/issues';
import { parseWithSchema } from '../../shared/election/parse';
import { isDemoResult } from '../../shared/election/demo';
import { FORMAT, signedResultSchema, type CountResult, type SignedResult } from '../../shared/election/schemas';
import type { Db, Queryable, Tx } from '../db/types';
import { electionOf, findStation } from '../stations';
import { sha256Hex } from '../../shared/crypto/hash';
import { readRecordSet, stationSeq, type Coverage } from './coverage';
import { describeResultDifferences, jsonDifferences } from './differences';
import { recountRound, type CountRecordDoc } from './recount';

/** `pending` (待核验): the station's records changed since the last check; a recount is queued. */
export type ResultStatus = 'verified' | 'disagrees' | 'conflicting' | 'pending';

/**
 * What the server accepts besides real results. A demo result (signed `demo: true`,
 * shared/election/demo.ts) is refused unless the server was started for a demonstration
 * (`serve --demo`, `DISTRICT_DEMO=1`).
 */
export interface ResultPolicy {
  readonly acceptDemo: boolean;
}

export const REAL_RESULTS_ONLY: ResultPolicy = { acceptDemo: false };

export interface StoredResult {
  readonly station: string;
  readonly round: number;
  readonly status: ResultStatus;
  readonly difference: readonly string[] | null;
  readonly signedHash: string;
  readonly receivedAt: string;
  readonly source: 'sync' | 'bundle';
  /** The station's records the last check covered (null: never checked, or a conflicting result). */
  readonly covered: { readonly count: number; readonly hash: string } | null;
  /** When it was last checked (or set back to pending). */
  readonly checkedAt: string;
}

export type AcceptOutcome =
  | { readonly ok: true; readonly created: boolean; readonly result: StoredResult }
  | { readonly ok: false; readonly status: 400 | 401 | 403 | 409 | 422; readonly issues: readonly ValidationIssue[] };

interface ResultRow {
  station_id: string;
  round: number;
  status: ResultStatus;
  difference: string[] | null;
  signed_hash: string;
  received_at: Date;
  source: 'sync' | 'bundle';
  signed: SignedResult;
  covered_count: number | null;
  covered_hash: string | null;
  checked_at: Date;
}

const RESULT_COLUMNS = 'station_id, round, status, difference, signed_hash, received_at, source, signed, covered_count, covered_hash, checked_at';

const toStored = (row: ResultRow): StoredResult => ({
  station: row.station_id,
  round: row.round,
  status: row.status,
  difference: row.difference,
  signedHash: row.signed_hash,
  receivedAt: row.received_at.toISOString(),
  source: row.source,
  covered: row.covered_count === null || row.covered_hash === null ? null : { count: row.covered_count, hash: row.covered_hash },
  checkedAt: row.checked_at.toISOString(),
});

export interface Check {
  readonly status: 'verified' | 'disagrees';
  readonly difference: string[] | null;
  /** The records the recount read: all of the station's, as of one snapshot. */
  readonly coverage: Coverage;
}

/** At most 20 issues of a failed recount, then how many more (a pile of bad ballots is not a 500 KB report). */
function firstIssues(lines: readonly string[], shown = 20): string[] {
  return lines.length <= shown ? [...lines] : [...lines.slice(0, shown), `……另有 ${lines.length - shown} 条 / … and ${lines.length - shown} more`];
}

/** The status of `signed` against a recount of the synced records: null difference when it holds. */
export async function checkAgainstRecount(db: Queryable, signed: SignedResult, election: Parameters<typeof recountRound>[0]): Promise<Check> {
  const records = await readRecordSet(db, signed.station);
  const { ballots, coverage } = records;
  const countRecords = records.countRecords as unknown as CountRecordDoc[];
  const recount = recountRound(election, ballots, countRecords.filter((doc) => typeof doc.id === 'string'), signed.result.round);
  if (!recount.ok) {
    const lines = recount.missing
      ? [`尚未收到 ${recount.missing}，无法重新计票 / ${recount.missing} not synced yet: no recount possible`]
      : firstIssues(recount.issues.map(describeIssueBilingual));
    return { status: 'disagrees', difference: [`重新计票失败 / the recount failed (${ballots.length} ballot records synced)`, ...lines], coverage };
  }
  const lines: string[] = [];
  if (canonicalJson(recount.result) !== canonicalJson(signed.result)) {
    // Written for people: 主任 · 周建华 赞成票：站点结果 50，重新计票 49 (differences.ts).
    lines.push(...describeResultDifferences(signed.result, JSON.parse(canonicalJson(recount.result)) as CountResult));
  }
  if (ballotsHash(recount.ballots) !== signed.ballotsHash) {
    lines.push(`ballotsHash：签名结果与同步的 ${recount.ballots.length} 张选票记录不对应 / the signed ballotsHash does not match the ${recount.ballots.length} synced ballot records`);
  }
  return lines.length === 0 ? { status: 'verified', difference: null, coverage } : { status: 'disagrees', difference: lines, coverage };
}

/**
 * Store a check of the result `signedHash`, with the records it covered. Should a record of the
 * station have been written since the check read them, the result stays `pending` (the recheck
 * queue recounts it again).
 */
async function storeCheck(tx: Tx, stationId: string, signedHash: string, check: Check): Promise<ResultRow> {
  const newer = (await stationSeq(tx, stationId)) > check.coverage.seq;
  const rows = await tx.query<ResultRow>(
    `UPDATE results SET status = $3, difference = $4::text::jsonb, covered_count = $5, covered_hash = $6, covered_seq = $7, checked_at = now()
      WHERE station_id = $1 AND signed_hash = $2
      RETURNING ${RESULT_COLUMNS}`,
    [stationId, signedHash, newer ? 'pending' : check.status, JSON.stringify(check.difference), check.coverage.count, check.coverage.hash, check.coverage.seq],
  );
  return rows[0]!;
}

const sameCheck = (row: ResultRow, check: Check) =>
  check.status === row.status && canonicalJson(check.difference) === canonicalJson(row.difference) && row.covered_hash === check.coverage.hash && row.covered_count === check.coverage.count;

/**
 * Accept a signed result from station `fromStation` (the authenticated station, or the
 * station of a verified bundle).
 */
export async function acceptResult(
  db: Db,
  fromStation: string,
  raw: unknown,
  source: 'sync' | 'bundle' = 'sync',
  policy: ResultPolicy = REAL_RESULTS_ONLY,
): Promise<AcceptOutcome> {
  const parsed = parseWithSchema(signedResultSchema, raw, FORMAT.signedResult);
  if (!parsed.ok) return { ok: false, status: 400, issues: parsed.issues };
  const signed = parsed.value;
  if (isDemoResult(signed) && !policy.acceptDemo) return { ok: false, status: 403, issues: [issue('results.demoRefused', ['demo'])] };
  if (signed.station !== fromStation) return { ok: false, status: 403, issues: [issue('sync.forbidden', ['station'], { station: signed.station })] };
  const station = await findStation(db, fromStation);
  if (!station) return { ok: false, status: 401, issues: [issue('sync.unenrolled', ['station'], { station: fromStation })] };
  const election = await electionOf(db, station.electionHash);
  if (!election) return { ok: false, status: 409, issues: [issue('sync.noElection', ['station'], { station: fromStation })] };
  const problems = verifySignedResult(signed, { stationKey: station.publicKey, election });
  if (problems.length > 0) return { ok: false, status: 422, issues: problems };

  const signedHash = sha256Hex(canonicalJson(signed));
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`results\u0001${fromStation}`]);
    const same = await selectResults(tx, 'station_id = $1 AND signed_hash = $2', [fromStation, signedHash]);
    const existing = same[0];
    if (existing) {
      if (existing.status === 'conflicting') return roundAlreadySigned(tx, fromStation, signed.result.round);
      const check = await checkAgainstRecount(tx, signed, election);
      if (!sameCheck(existing, check)) {
        const updated = await storeCheck(tx, fromStation, signedHash, check);
        await tx.notify({ kind: 'result', station: fromStation, round: signed.result.round });
        return { ok: true, created: false, result: toStored(updated) };
      }
      return { ok: true, created: false, result: toStored(existing) };
    }
    const accepted = (await selectResults(tx, `station_id = $1 AND round = $2 AND status <> 'conflicting'`, [fromStation, signed.result.round]))[0];
    const check: { status: ResultStatus; difference: string[] | null; coverage?: Coverage } = accepted
      ? {
          status: 'conflicting' as const,
          difference: [
            `本站第 ${signed.result.round} 轮已有结果（${accepted.received_at.toISOString()}）；此结果与之不同，未被采用 / round ${signed.result.round} already has an accepted result; this different one is not used`,
            ...jsonDifferences(signed, accepted.signed, 10).map((line) => `${line}（此结果 ≠ 已采用 / this ≠ accepted）`),
          ],
        }
      : await checkAgainstRecount(tx, signed, election);
    const rows = await tx.query<ResultRow>(
      `INSERT INTO results (station_id, round, signed, signed_hash, status, difference, source)
       VALUES ($1, $2, $3::text::jsonb, $4, $5, $6::text::jsonb, $7)
       RETURNING ${RESULT_COLUMNS}`,
      [fromStation, signed.result.round, JSON.stringify(signed), signedHash, check.coverage ? 'pending' : check.status, JSON.stringify(check.difference), source],
    );
    // A checked result is stored with the records its check covered.
    const stored = check.coverage ? await storeCheck(tx, fromStation, signedHash, check as Check) : rows[0]!;
    await tx.notify({ kind: 'result', station: fromStation, round: signed.result.round });
    // A second, different result of the round: kept as an anomaly (the dashboard shows it), refused to the sender.
    if (accepted) return roundAlreadySigned(tx, fromStation, signed.result.round);
    return { ok: true, created: true, result: toStored(stored) };
  });
}

/**
 * The refusal of a second, different signed result for a round that has one (each round's result
 * is signed once at the station, issue 18; records only move forward, issue 14): 409, naming the round and when
 * the one kept arrived.
 */
async function roundAlreadySigned(db: Queryable, station: string, round: number): Promise<AcceptOutcome> {
  const accepted = (await selectResults(db, `station_id = $1 AND round = $2 AND status <> 'conflicting'`, [station, round]))[0];
  return { ok: false, status: 409, issues: [issue('results.roundAlreadySigned', ['result', 'round'], { round, receivedAt: accepted?.received_at.toISOString() ?? '—' })] };
}

async function selectResults(db: Queryable, where: string, params: readonly unknown[]): Promise<ResultRow[]> {
  return db.query<ResultRow>(`SELECT ${RESULT_COLUMNS} FROM results WHERE ${where} ORDER BY rid`, params);
}

/**
 * Recount every `pending` result of the station (its records changed since the last check) and
 * store each check with the records it covered. Returns how many are still pending (written
 * to again meanwhile: the caller runs it again).
 */
export async function recheckStation(db: Db, stationId: string): Promise<number> {
  const waiting = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM results WHERE station_id = $1 AND status = 'pending'`, [stationId]);
  if (Number(waiting[0]?.n ?? 0) === 0) return 0;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`results\u0001${stationId}`]);
    const station = await findStation(tx, stationId);
    const election = station ? await electionOf(tx, station.electionHash) : null;
    if (!election) return 0;
    let stillPending = 0;
    for (const row of await selectResults(tx, `station_id = $1 AND status = 'pending'`, [stationId])) {
      const stored = await storeCheck(tx, stationId, row.signed_hash, await checkAgainstRecount(tx, row.signed, election));
      if (stored.status === 'pending') stillPending++;
      await tx.notify({ kind: 'result', station: stationId, round: row.round });
    }
    return stillPending;
  });
}

/** Stations with a result waiting for its recount. */
export async function stationsPending(db: Queryable): Promise<string[]> {
  return (await db.query<{ station_id: string }>(`SELECT DISTINCT station_id FROM results WHERE status = 'pending' ORDER BY 1`)).map((row) => row.station_id);
}

/** Every stored result (accepted and conflicting), oldest first. */
export async function listResults(db: Queryable): Promise<(StoredResult & { signed: SignedResult })[]> {
  return (await selectResults(db, 'true', [])).map((row) => ({ ...toStored(row), signed: row.signed }));
}
