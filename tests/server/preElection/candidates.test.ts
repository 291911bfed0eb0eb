/**
 * From the committee to the signed package (issue 17), on PGlite and PostgreSQL: a committee
 * member nominated is refused until they left the committee; 8 nominations, one ineligible
 * (under 18, not on the roll) and two relatives (flagged, not refused); a primary when the
 * nominees exceed the formal candidates — a tie across the last place advances nobody; the formal
 * list in stroke order with the 差额 checked; the package built and verified from these records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../shared/crypto/ed25519';
import { describeIssue, type ValidationIssue } from '../../../shared/election/issues';
import { HttpError } from '../../../server/http/io';
import { buildElectionPackage } from '../../../server/package/build';
import { addCommitteeMember, leaveCommittee, listCommittee } from '../../../server/preElection/committee';
import { communitySummary, saveCommunity } from '../../../server/preElection/communities';
import { positionStatuses, publishFormalList, recordPrimary } from '../../../server/preElection/formalList';
import { addNomination, confirmChecklist, listNominations, withdrawNomination } from '../../../server/preElection/nominations';
import { packageRecords } from '../../../server/preElection/packageRecords';
import { publishRoll } from '../../../server/preElection/publication';
import { requireCommunity } from '../../../server/preElection/store';
import type { Nomination } from '../../../server/preElection/types';
import type { Db } from '../../../server/db/types';
import { BACKENDS, type TestDatabase } from '../helpers/backends';
import { communityInput, createCommunity, importRows, person } from './fixtures';

async function refusal(work: Promise<unknown>): Promise<readonly ValidationIssue[]> {
  try {
    await work;
  } catch (error) {
    if (error instanceof HttpError) return error.issues;
    throw error;
  }
  throw new Error('expected a refusal');
}

const C = 'liuan-01';
const people = {
  zhou: person(1, '周建华', { woman: false }),
  lin: person(2, '林秀梅'),
  chen: person(3, '陈志强', { woman: false }),
  wang: person(4, '王芳'),
  li: person(5, '李强', { woman: false }),
  zhao: person(6, '赵敏'),
  sun: { ...person(7, '孙丽', { woman: true }), household: 'H-ZS' },
  zhang: { ...person(8, '张伟', { woman: false }), household: 'H-ZS' },
  he: person(9, '何静', { woman: true }),
};
const teen = person(10, '吴小明', { birth: '2009-06-01', woman: false });

describe.each(BACKENDS)('pre-election candidates on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  const ids = new Map<string, string>();
  const nominate = async (key: keyof typeof people | 'teen', positionId: string, over: Record<string, unknown> = {}): Promise<Nomination> => {
    const who = key === 'teen' ? teen : people[key];
    const nomination = await addNomination(db, C, { positionId, idNumber: who.idNumber, name: who.name, kind: 'joint', signatures: 12, nominatedOn: '2027-03-06', ...over });
    ids.set(`${key}:${positionId}`, nomination.id);
    return nomination;
  };
  const flagsOf = async () => new Map((await listNominations(db, await requireCommunity(db, C))).map((nomination) => [nomination.id, nomination]));

  beforeAll(async () => {
    database = await backend.create();
    db = await database.open();
    await createCommunity(db, C, '柳岸社区');
    await importRows(db, C, Object.values(people));
    await publishRoll(db, C, { publishedOn: '2027-02-25', by: '选委会' });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('checks the planned formal candidates against the 差额 range when the community is saved', async () => {
    const issues = await refusal(saveCommunity(db, communityInput('other-02', '别处社区', { positions: [{ id: 'chair', title: '主任', rank: 1, seats: 1, formalCandidates: 1 }, { id: 'member', title: '委员', rank: 2, seats: 4, formalCandidates: 8 }] })));
    expect(issues.map((found) => [found.code, found.params?.min, found.params?.max])).toEqual([
      ['preElection.formalCountOutsideRange', 2, '∞'],
      ['preElection.formalCountOutsideRange', 5, 7],
    ]);
    expect((await refusal(saveCommunity(db, communityInput(C, '柳岸社区'))))[0]!.code).toBe('preElection.communityPublished');
  });

  it('records the committee; a sitting member nominated is refused until they leave', async () => {
    const chair = await addCommitteeMember(db, C, { name: '何静', idNumber: people.he.idNumber, role: 'chair', chosenBy: 'representativesMeeting', meetingOn: '2027-01-10', attendance: { present: 38, total: 45 } });
    expect(chair).toMatchObject({ role: 'chair', gender: 'F', leftOn: null, attendance: { present: 38, total: 45 } });
    await addCommitteeMember(db, C, { name: '郑明', idNumber: person(40, '郑明', { woman: false }).idNumber, role: 'member', chosenBy: 'representativesMeeting', meetingOn: '2027-01-10', attendance: { present: 38, total: 45 } });
    expect((await refusal(addCommitteeMember(db, C, { name: '何静', idNumber: people.he.idNumber, role: 'member', chosenBy: 'representativesMeeting', meetingOn: '2027-01-10', attendance: { present: 1, total: 1 } })))[0]!.code).toBe('preElection.memberTwice');
    expect((await refusal(addCommitteeMember(db, C, { name: '错号', idNumber: '110105194912310021', role: 'member', chosenBy: 'residentsMeeting', meetingOn: '2027-01-10', attendance: { present: 1, total: 1 } })))[0]).toMatchObject({ code: 'preElection.idCheckDigit', params: { expected: 'X' } });

    const he = await nominate('he', 'member');
    expect(he.flags.map((flag) => [flag.code, flag.refusing])).toEqual([
      ['inCommittee', true],
      ['checklistOpen', true],
    ]);
    await leaveCommittee(db, C, chair.id, { leftOn: '2027-03-06', reason: '被提名为委员候选人，辞去选委会职务' });
    expect((await flagsOf()).get(he.id)!.flags.map((flag) => flag.code)).toEqual(['checklistOpen']);
    expect((await listCommittee(db, C)).map((member) => [member.name, member.leftOn])).toEqual([
      ['何静', '2027-03-06'],
      ['郑明', null],
    ]);
  });

  it('records 8 more nominations with their flags: ineligible, relatives, duplicates, two positions, too few signatures', async () => {
    await nominate('zhou', 'chair');
    await nominate('lin', 'chair', { kind: 'self', signatures: undefined });
    await nominate('chen', 'chair');
    await nominate('wang', 'member');
    await nominate('li', 'member');
    await nominate('zhao', 'member', { signatures: 9 });
    await nominate('sun', 'member');
    await nominate('zhang', 'member');
    await nominate('teen', 'member');
    const dup = await nominate('wang', 'member');
    const twoPositions = await nominate('li', 'chair');
    expect((await refusal(nominate('lin', 'chair', { kind: 'self', signatures: 3 })))[0]!.code).toBe('preElection.signaturesForSelf');

    const all = await flagsOf();
    const codes = (key: string) => all.get(ids.get(key)!)!.flags.filter((flag) => flag.code !== 'checklistOpen').map((flag) => flag.code);
    expect(codes('teen:member')).toEqual(['underAge', 'notOnRoll']);
    expect(codes('sun:member')).toEqual(['relative']);
    expect(codes('zhang:member')).toEqual(['relative']);
    expect(all.get(ids.get('sun:member')!)!.flags.find((flag) => flag.code === 'relative')!.params).toEqual({ household: 'H-ZS', names: '张伟' });
    expect(codes('zhao:member')).toEqual(['tooFewSignatures']);
    expect(all.get(dup.id)!.flags.map((flag) => flag.code)).toContain('duplicate');
    expect(all.get(twoPositions.id)!.flags.map((flag) => flag.code)).toContain('otherPosition');
    // Nothing refused silently: every nomination is listed.
    expect(all.size).toBe(12);

    // Withdrawals clear the duplicate and the second position; the checklist is confirmed for all.
    await withdrawNomination(db, C, dup.id, { reason: '重复提交' });
    await withdrawNomination(db, C, twoPositions.id, { reason: '本人书面选择委员' });
    for (const nomination of all.values()) {
      if (nomination.status === 'active' && nomination.id !== dup.id && nomination.id !== twoPositions.id) await confirmChecklist(db, C, nomination.id, { itemId: 'record', confirmed: true, note: '派出所证明' });
    }
    const after = await flagsOf();
    const eligible = [...after.values()].filter((nomination) => nomination.eligible).map((nomination) => `${nomination.name}:${nomination.positionId}`);
    expect(eligible.sort()).toEqual(['何静:member', '周建华:chair', '孙丽:member', '张伟:member', '李强:member', '林秀梅:chair', '王芳:member', '陈志强:chair'].sort());
    // Relatives stay eligible, flagged.
    expect(after.get(ids.get('zhang:member')!)!.flags).toEqual([{ code: 'relative', refusing: false, params: { household: 'H-ZS', names: '孙丽' } }]);
  });

  it('holds a primary when the eligible nominees exceed the formal candidates; a tie at the cut advances none of the tied', async () => {
    const statuses = await positionStatuses(db, C);
    expect(statuses.map((status) => [status.position.id, status.eligible, status.range, status.primaryNeeded])).toEqual([
      ['chair', 3, { min: 2, max: null }, true],
      ['member', 5, { min: 5, max: 7 }, false],
    ]);
    expect((await refusal(publishFormalList(db, C, { publishedOn: '2027-03-10', by: '选委会' })))[0]!.code).toBe('preElection.primaryMissing');
    expect((await refusal(recordPrimary(db, C, 'member', { method: 'vote', heldOn: '2027-03-09', ballotsRecovered: 40, votes: [{ nominationId: ids.get('wang:member')!, votes: 1 }] })))[0]!.code).toBe('preElection.primaryNotNeeded');

    const chair = (key: string) => ids.get(`${key}:chair`)!;
    expect((await refusal(recordPrimary(db, C, 'chair', { method: 'vote', heldOn: '2027-03-09', ballotsRecovered: 40, votes: [{ nominationId: chair('zhou'), votes: 30 }, { nominationId: chair('lin'), votes: 20 }] })))[0]).toMatchObject({ code: 'preElection.primaryIncomplete', params: { name: '陈志强' } });
    expect((await refusal(recordPrimary(db, C, 'chair', { method: 'vote', heldOn: '2027-03-09', ballotsRecovered: 40, votes: [{ nominationId: chair('zhou'), votes: 41 }, { nominationId: chair('lin'), votes: 20 }, { nominationId: chair('chen'), votes: 20 }] })))[0]!.code).toBe('preElection.primaryVotesExceed');
    const tied = await recordPrimary(db, C, 'chair', { method: 'vote', heldOn: '2027-03-09', ballotsRecovered: 40, votes: [{ nominationId: chair('zhou'), votes: 30 }, { nominationId: chair('lin'), votes: 20 }, { nominationId: chair('chen'), votes: 20 }] });
    expect(tied.advanced).toEqual([chair('zhou')]);
    expect([...tied.tiedAtCut].sort()).toEqual([chair('lin'), chair('chen')].sort());
    const refused = await refusal(publishFormalList(db, C, { publishedOn: '2027-03-10', by: '选委会' }));
    expect(refused[0]!.code).toBe('preElection.primaryTied');
    expect(describeIssue(refused[0]!, 'zh-CN')).toMatch(/^职位 “主任” 预选中 (林秀梅、陈志强|陈志强、林秀梅) 得票相同，须就此重新投票$/);

    // The new vote among the tied, recorded as the primary's result.
    const decided = await recordPrimary(db, C, 'chair', { method: 'vote', heldOn: '2027-03-10', ballotsRecovered: 40, votes: [{ nominationId: chair('zhou'), votes: 30 }, { nominationId: chair('lin'), votes: 24 }, { nominationId: chair('chen'), votes: 16 }] });
    expect(decided).toMatchObject({ advanced: [chair('zhou'), chair('lin')], tiedAtCut: [] });
    expect(decided.votes.map((row) => [row.name, row.votes])).toEqual([
      ['周建华', 30],
      ['林秀梅', 24],
      ['陈志强', 16],
    ]);
  });

  it('publishes the formal list in stroke order with the 差额 checked, and the package is built and verified from the records', async () => {
    const list = await publishFormalList(db, C, { publishedOn: '2027-03-10', by: '选委会' });
    expect(list.positions.map(({ position, candidates }) => [position.id, candidates.map((candidate) => candidate.name)])).toEqual([
      // ICU stroke collation: 王 4, 孙 6, then the 7-stroke 何 张 李; 周 and 林 (8 each) by the next stroke order.
      ['chair', ['周建华', '林秀梅']],
      ['member', ['王芳', '孙丽', '何静', '张伟', '李强']],
    ]);
    expect(list.positions[0]!.candidates[1]).toMatchObject({ id: `p-${ids.get('lin:chair')!.slice(2)}`, gender: 'F', birthYear: 1962 });
    expect((await refusal(publishFormalList(db, C, { publishedOn: '2027-03-10', by: '选委会' })))[0]!.code).toBe('preElection.formalListPublished');
    expect((await refusal(addNomination(db, C, { positionId: 'member', idNumber: people.chen.idNumber, name: '陈志强', kind: 'self', nominatedOn: '2027-03-11' })))[0]!.code).toBe('preElection.formalListPublished');

    const records = await packageRecords(db, C);
    expect(records.election).toMatchObject({ id: `2027-${C}`, community: '柳岸社区', date: '2027-03-21', method: 'direct' });
    expect(records.roll).toHaveLength(9);
    expect(records.roll[0]).toEqual({ id: expect.stringMatching(/^v-\d+$/), name: '周建华', gender: 'M', birthDate: '1961-02-11', idTail: people.zhou.idNumber.slice(-4), address: people.zhou.address, group: people.zhou.group, status: 'registered' });
    expect(records.committee).toHaveLength(2);
    const keys = generateKeyPair();
    const built = buildElectionPackage({ definitionText: JSON.stringify(records.election), roll: records.roll, station: { id: C, name: records.community.stationName }, districtSecretKey: keys.secretKey, issuedAt: '2027-03-12T09:00:00+08:00' });
    if (!built.ok) throw new Error(JSON.stringify(built.issues));
    expect(built.value.election.positions.map((position) => position.candidates.length)).toEqual([2, 5]);
    expect(built.value.districtKey).toBe(keys.publicKey);

    const summary = await communitySummary(db, C);
    expect(summary).toMatchObject({ committee: 2, roll: { registered: 9, struck: 0 }, duplicates: 0, publishBy: '2027-03-01', nominations: 10 });
    expect(summary.formalList?.publishedOn).toBe('2027-03-10');
  });
});
