/**
 * Nominations (提名): joint (联名, with signatures) or self (自荐), per position. Every nomination
 * is stored and listed with its flags, computed from the current records at each read
 * (shared/rules/preElection/nominationFlags.ts) — never silently dropped. The checklist the
 * office confirms per nominee is part of the flags until every item is confirmed.
 */
import { isEligible, nominationFlags } from '../../shared/rules/preElection/nominationFlags';
import type { Db, Queryable } from '../db/types';
import { sittingMembers } from './committee';
import { checklistSchema, nominationSchema, readInput, withdrawSchema } from './input';
import { actor, audit, entryId, refuse, requireCommunity, requireIdNumber } from './store';
import type { ChecklistConfirmation, Community, Nomination } from './types';

interface NominationRow {
  id: number | string;
  community_id: string;
  position_id: string;
  id_number: string;
  name: string;
  gender: 'F' | 'M';
  birth_date: string;
  kind: Nomination['kind'];
  signatures: number | null;
  nominated_on: string;
  status: Nomination['status'];
}

export const nominationId = (id: number | string): string => `n-${id}`;

export function nominationNumber(id: string): number {
  const match = /^n-(\d{1,15})$/.exec(id);
  return match ? Number(match[1]) : -1;
}

/** Every nomination of the community with its flags, in the order made. */
export async function listNominations(db: Queryable, community: Community): Promise<Nomination[]> {
  const rows = await db.query<NominationRow>('SELECT * FROM pre_nominations WHERE community_id = $1 ORDER BY id', [community.id]);
  const checks = await db.query<{ nomination_id: number | string; item_id: string; confirmed: boolean; confirmed_by: string; note: string; at: Date }>(
    'SELECT c.* FROM pre_checklist c JOIN pre_nominations n ON n.id = c.nomination_id WHERE n.community_id = $1 ORDER BY c.nomination_id, c.item_id',
    [community.id],
  );
  const checklistOf = new Map<string, ChecklistConfirmation[]>();
  for (const check of checks) {
    const key = nominationId(check.nomination_id);
    const list = checklistOf.get(key) ?? [];
    list.push({ itemId: check.item_id, confirmed: check.confirmed, by: check.confirmed_by, note: check.note, at: check.at.toISOString() });
    checklistOf.set(key, list);
  }
  const idNumbers = [...new Set(rows.map((row) => row.id_number))];
  const entries = await db.query<{ id_number: string; rid: number | string; household: string }>(
    `SELECT id_number, rid, household FROM pre_roll WHERE community_id = $1 AND status = 'registered' AND id_number = ANY($2::text[])`,
    [community.id, idNumbers],
  );
  const entryOf = new Map(entries.map((entry) => [entry.id_number, entry]));
  const sitting = await sittingMembers(db, community.id);
  const flags = nominationFlags(
    rows.map((row) => ({
      id: nominationId(row.id),
      positionId: row.position_id,
      idNumber: row.id_number,
      name: row.name,
      birthDate: row.birth_date,
      kind: row.kind,
      signatures: row.signatures,
      active: row.status === 'active',
      confirmedItems: new Set((checklistOf.get(nominationId(row.id)) ?? []).filter((check) => check.confirmed).map((check) => check.itemId)),
    })),
    { electionDate: community.electionDate, profile: community.profile, rollEntry: (idNumber) => entryOf.get(idNumber), sittingMember: (idNumber) => sitting.get(idNumber) },
  );
  return rows.map((row) => {
    const id = nominationId(row.id);
    const entry = entryOf.get(row.id_number);
    const own = flags.get(id) ?? [];
    return {
      id,
      communityId: row.community_id,
      positionId: row.position_id,
      idNumber: row.id_number,
      name: row.name,
      gender: row.gender,
      birthDate: row.birth_date,
      kind: row.kind,
      signatures: row.signatures,
      nominatedOn: row.nominated_on,
      status: row.status,
      entryId: entry ? entryId(entry.rid) : null,
      household: entry?.household ?? null,
      checklist: checklistOf.get(id) ?? [],
      flags: own,
      eligible: row.status === 'active' && isEligible(own),
    };
  });
}

