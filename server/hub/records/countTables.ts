/**
 * `POST /hub/v1/count-table` (CountTableClaim): a count desk takes its count table and entry of a
 * round at the hub before it enters a ballot there (分组计票, shared/station/countTables.ts). Two
 * machines at one table and entry would number the same papers (`R1-A-100001-1` twice): the hub
 * is the gate. A compare-and-set behind the station's lock: the first desk to take it holds it
 * for the round (the same desk taking it again — a reload, a restart — is answered ok); another
 * desk is refused with `hub.tableClaimed` naming the holder, its clerk and the time. `take:
 * false` only asks (the entry screen, on opening). Table 0 is the lead's and is not taken.
 * A table whose holder the lead has revoked (its laptop failed) is free again: the next desk
 * takes it over and goes on from the table's last place the hub holds.
 */
import type { CountTableClaim, CountTableHeld, DeskRole } from '../../../shared/hub/protocol';
import { isCountTable, MAX_TABLE } from '../../../shared/station/countTables';
import type { Db } from '../../db/types';
import { HttpError } from '../../http/io';
import { lockStationRecords } from './lock';

export interface ClaimingDesk {
  readonly id: string;
  readonly name: string;
  readonly role: DeskRole;
}

/** The claim, or why it is not one. */
function readTableClaim(body: unknown): CountTableClaim {
  const o = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const bad = (detail: string) => HttpError.of(400, 'sync.badRequest', { detail: `count table claim: ${detail}` });
  if (!Number.isSafeInteger(o['round']) || (o['round'] as number) < 1) throw bad('round must be a whole number ≥ 1');
  if (!isCountTable(o['table'])) throw bad(`table must be a whole number 0…${MAX_TABLE}`);
  if (o['entry'] !== 'A' && o['entry'] !== 'B') throw bad('entry must be A or B');
  if (typeof o['clerk'] !== 'string' || o['clerk'].length > 200) throw bad('clerk must be text');
  if (typeof o['take'] !== 'boolean') throw bad('take must be true or false');
  return { round: o['round'] as number, table: o['table'], entry: o['entry'], clerk: o['clerk'], take: o['take'] };
}

interface HolderRow {
  desk_id: string;
  revoked: boolean;
  desk_name: string;
  clerk: string;
  claimed_at: Date | string;
}

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

export async function claimCountTable(db: Db, stationId: string, desk: ClaimingDesk, body: unknown, now: Date): Promise<CountTableHeld> {
  const claim = readTableClaim(body);
  if (desk.role === 'checkin') throw HttpError.of(403, 'hub.checkinDeskNoBallots', { collection: 'ballots' });
  if (claim.table === 0) {
    if (desk.role === 'lead') return { held: true };
    throw HttpError.of(409, 'hub.tableOfLead');
  }
  return db.transaction(async (tx) => {
    await lockStationRecords(tx, stationId);
    const key = [stationId, claim.round, claim.table, claim.entry];
    const [holder] = await tx.query<HolderRow>(
      `SELECT t.desk_id, t.desk_name, t.clerk, t.claimed_at, (d.revoked_at IS NOT NULL) AS revoked
         FROM hub_count_tables t LEFT JOIN hub_desks d ON d.id = t.desk_id
        WHERE t.station_id = $1 AND t.round = $2 AND t.table_no = $3 AND t.entry = $4`,
      key,
    );
    if (holder && !holder.revoked) {
      if (holder.desk_id === desk.id) return { held: true };
      throw HttpError.of(409, 'hub.tableClaimed', { round: claim.round, table: claim.table, entry: claim.entry, desk: holder.desk_name, deskId: holder.desk_id, clerk: holder.clerk, at: iso(holder.claimed_at) });
    }
    if (!claim.take) return { held: false };
    // New, or taken over from a revoked desk (the row keeps one holder: the one entering now).
    await tx.query(
      `INSERT INTO hub_count_tables (station_id, round, table_no, entry, desk_id, desk_name, clerk, claimed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (station_id, round, table_no, entry) DO UPDATE SET desk_id = EXCLUDED.desk_id, desk_name = EXCLUDED.desk_name, clerk = EXCLUDED.clerk, claimed_at = EXCLUDED.claimed_at`,
      [...key, desk.id, desk.name, claim.clerk, now.toISOString()],
    );
    return { held: true };
  });
}
