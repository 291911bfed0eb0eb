/**
 * `GET /hub/v1/heads` (HubHeads): each collection's highest sequence number under the station
 * (a pull's checkpoint moves along the same numbers), one backward step of the pull index per
 * collection — what a desk asks every few hundred milliseconds instead of pulling everything.
 */
import type { HubHeads } from '../../../shared/hub/protocol';
import type { Queryable } from '../../db/types';
import { COLLECTIONS } from '../../sync/collections';
import { textArrayLiteral } from '../../sync/documents';

export async function collectionHeads(db: Queryable, stationId: string): Promise<HubHeads> {
  const rows = await db.query<{ collection: string; head: number | string | null }>(
    `SELECT c.name AS collection, (SELECT max(seq) FROM documents d WHERE d.station_id = $1 AND d.collection = c.name) AS head
       FROM unnest($2::text::text[]) AS c(name)`,
    [stationId, textArrayLiteral(COLLECTIONS)],
  );
  return { heads: Object.fromEntries(rows.map((row) => [row.collection, Number(row.head ?? 0)])) };
}
