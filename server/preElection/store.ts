/**
 * What every pre-election service shares: the community looked up (or a 404), refusals as
 * HttpError (the API answers them as they are; the CLI prints their bilingual lines), the audit
 * entry written in the same transaction as the change, and the row → record mappers.
 */
import { issue, type IssueCode, type IssueParams, type ValidationIssue } from '../../shared/election/issues';
import { readIdNumber } from '../../shared/rules/preElection/idNumber';
import type { Queryable } from '../db/types';
import { HttpError } from '../http/io';
import type { AuditEntry, Community, Publication, RollEntry } from './types';

/** The actor when a request names none. */
export const DEFAULT_ACTOR = '区民政办 / district office';

export function refuse(status: number, code: IssueCode, params?: IssueParams, path: readonly (string | number)[] = []): never {
  throw new HttpError(status, [issue(code, path, params)]);
}

export function refuseAll(status: number, issues: readonly ValidationIssue[]): never {
  throw new HttpError(status, issues);
}

export async function audit(tx: Queryable, entry: { communityId: string | null; by: string | undefined; action: string; subject: string; detail: unknown }): Promise<void> {
  await tx.query('INSERT INTO pre_audit (community_id, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5::text::jsonb)', [
    entry.communityId,
    entry.by?.trim() || DEFAULT_ACTOR,
    entry.action,
    entry.subject,
    JSON.stringify(entry.detail ?? null),
  ]);
}

export const actor = (by: string | undefined): string => by?.trim() || DEFAULT_ACTOR;

export async function findCommunity(db: Queryable, id: string): Promise<Community | null> {
  const rows = await db.query<{ data: Omit<Community, 'createdAt'>; created_at: Date }>('SELECT data, created_at FROM pre_communities WHERE id = $1', [id]);
  const row = rows[0];
  return row ? { ...row.data, id, createdAt: row.created_at.toISOString() } : null;
}

export async function requireCommunity(db: Queryable, id: string): Promise<Community> {
  return (await findCommunity(db, id)) ?? refuse(404, 'preElection.unknownCommunity', { community: id });
}

export async function findPublication(db: Queryable, communityId: string): Promise<Publication | null> {
  const rows = await db.query<{ published_on: string; published_by: string; registered: number; recorded_at: Date }>(
    'SELECT published_on, published_by, registered, recorded_at FROM pre_publications WHERE community_id = $1',
    [communityId],
  );
  const row = rows[0];
  return row ? { communityId, publishedOn: row.published_on, by: row.published_by, registered: row.registered, recordedAt: row.recorded_at.toISOString() } : null;
}

/** Refuse a direct change of a published roll: it changes only through decided objections. */
export async function refuseIfPublished(db: Queryable, community: Community): Promise<void> {
  const publication = await findPublication(db, community.id);
  if (publication) refuse(409, 'preElection.rollPublished', { community: community.name, date: publication.publishedOn });
}

/** The voter id of a roll row in the package. */
export const entryId = (rid: number | string): string => `v-${rid}`;

/** `v-123` → 123, or null. */
export function entryRid(id: string): number | null {
  const match = /^v-(\d{1,15})$/.exec(id);
  return match ? Number(match[1]) : null;
}

export interface RollRowDb {
  rid: number | string;
  community_id: string;
  id_number: string;
  name: string;
  gender: 'F' | 'M';
  birth_date: string;
  address: string;
  grp: string;
  household: string;
  category: RollEntry['category'];
  evidence: string;
  status: RollEntry['status'];
  struck_reason: string | null;
  source_row: number | null;
}

export const ROLL_ROW_COLUMNS = 'rid, community_id, id_number, name, gender, birth_date, address, grp, household, category, evidence, status, struck_reason, source_row';

export function rollEntryOf(row: RollRowDb): RollEntry {
  return {
    id: entryId(row.rid),
    communityId: row.community_id,
    idNumber: row.id_number,
    name: row.name,
    gender: row.gender,
    birthDate: row.birth_date,
    address: row.address,
    group: row.grp,
    household: row.household,
    category: row.category,
    evidence: row.evidence,
    status: row.status,
    struckReason: row.struck_reason,
    sourceRow: row.source_row,
  };
}

/** An ID number given in a request, read or refused (422, the reason zh/en). */
export function requireIdNumber(written: string, path: readonly (string | number)[] = ['idNumber']): { idNumber: string; birthDate: string; gender: 'F' | 'M' } {
  const reading = readIdNumber(written);
  if (reading.ok) return reading;
  const code = ({ length: 'preElection.idLength', characters: 'preElection.idCharacters', birthDate: 'preElection.idBirthDate', checkDigit: 'preElection.idCheckDigit' } as const)[reading.problem];
  return refuse(422, code, { value: written, ...(reading.expected === undefined ? {} : { expected: reading.expected }) }, path);
}

/** The audit log, oldest first: one community's entries (with the district-wide ones about it), or all. */
export async function listAudit(db: Queryable, communityId: string | null, options: { after?: number; limit?: number } = {}): Promise<AuditEntry[]> {
  const limit = Math.min(Math.max(options.limit ?? 500, 1), 5000);
  const rows = await db.query<{ seq: number | string; at: Date; community_id: string | null; actor: string; action: string; subject: string; detail: unknown }>(
    `SELECT seq, at, community_id, actor, action, subject, detail FROM pre_audit
     WHERE seq > $1 AND ($2::text IS NULL OR community_id = $2)
     ORDER BY seq LIMIT ${limit}`,
    [options.after ?? 0, communityId],
  );
  return rows.map((row) => ({ seq: Number(row.seq), at: row.at.toISOString(), communityId: row.community_id, by: row.actor, action: row.action, subject: row.subject, detail: row.detail }));
}
