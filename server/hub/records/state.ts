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
import type { Doc, WireDoc } from '../../sync/documents';

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

/** The round's ballot account as the desk computes it (shared/rules), from every desk's records at the hub; null without a setup. */
export async function accountOf(q: Queryable, stationId: string, round: number): Promise<(BallotAccount & { readonly checkins: CheckinRecord[] }) | null> {
  const setup = await storedDoc(q, stationId, 'setup', SETUP_ID);
  if (!setup || setup.deleted) return null;
  const [checkins, spoiled, trips] = await Promise.all([
    issuedCheckins(q, stationId, round),
    roundDocs(q, stationId, 'spoiled', round),
    roundDocs<MobileTripRecord>(q, stationId, 'trips', round),
  ]);
  const servedByTrip = new Map<string, number>();
  for (const checkin of checkins) if (checkin.tripId !== undefined) servedByTrip.set(checkin.tripId, (servedByTrip.get(checkin.tripId) ?? 0) + 1);
  const stock = stockOfRound(setup.data as unknown as { ballotStock: number; runoffBallotStocks?: number[] }, round);
  return { ...ballotAccount({ stock, issued: checkins.length, spoiled: spoiled.length, trips: trips.filter((trip) => trip.status === 'out'), servedByTrip }), checkins };
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
