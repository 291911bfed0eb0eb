/**
 * One writer at a time of a station's records at the hub: a check-in claim, a push and the
 * anomalies it reveals, a resolution. Taken before the district's own per-collection lock
 * (server/sync/documents.ts), always in that order.
 */
import type { Queryable } from '../../db/types';

export async function lockStationRecords(tx: Queryable, stationId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`hub\u0001records\u0001${stationId}`]);
}