export async function requireNomination(db: Queryable, community: Community, id: string): Promise<Nomination> {
  return (await listNominations(db, community)).find((nomination) => nomination.id === id) ?? refuse(404, 'preElection.unknownNomination', { nomination: id });
}

async function refuseIfFormalList(db: Queryable, communityId: string): Promise<void> {
  const rows = await db.query<{ published_on: string }>(`SELECT data->>'publishedOn' AS published_on FROM pre_formal_lists WHERE community_id = $1`, [communityId]);
  if (rows[0]) refuse(409, 'preElection.formalListPublished', { date: rows[0].published_on });
}

export async function addNomination(db: Db, communityId: string, raw: unknown): Promise<Nomination> {
  const input = readInput(nominationSchema, raw);
  const id = requireIdNumber(input.idNumber);
  if (input.kind === 'self' && input.signatures !== undefined) refuse(422, 'preElection.signaturesForSelf', undefined, ['signatures']);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pre:${communityId}`]);
    const community = await requireCommunity(tx, communityId);
    if (!community.positions.some((position) => position.id === input.positionId)) refuse(422, 'preElection.unknownPosition', { position: input.positionId }, ['positionId']);
    await refuseIfFormalList(tx, communityId);
    const [row] = await tx.query<{ id: number | string }>(
      `INSERT INTO pre_nominations (community_id, position_id, id_number, name, gender, birth_date, kind, signatures, nominated_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [communityId, input.positionId, id.idNumber, input.name, id.gender, id.birthDate, input.kind, input.kind === 'joint' ? (input.signatures ?? 0) : null, input.nominatedOn],
    );
    const nomination = await requireNomination(tx, community, nominationId(row!.id));
    await audit(tx, { communityId, by: input.by, action: 'nomination.add', subject: nomination.id, detail: { ...nomination, checklist: undefined } });
    return nomination;
  });
}

export async function confirmChecklist(db: Db, communityId: string, id: string, raw: unknown): Promise<Nomination> {
  const input = readInput(checklistSchema, raw);
  return db.transaction(async (tx) => {
    const community = await requireCommunity(tx, communityId);
    const nomination = await requireNomination(tx, community, id);
    if (!community.profile.checklist.some((item) => item.id === input.itemId)) refuse(422, 'preElection.unknownChecklistItem', { item: input.itemId }, ['itemId']);
    await refuseIfFormalList(tx, communityId);
    await tx.query(
      `INSERT INTO pre_checklist (nomination_id, item_id, confirmed, confirmed_by, note) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (nomination_id, item_id) DO UPDATE SET confirmed = EXCLUDED.confirmed, confirmed_by = EXCLUDED.confirmed_by, note = EXCLUDED.note, at = now()`,
      [nominationNumber(nomination.id), input.itemId, input.confirmed, actor(input.by), input.note ?? ''],
    );
    await audit(tx, { communityId, by: input.by, action: 'nomination.checklist', subject: nomination.id, detail: { itemId: input.itemId, confirmed: input.confirmed, note: input.note ?? '' } });
    return requireNomination(tx, community, id);
  });
}

export async function withdrawNomination(db: Db, communityId: string, id: string, raw: unknown): Promise<Nomination> {
  const input = readInput(withdrawSchema, raw);
  return db.transaction(async (tx) => {
    const community = await requireCommunity(tx, communityId);
    const nomination = await requireNomination(tx, community, id);
    if (nomination.status === 'withdrawn') refuse(409, 'preElection.nominationWithdrawn');
    await refuseIfFormalList(tx, communityId);
    await tx.query(`UPDATE pre_nominations SET status = 'withdrawn' WHERE id = $1`, [nominationNumber(id)]);
    await audit(tx, { communityId, by: input.by, action: 'nomination.withdraw', subject: id, detail: { reason: input.reason ?? '' } });
    return requireNomination(tx, community, id);
  });
}
