/**
 * Objections to the published roll (异议): filed within N days of publication, decided within K
 * days of filing (profile; L25 17: 5 and 3), with the reason; an upheld objection is the only way a
 * published roll changes (add, strike or correct one entry), in the same transaction as the
 * decision and its audit entry. A decision after its deadline is recorded as it happened and
 * marked late (the record must say what was done, not refuse it).
 */
import { ageOn, VOTING_AGE } from '../../shared/rules/preElection/age';
import { objectionDecideBy, objectionFilingDeadline } from '../../shared/rules/preElection/deadlines';
import type { Db, Queryable, Tx } from '../db/types';
import { objectionDecisionSchema, objectionSchema, readInput } from './input';
import { requireEntry } from './roll';
import { audit, entryId, entryRid, findPublication, refuse, requireCommunity, requireIdNumber, ROLL_ROW_COLUMNS, rollEntryOf, type RollRowDb } from './store';
import type { Community, Objection, RollChange } from './types';

interface ObjectionRow {
  id: number | string;
  community_id: string;
  filed_on: string;
  objector: string;
  subject: Objection['subject'];
  entry_rid: number | string | null;
  statement: string;
  decide_by: string;
  decided_on: string | null;
  decision: Objection['decision'];
  reason: string | null;
  change: RollChange | null;
  decided_late: boolean;
}

const objectionOf = (row: ObjectionRow): Objection => ({
  id: `o-${row.id}`,
  communityId: row.community_id,
  filedOn: row.filed_on,
  objector: row.objector,
  subject: row.subject,
  entryId: row.entry_rid === null ? null : entryId(row.entry_rid),
  statement: row.statement,
  decideBy: row.decide_by,
  decidedOn: row.decided_on,
  decision: row.decision,
  reason: row.reason,
  change: row.change,
  decidedLate: row.decided_late,
});

export async function listObjections(db: Queryable, communityId: string): Promise<Objection[]> {
  await requireCommunity(db, communityId);
  return (await db.query<ObjectionRow>('SELECT * FROM pre_objections WHERE community_id = $1 ORDER BY id', [communityId])).map(objectionOf);
}

