/**
 * A community taken through the steps before polling day with the district's own services
 * (server/preElection): committee, roll (CSV import), publication, nominations with their
 * checks, the formal list — records as the office makes them, for the package and the papers.
 */
import { idCheckCharacter } from '../../../shared/rules/preElection/idNumber';
import { DEFAULT_CHECKLIST } from '../../../shared/rules/preElection/profile';
import type { Db } from '../../../server/db/types';
import { addCommitteeMember } from '../../../server/preElection/committee';
import { saveCommunity } from '../../../server/preElection/communities';
import { publishFormalList } from '../../../server/preElection/formalList';
import { addNomination, confirmChecklist } from '../../../server/preElection/nominations';
import { publishRoll } from '../../../server/preElection/publication';
import { importRoll } from '../../../server/preElection/rollImport';
import { ROLL_COLUMNS } from '../../../server/preElection/types';

/** A valid 18-digit ID number (GB 11643 check digit) born on `birth` (YYYYMMDD), serial `n`. */
export function idNumber(birth: string, n: number, female: boolean): string {
  const serial = (n % 500) * 2 + (female ? 0 : 1);
  const first17 = `110105${birth}${String(serial).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

export interface Person {
  readonly idNumber: string;
  readonly name: string;
  readonly female: boolean;
  readonly group: string;
  readonly household: string;
}

const NAMES = ['王芳', '李明', '张伟', '陈静', '周建华', '丁一', '马丽', '白雪', '于海', '刘洋', '赵敏', '孙悦', '胡杨', '朱丹', '高山', '林森', '何平', '郭靖', '罗兰', '宋佳'];

export function people(count: number): Person[] {
  return Array.from({ length: count }, (_, i) => {
    const female = i % 2 === 0;
    return {
      idNumber: idNumber(`19${60 + (i % 35)}0${(i % 9) + 1}1${i % 10}`, i + 1, female),
      name: i < NAMES.length ? NAMES[i]! : `居民${i}`,
      female,
      group: i % 2 === 0 ? '第一居民小组' : '第二居民小组',
      household: `H${String(Math.floor(i / 2) + 100)}`,
    };
  });
}

export function rollCsv(persons: readonly Person[]): string {
  const header = [ROLL_COLUMNS.idNumber, ROLL_COLUMNS.name, ROLL_COLUMNS.gender, ROLL_COLUMNS.address, ROLL_COLUMNS.group, ROLL_COLUMNS.household, ROLL_COLUMNS.category, ROLL_COLUMNS.evidence];
  const rows = persons.map((p) => [p.idNumber, p.name, p.female ? '女' : '男', `柳岸小区${p.household}号`, p.group, p.household, '户籍在本社区', '户口簿']);
  return [header, ...rows].map((row) => row.join(',')).join('\r\n') + '\r\n';
}

export const ELECTION_DATE = '2027-03-20';

/** The community `id` with its committee, a published roll of `voters`, and a published formal list (主任 2, 副主任 2, 委员 4). */
export async function communityWithFormalList(db: Db, id: string, name: string, voters = 40): Promise<{ persons: Person[] }> {
  await saveCommunity(db, {
    id,
    name,
    stationName: `${name}投票站`,
    street: '清水街道',
    district: '示例区',
    electionId: `2027-${id}`,
    electionTitle: `${name}第九届居民委员会换届选举`,
    electionDate: ELECTION_DATE,
    method: 'direct',
    positions: [
      { id: 'chair', title: '主任', rank: 1, seats: 1, formalCandidates: 2, writeInLines: 1 },
      { id: 'vice', title: '副主任', rank: 2, seats: 1, formalCandidates: 2, writeInLines: 1 },
      { id: 'member', title: '委员', rank: 3, seats: 3, formalCandidates: 4, writeInLines: 3 },
    ],
  });
  const persons = people(voters);
  // The committee: three residents who are not nominated.
  for (const [i, role] of (['chair', 'member', 'member'] as const).entries()) {
    const member = persons[voters - 1 - i]!;
    await addCommitteeMember(db, id, { name: member.name, idNumber: member.idNumber, role, chosenBy: 'representativesMeeting', meetingOn: '2027-01-10', attendance: { present: 31, total: 35 } });
  }
  await importRoll(db, id, { bytes: new TextEncoder().encode(rollCsv(persons)), contentType: 'text/csv', name: 'roll.csv' });
  await publishRoll(db, id, { publishedOn: '2027-02-20', by: '王主任' });
  const nominees: [string, Person][] = [
    ['chair', persons[0]!],
    ['chair', persons[1]!],
    ['vice', persons[2]!],
    ['vice', persons[3]!],
    ['member', persons[4]!],
    ['member', persons[5]!],
    ['member', persons[6]!],
    ['member', persons[7]!],
  ];
  for (const [positionId, person] of nominees) {
    const nomination = await addNomination(db, id, { positionId, idNumber: person.idNumber, name: person.name, kind: 'self', nominatedOn: '2027-02-26' });
    for (const item of DEFAULT_CHECKLIST) await confirmChecklist(db, id, nomination.id, { itemId: item.id, confirmed: true });
  }
  await publishFormalList(db, id, { publishedOn: '2027-03-05', by: '王主任' });
  return { persons };
}
