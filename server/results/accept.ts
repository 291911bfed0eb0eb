/**
 * `POST /sync/v1/result` and the results of a bundle: verify the SignedResult (schema, the
 * enrolled key, the signature, the election hash), recount the station's synced ballots, and
 * store it as `verified` or `disagrees` (with the difference). One accepted result per station
 * and round; a second, different one is stored as `conflicting` and never replaces the first.
 * Posting the same signed result again stores nothing new but re-runs the recount (so a result
 * posted before its last ballots arrived is verified once they have).
 */
import { canonicalJson } from '../../shared/crypto/canonical';
import { ballotsHash } from '../../shared/crypto/hash';
import { verifySignedResult } from '../../shared/crypto/signed';
import { describeIssueBilingual, issue, type ValidationIssue } from '../../shared/election/issues';
import { parseWithSchema } from '../../shared/election/parse';
import { isDemoResult } from '../../shared/election/demo';
import { FORMAT, signedResultSchema, type SignedResult } from '../../shared/election/schemas';
import type { Db, Queryable, Tx } from '../db/types';
import { electionOf, findStation } from '../stations';
import { sha256Hex } from '../../shared/crypto/hash';
import { jsonDifferences } from './differences';
import { recountRound, type CountRecordDoc } from './recount';

export type ResultStatus = 'verified' | 'disagrees' | 'conflicting';

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
}

const toStored = (row: ResultRow): StoredResult => ({
  station: row.station_id,
  round: row.round,
  status: row.status,
  difference: row.difference,
  signedHash: row.signed_hash,
  receivedAt: row.received_at.toISOString(),
  source: row.source,
});

async function stationDocs(db: Queryable, stationId: string, collection: 'ballots' | 'countRecords'): Promise<Record<string, unknown>[]> {
  const rows = await db.query<{ data: Record<string, unknown> }>(
    'SELECT data FROM documents WHERE station_id = $1 AND collection = $2 AND NOT deleted',
    [stationId, collection],
  );
  return rows.map((row) => row.data);
}

/** The status of `signed` against a recount of the synced records: null difference when it holds. */
export async function checkAgainstRecount(db: Queryable, signed: SignedResult, election: Parameters<typeof recountRound>[0]): Promise<{ status: 'verified' | 'disagrees'; difference: string[] | null }> {
  const ballots = await stationDocs(db, signed.station, 'ballots');
  const records = (await stationDocs(db, signed.station, 'countRecords')) as unknown as CountRecordDoc[];
  const recount = recountRound(election, ballots, records.filter((doc) => typeof doc.id === 'string'), signed.result.round);
  if (!recount.ok) {
    const lines = recount.missing
      ? [`尚未收到 ${recount.missing}，无法重新计票 / ${recount.missing} not synced yet: no recount possible`]
      : recount.issues.map(describeIssueBilingual);
    return { status: 'disagrees', difference: [`重新计票失败 / the recount failed (${ballots.length} ballot records synced)`, ...lines] };
  }
  const lines: string[] = [];
  if (canonicalJson(recount.result) !== canonicalJson(signed.result)) {
    lines.push(...jsonDifferences(signed.result, JSON.parse(canonicalJson(recount.result)) as unknown).map((line) => `result.${line}（上报 ≠ 重新计票 / reported ≠ recount）`));
  }
  if (ballotsHash(recount.ballots) !== signed.ballotsHash) {
    lines.push(`ballotsHash：签名结果与同步的 ${recount.ballots.length} 张选票记录不对应 / the signed ballotsHash does not match the ${recount.ballots.length} synced ballot records`);
  }
  return lines.length === 0 ? { status: 'verified', difference: null } : { status: 'disagrees', difference: lines };
}

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
      if (existing.status === 'conflicting') return { ok: true, created: false, result: toStored(existing) };
      const check = await checkAgainstRecount(tx, signed, election);
      if (check.status !== existing.status || canonicalJson(check.difference) !== canonicalJson(existing.difference)) {
        const updated = await updateStatus(tx, fromStation, signedHash, check);
        await tx.notify({ kind: 'result', station: fromStation, round: signed.result.round });
        return { ok: true, created: false, result: toStored(updated) };
      }
      return { ok: true, created: false, result: toStored(existing) };
    }
    const accepted = (await selectResults(tx, `station_id = $1 AND round = $2 AND status <> 'conflicting'`, [fromStation, signed.result.round]))[0];
    const check = accepted
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
       RETURNING station_id, round, status, difference, signed_hash, received_at, source, signed`,
      [fromStation, signed.result.round, JSON.stringify(signed), signedHash, check.status, JSON.stringify(check.difference), source],
    );
    await tx.notify({ kind: 'result', station: fromStation, round: signed.result.round });
    return { ok: true, created: true, result: toStored(rows[0]!) };
  });
}

async function selectResults(db: Queryable, where: string, params: readonly unknown[]): Promise<ResultRow[]> {
  return db.query<ResultRow>(
    `SELECT station_id, round, status, difference, signed_hash, received_at, source, signed FROM results WHERE ${where} ORDER BY rid`,
    params,
  );
}

async function updateStatus(tx: Tx, stationId: string, signedHash: string, check: { status: ResultStatus; difference: string[] | null }): Promise<ResultRow> {
  const rows = await tx.query<ResultRow>(
    `UPDATE results SET status = $3, difference = $4::text::jsonb, checked_at = now()
      WHERE station_id = $1 AND signed_hash = $2
      RETURNING station_id, round, status, difference, signed_hash, received_at, source, signed`,
    [stationId, signedHash, check.status, JSON.stringify(check.difference)],
  );
  return rows[0]!;
}

/** Every stored result (accepted and conflicting), oldest first. */
export async function listResults(db: Queryable): Promise<(StoredResult & { signed: SignedResult })[]> {
  return (await selectResults(db, 'true', [])).map((row) => ({ ...toStored(row), signed: row.signed }));
}
