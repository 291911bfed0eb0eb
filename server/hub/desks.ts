/**
 * The machines paired with the hub (`hub_desks`): the lead itself (desk `lead`, enrolled with
 * the lead's key at every start) and the desks the lead paired. A revoked desk keeps its row.
 */
import { randomBytes } from 'node:crypto';
import type { DeskRole, DeskSummary } from '../../shared/hub/protocol';
import type { Queryable } from '../db/types';

export const LEAD_DESK_ID = 'lead';

export interface DeskRow {
  readonly id: string;
  readonly name: string;
  readonly role: DeskRole;
  readonly publicKey: string;
  readonly pairedAt: string;
  readonly lastContact: string | null;
  readonly revokedAt: string | null;
}

interface DbDesk {
  id: string;
  name: string;
  role: DeskRole;
  public_key: string;
  paired_at: Date | string;
  last_contact: Date | string | null;
  revoked_at: Date | string | null;
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

function toRow(row: DbDesk): DeskRow {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    publicKey: row.public_key,
    pairedAt: iso(row.paired_at),
    lastContact: row.last_contact === null ? null : iso(row.last_contact),
    revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
  };
}

export function deskSummary(row: DeskRow): DeskSummary {
  return { deskId: row.id, deskName: row.name, role: row.role, pairedAt: row.pairedAt, lastContact: row.lastContact, revokedAt: row.revokedAt };
}

/** The lead as a desk, with the lead's current key (a new key replaces the old one). */
export async function enrolLead(db: Queryable, publicKey: string, now: Date): Promise<DeskRow> {
  const rows = await db.query<DbDesk>(
    `INSERT INTO hub_desks (id, name, role, public_key, paired_at) VALUES ($1, '主机', 'lead', $2, $3)
     ON CONFLICT (id) DO UPDATE SET public_key = EXCLUDED.public_key, revoked_at = NULL
     RETURNING *`,
    [LEAD_DESK_ID, publicKey, now.toISOString()],
  );
  return toRow(rows[0]!);
}

export async function findDesk(db: Queryable, id: string): Promise<DeskRow | null> {
  const rows = await db.query<DbDesk>('SELECT * FROM hub_desks WHERE id = $1', [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Every desk, the lead first, then in the order they were paired. */
export async function listDesks(db: Queryable): Promise<DeskRow[]> {
  const rows = await db.query<DbDesk>(`SELECT * FROM hub_desks ORDER BY (role = 'lead') DESC, paired_at, id`);
  return rows.map(toRow);
}

/**
 * A paired desk, or the same desk again when its key was paired before (a desk that lost the
 * hub's answer pairs again with a new code): its name and role are the new ones. Null when the
 * key is the lead's or a revoked desk's.
 */
export async function pairDesk(db: Queryable, desk: { readonly name: string; readonly role: Exclude<DeskRole, 'lead'>; readonly publicKey: string }, now: Date): Promise<DeskRow | null> {
  const rows = await db.query<DbDesk>(
    `INSERT INTO hub_desks (id, name, role, public_key, paired_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (public_key) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role
       WHERE hub_desks.role <> 'lead' AND hub_desks.revoked_at IS NULL
     RETURNING *`,
    [`desk-${randomBytes(6).toString('hex')}`, desk.name, desk.role, desk.publicKey, now.toISOString()],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/** Revoke a desk (never the lead); false when there is no such desk. Revoking twice keeps the first time. */
export async function revokeDesk(db: Queryable, id: string, now: Date): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `UPDATE hub_desks SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 AND role <> 'lead' RETURNING id`,
    [id, now.toISOString()],
  );
  return rows.length > 0;
}