export async function fileObjection(db: Db, communityId: string, raw: unknown): Promise<Objection> {
  const input = readInput(objectionSchema, raw);
  return db.transaction(async (tx) => {
    const community = await requireCommunity(tx, communityId);
    const publication = (await findPublication(tx, communityId)) ?? refuse(409, 'preElection.notPublished');
    if (input.filedOn < publication.publishedOn) refuse(422, 'preElection.objectionBeforePublication', { date: input.filedOn, deadline: publication.publishedOn }, ['filedOn']);
    const lastDay = objectionFilingDeadline(publication.publishedOn, community.profile);
    if (input.filedOn > lastDay) refuse(422, 'preElection.objectionTooLate', { date: input.filedOn, deadline: lastDay, days: community.profile.objectionFilingDays }, ['filedOn']);
    const entry = input.entryId ? await requireEntry(tx, communityId, input.entryId) : null;
    const [row] = await tx.query<ObjectionRow>(
      `INSERT INTO pre_objections (community_id, filed_on, objector, subject, entry_rid, statement, decide_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [communityId, input.filedOn, input.objector, input.subject, entry ? entryRid(entry.id) : null, input.statement, objectionDecideBy(input.filedOn, community.profile)],
    );
    const objection = objectionOf(row!);
    await audit(tx, { communityId, by: input.by, action: 'objection.file', subject: objection.id, detail: objection });
    return objection;
  });
}

/** Apply an upheld objection's change to the roll; returns the change as made (with the entry's id). */
async function applyChange(tx: Tx, community: Community, change: RollChange): Promise<{ change: RollChange; before: unknown; after: unknown }> {
  if (change.kind === 'add') {
    const id = requireIdNumber(change.entry.idNumber, ['change', 'entry', 'idNumber']);
    const age = ageOn(id.birthDate, community.electionDate);
    if (age < VOTING_AGE) refuse(422, 'preElection.underAge', { name: change.entry.name, age, date: community.electionDate });
    const existing = await tx.query<RollRowDb>(`SELECT ${ROLL_ROW_COLUMNS} FROM pre_roll WHERE community_id = $1 AND id_number = $2`, [community.id, id.idNumber]);
    const values = [change.entry.name, id.gender, id.birthDate, change.entry.address, change.entry.group, change.entry.household, change.entry.category, change.entry.evidence];
    let row: RollRowDb | undefined;
    if (existing[0]) {
      if (existing[0].status === 'registered') refuse(409, 'preElection.entryOnRoll', { value: id.idNumber });
      [row] = await tx.query<RollRowDb>(
        `UPDATE pre_roll SET name = $2, gender = $3, birth_date = $4, address = $5, grp = $6, household = $7, category = $8, evidence = $9, status = 'registered', struck_reason = NULL
         WHERE rid = $1 RETURNING ${ROLL_ROW_COLUMNS}`,
        [existing[0].rid, ...values],
      );
    } else {
      [row] = await tx.query<RollRowDb>(
        `INSERT INTO pre_roll (community_id, id_number, name, gender, birth_date, address, grp, household, category, evidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${ROLL_ROW_COLUMNS}`,
        [community.id, id.idNumber, ...values],
      );
    }
    const after = rollEntryOf(row!);
    return { change: { kind: 'add', entry: { ...change.entry, idNumber: id.idNumber } }, before: existing[0] ? rollEntryOf(existing[0]) : null, after };
  }
  const before = await requireEntry(tx, community.id, change.entryId);
  if (change.kind === 'strike') {
    if (before.status === 'struck') refuse(409, 'preElection.entryStruck', { entry: change.entryId });
    const [row] = await tx.query<RollRowDb>(`UPDATE pre_roll SET status = 'struck', struck_reason = $2 WHERE rid = $1 RETURNING ${ROLL_ROW_COLUMNS}`, [entryRid(before.id), change.reason]);
    return { change, before, after: rollEntryOf(row!) };
  }
  const fields = change.fields;
  const [row] = await tx.query<RollRowDb>(
    `UPDATE pre_roll SET name = $2, address = $3, grp = $4, household = $5, category = $6, evidence = $7 WHERE rid = $1 RETURNING ${ROLL_ROW_COLUMNS}`,
    [entryRid(before.id), fields.name ?? before.name, fields.address ?? before.address, fields.group ?? before.group, fields.household ?? before.household, fields.category ?? before.category, fields.evidence ?? before.evidence],
  );
  return { change, before, after: rollEntryOf(row!) };
}

function objectionNumber(id: string): number {
  const match = /^o-(\d{1,15})$/.exec(id);
  return match ? Number(match[1]) : -1;
}

export async function decideObjection(db: Db, communityId: string, objectionId: string, raw: unknown): Promise<Objection> {
  const input = readInput(objectionDecisionSchema, raw);
  if (input.decision === 'upheld' && !input.change) refuse(422, 'preElection.changeRequired', undefined, ['change']);
  if (input.decision === 'rejected' && input.change) refuse(422, 'preElection.changeNotAllowed', undefined, ['change']);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pre:${communityId}`]);
    const community = await requireCommunity(tx, communityId);
    const rows = await tx.query<ObjectionRow>('SELECT * FROM pre_objections WHERE community_id = $1 AND id = $2', [communityId, objectionNumber(objectionId)]);
    const row = rows[0] ?? refuse(404, 'preElection.unknownObjection', { objection: objectionId });
    if (row.decided_on !== null) refuse(409, 'preElection.objectionDecided');
    if (input.decidedOn < row.filed_on) refuse(422, 'preElection.decisionBeforeFiling', { date: input.decidedOn, deadline: row.filed_on }, ['decidedOn']);
    const applied = input.change ? await applyChange(tx, community, input.change) : null;
    const [updated] = await tx.query<ObjectionRow>(
      `UPDATE pre_objections SET decided_on = $2, decision = $3, reason = $4, change = $5::text::jsonb, decided_late = $6 WHERE id = $1 RETURNING *`,
      [row.id, input.decidedOn, input.decision, input.reason, applied ? JSON.stringify(applied.change) : null, input.decidedOn > row.decide_by],
    );
    const objection = objectionOf(updated!);
    await audit(tx, { communityId, by: input.by, action: 'objection.decide', subject: objection.id, detail: { decision: input.decision, reason: input.reason, decidedOn: input.decidedOn, decidedLate: objection.decidedLate } });
    if (applied) await audit(tx, { communityId, by: input.by, action: `roll.${applied.change.kind}`, subject: objection.id, detail: { before: applied.before, after: applied.after } });
    return objection;
  });
}
