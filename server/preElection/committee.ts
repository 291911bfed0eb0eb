/**
 * The election committee (选举委员会): members chosen at a meeting (推选), their roles, and the day
 * a member left — a member who becomes a candidate must leave it first (nominationFlags:
 * `inCommittee` refuses them until then).
 */
import type { Db, Queryable } from '../db/types';
import { committeeLeaveSchema, committeeMemberSchema, readInput } from './input';
import { audit, refuse, requireCommunity, requireIdNumber } from './store';
import type { CommitteeMember } from './types';

interface MemberRow {
  id: number | string;
  community_id: string;
  name: string;
  id_number: string;
  gender: 'F' | 'M';
  role: CommitteeMember['role'];
  chosen_by: CommitteeMember['chosenBy'];
  meeting_on: string;
  present: number;
  total: number;
  left_on: string | null;
  left_reason: string | null;
}

const memberOf = (row: MemberRow): CommitteeMember => ({
  id: `m-${row.id}`,
  communityId: row.community_id,
  name: row.name,
  idNumber: row.id_number,
  gender: row.gender,
  role: row.role,
  chosenBy: row.chosen_by,
  meetingOn: row.meeting_on,
  attendance: { present: row.present, total: row.total },
  leftOn: row.left_on,
  leftReason: row.left_reason,
});

const ROLE_ORDER = `CASE role WHEN 'chair' THEN 1 WHEN 'viceChair' THEN 2 ELSE 3 END`;

export async function listCommittee(db: Queryable, communityId: string): Promise<CommitteeMember[]> {
  await requireCommunity(db, communityId);
  const rows = await db.query<MemberRow>(`SELECT * FROM pre_committee WHERE community_id = $1 ORDER BY ${ROLE_ORDER}, id`, [communityId]);
  return rows.map(memberOf);
}

export async function addCommitteeMember(db: Db, communityId: string, raw: unknown): Promise<CommitteeMember> {
  const input = readInput(committeeMemberSchema, raw);
  const id = requireIdNumber(input.idNumber);
  if (input.attendance.present > input.attendance.total) refuse(422, 'preElection.badAttendance', input.attendance, ['attendance']);
  return db.transaction(async (tx) => {
    await requireCommunity(tx, communityId);
    const known = await tx.query<{ name: string }>('SELECT name FROM pre_committee WHERE community_id = $1 AND id_number = $2', [communityId, id.idNumber]);
    if (known[0]) refuse(409, 'preElection.memberTwice', { name: known[0].name });
    const [row] = await tx.query<MemberRow>(
      `INSERT INTO pre_committee (community_id, name, id_number, gender, role, chosen_by, meeting_on, present, total)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [communityId, input.name, id.idNumber, id.gender, input.role, input.chosenBy, input.meetingOn, input.attendance.present, input.attendance.total],
    );
    const member = memberOf(row!);
    await audit(tx, { communityId, by: input.by, action: 'committee.add', subject: member.id, detail: member });
    return member;
  });
}

function memberNumber(memberId: string): number {
  const match = /^m-(\d{1,15})$/.exec(memberId);
  return match ? Number(match[1]) : -1;
}

export async function leaveCommittee(db: Db, communityId: string, memberId: string, raw: unknown): Promise<CommitteeMember> {
  const input = readInput(committeeLeaveSchema, raw);
  return db.transaction(async (tx) => {
    await requireCommunity(tx, communityId);
    const rows = await tx.query<MemberRow>('SELECT * FROM pre_committee WHERE community_id = $1 AND id = $2 FOR UPDATE', [communityId, memberNumber(memberId)]);
    const row = rows[0] ?? refuse(404, 'preElection.unknownMember', { member: memberId });
    if (row.left_on !== null) refuse(409, 'preElection.memberLeft', { name: row.name, date: row.left_on });
    const [updated] = await tx.query<MemberRow>('UPDATE pre_committee SET left_on = $2, left_reason = $3 WHERE id = $1 RETURNING *', [row.id, input.leftOn, input.reason]);
    const member = memberOf(updated!);
    await audit(tx, { communityId, by: input.by, action: 'committee.leave', subject: member.id, detail: { leftOn: input.leftOn, reason: input.reason } });
    return member;
  });
}

/** Sitting members (not left) by ID number: who a nomination flags `inCommittee`. */
export async function sittingMembers(db: Queryable, communityId: string): Promise<Map<string, { role: string }>> {
  const rows = await db.query<{ id_number: string; role: string }>('SELECT id_number, role FROM pre_committee WHERE community_id = $1 AND left_on IS NULL', [communityId]);
  return new Map(rows.map((row) => [row.id_number, { role: row.role }]));
}
