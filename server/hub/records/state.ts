/**
 * What the hub knows of the station's day, read from its stored documents (the district's
 * `documents` table, the station's namespace): one document, the polls, the close of a round,
 * the ballot account of a round, a holder's proxies. Every read takes the caller's transaction.
 */
import { ballotAccount, type BallotAccount } from '../../../shared/rules/polling';
import { stockOfRound } from '../../../shared/rules/ballotStock';
import { POLLING_DAY_ID, SETUP_ID } from '../../../shared/station/recordIds';
import type { CheckinRecord, MobileTripRecord } from '../../../shared/station/records';
import type { Queryable } from '../../db/types';
import type { CollectionName } from '../../sync/collections';
import { textArrayLiteral, type Doc, type WireDoc } from '../../sync/documents';

export interface StoredDoc {
  readonly data: Doc;
  readonly deleted: boolean;
  readonly rev: number | null;
}

export async function storedDoc(q: Queryable, stationId: string, collection: CollectionName, id: string): Promise<StoredDoc | null> {
  const rows = await q.query<{ data: Doc; deleted: boolean; rev: number | null }>(
    'SELECT data, deleted, rev FROM documents WHERE station_id = $1 AND collection = $2 AND id = $3',
    [stationId, collection, id],
  );
  const row = rows[0];
  return row ? { data: row.data, deleted: row.deleted, rev: row.rev === null ? null : Number(row.rev) } : null;
}

/** A stored document as a push's assumed state names it. */
export const wireOf = (stored: StoredDoc): WireDoc => ({ ...stored.data, _deleted: stored.deleted });

/** The stored (not deleted) documents of a collection in one round. */
export async function roundDocs<T>(q: Queryable, stationId: string, collection: CollectionName, round: number): Promise<T[]> {
  const rows = await q.query<{ data: T }>(
    `SELECT data FROM documents WHERE station_id = $1 AND collection = $2 AND NOT deleted AND data->>'round' = $3 ORDER BY seq`,
    [stationId, collection, String(round)],
  );
  return rows.map((row) => row.data);
}

export async function issuedCheckins(q: Queryable, stationId: string, round: number): Promise<CheckinRecord[]> {
  return (await roundDocs<CheckinRecord>(q, stationId, 'checkins', round)).filter((checkin) => checkin.status === 'issued');
}

/** The polls as the lead's `machine` document (`polling-day`) has them; null before the lead pushed it. */
export interface Polls {
  readonly open: boolean;
  readonly round: number;
}

export async function pollsOf(q: Queryable, stationId: string): Promise<Polls | null> {
  const machine = await storedDoc(q, stationId, 'machine', POLLING_DAY_ID);
  if (!machine || machine.deleted) return null;
  const snapshot = machine.data['snapshot'] as { value?: unknown; context?: { round?: unknown } } | undefined;
  const value = snapshot?.value;
  const open = typeof value === 'object' && value !== null && (value as Record<string, unknown>)['polling'] === 'open';
  const round = typeof snapshot?.context?.round === 'number' ? snapshot.context.round : 1;
  return { open, round };
}

/**
 * When the lead closed the polls of `round` (宣布投票结束), or null while they are not closed:
 * the `machine` state whose transition was `polls.closed` (current or kept in the document's
 * history), else the round-th `polls.closed` event of the audit log (each round closes once).
 */
export async function pollsClosedAt(q: Queryable, stationId: string, round: number): Promise<string | null> {
  const fromMachine = await q.query<{ at: string }>(
    `SELECT data->'audit'->>'at' AS at FROM (
         SELECT data FROM documents WHERE station_id = $1 AND collection = 'machine' AND id = $2
         UNION ALL
         SELECT data FROM document_history WHERE station_id = $1 AND collection = 'machine' AND id = $2
       ) AS states
      WHERE data->'audit'->>'type' = 'polls.closed' AND data->'snapshot'->'context'->>'round' = $3
      ORDER BY data->'audit'->>'at' LIMIT 1`,
    [stationId, POLLING_DAY_ID, String(round)],
  );
  if (fromMachine[0]?.at) return fromMachine[0].at;
  const fromAudit = await q.query<{ at: string }>(
    `SELECT data->>'at' AS at FROM documents
      WHERE station_id = $1 AND collection = 'audit' AND data->>'type' = 'polls.closed'
      ORDER BY (data->>'seq')::bigint OFFSET $2 LIMIT 1`,
    [stationId, round - 1],
  );
  return fromAudit[0]?.at ?? null;
}

/**
 * The round's ballot account as the desk computes it (shared/rules `ballotAccount`: issued +
 * spoiled + out with the mobile boxes), over every desk's records at the hub — the issued and
 * spoiled counted as written (`hub_round_counts`, a trigger: a claim must not read the whole
 * round); null without a setup.
 */
export async function accountOf(q: Queryable, stationId: string, round: number): Promise<BallotAccount | null> {
  // One round trip: the setup, the issued and spoiled counts, the trips still out.
  const rows = await q.query<{ setup: Record<string, unknown> | null; issued: number | string; spoiled: number | string; trips: MobileTripRecord[] }>(
    `SELECT s.data AS setup,
       (SELECT coalesce(sum(n), 0) FROM hub_round_counts WHERE station_id = $1 AND collection = 'checkins' AND round = $2) AS issued,
       (SELECT coalesce(sum(n), 0) FROM hub_round_counts WHERE station_id = $1 AND collection = 'spoiled' AND round = $2) AS spoiled,
       (SELECT coalesce(jsonb_agg(data ORDER BY seq), '[]'::jsonb) FROM documents
         WHERE station_id = $1 AND collection = 'trips' AND NOT deleted AND data->>'round' = $2 AND data->>'status' = 'out') AS trips
       FROM (SELECT 1) AS one
       LEFT JOIN documents s ON s.station_id = $1 AND s.collection = 'setup' AND s.id = $3 AND NOT s.deleted`,
    [stationId, String(round), SETUP_ID],
  );
  const row = rows[0];
  if (!row?.setup) return null;
  const servedByTrip = new Map<string, number>();
  if (row.trips.length > 0) {
    const served = await q.query<{ trip: string; served: number | string }>(
      `SELECT data->>'tripId' AS trip, count(*) AS served FROM documents
        WHERE station_id = $1 AND collection = 'checkins' AND NOT deleted AND data->>'round' = $2 AND data->>'status' = 'issued'
          AND data->>'tripId' = ANY($3::text::text[])
        GROUP BY data->>'tripId'`,
      [stationId, String(round), textArrayLiteral(row.trips.map((trip) => trip.id))],
    );
    for (const found of served) servedByTrip.set(found.trip, Number(found.served));
  }
  const stock = stockOfRound(row.setup as unknown as { ballotStock: number; runoffBallotStocks?: number[] }, round);
  return ballotAccount({ stock, issued: Number(row.issued), spoiled: Number(row.spoiled), trips: row.trips, servedByTrip });
}

/** The round's `count` issued check-ins issued last (by their time), latest last. */
export async function lastIssued(q: Queryable, stationId: string, round: number, count: number): Promise<Doc[]> {
  const rows = await q.query<{ data: Doc }>(
    `SELECT data FROM documents WHERE station_id = $1 AND collection = 'checkins' AND NOT deleted AND data->>'round' = $2 AND data->>'status' = 'issued'
      ORDER BY try_timestamptz(data->>'issuedAt') DESC NULLS LAST, id DESC LIMIT $3`,
    [stationId, String(round), count],
  );
  return rows.map((row) => row.data).reverse();
}

/** The stored states of `ids` (absent ones are not in the map), in one query. */
export async function storedDocs(q: Queryable, stationId: string, collection: CollectionName, ids: readonly string[]): Promise<Map<string, StoredDoc>> {
  const found = new Map<string, StoredDoc>();
  if (ids.length === 0) return found;
  const rows = await q.query<{ id: string; data: Doc; deleted: boolean; rev: number | null }>(
    'SELECT id, data, deleted, rev FROM documents WHERE station_id = $1 AND collection = $2 AND id = ANY($3::text::text[])',
    [stationId, collection, textArrayLiteral([...new Set(ids)])],
  );
  for (const row of rows) found.set(row.id, { data: row.data, deleted: row.deleted, rev: row.rev === null ? null : Number(row.rev) });
  return found;
}

/**
 * The voters whose ballot a holder received (or is recorded to receive) by proxy in a round: the
 * issued proxy check-ins naming the holder and the holder's stored proxy forms (委托书).
 */
export async function proxiesHeldBy(q: Queryable, stationId: string, round: number, holderVoterId: string): Promise<{ entrusting: Set<string>; records: Doc[] }> {
  const checkins = await q.query<{ data: CheckinRecord & Doc }>(
    `SELECT data FROM documents WHERE station_id = $1 AND collection = 'checkins' AND NOT deleted
        AND data->>'round' = $2 AND data->>'status' = 'issued' AND data->>'kind' = 'proxy' AND data->>'holderVoterId' = $3 ORDER BY seq`,
    [stationId, String(round), holderVoterId],
  );
  const proxies = await q.query<{ data: Doc }>(
    `SELECT data FROM documents WHERE station_id = $1 AND collection = 'proxies' AND NOT deleted
        AND data->>'round' = $2 AND data->>'holderVoterId' = $3 ORDER BY seq`,
    [stationId, String(round), holderVoterId],
  );
  const entrusting = new Set<string>();
  for (const row of checkins) entrusting.add(row.data.voterId);
  for (const row of proxies) if (typeof row.data['entrustingVoterId'] === 'string') entrusting.add(row.data['entrustingVoterId']);
  return { entrusting, records: [...checkins.map((row) => row.data), ...proxies.map((row) => row.data)] };
}
