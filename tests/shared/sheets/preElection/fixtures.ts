/** Records of one community before polling day, as the sheets take them (server/preElection/types.ts shapes). */
import type { ElectionDefinition } from '../../../../shared/election/schemas';
import type { CandidateListInput } from '../../../../shared/sheets/preElection/candidateList';
import type { RollSheetInput } from '../../../../shared/sheets/preElection/rollSheet';

export const COMMUNITY = {
  id: 'hq-liuan-01',
  name: '柳岸社区',
  street: '清水街道',
  district: '示例区',
  electionId: '2027-liuan-9',
  electionTitle: '柳岸社区第九届居民委员会换届选举',
  electionDate: '2027-03-20',
  profile: { objectionFilingDays: 5, objectionDecisionDays: 3 },
} as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞'];

/** `count` voters spread over `groups` residents' groups, in import order (not stroke order). */
export function rollInput(count: number, groups = 3, publishedOn: string | null = '2027-02-20'): RollSheetInput {
  const names = ['第一居民小组', '第二居民小组', '第三居民小组', '第四居民小组', '第五居民小组'].slice(0, groups);
  return {
    community: COMMUNITY,
    publication: publishedOn === null ? null : { publishedOn },
    groups: names.map((group, g) => ({
      group,
      entries: Array.from({ length: Math.ceil(count / groups) }, (_, i) => {
        const n = g * 1000 + i;
        return {
          name: `${SURNAMES[(n * 7) % SURNAMES.length]}${GIVEN[(n * 3) % GIVEN.length]}`,
          gender: n % 2 === 0 ? ('F' as const) : ('M' as const),
          birthDate: `${1940 + (n % 60)}-${String((n % 12) + 1).padStart(2, '0')}-15`,
          address: `柳岸小区${(n % 30) + 1}栋${(n % 6) + 1}单元${100 + (n % 20)}室`,
          status: n % 17 === 5 ? ('struck' as const) : ('registered' as const),
        };
      }),
    })),
  };
}

export const FORMAL_LIST: CandidateListInput = {
  community: COMMUNITY,
  formalList: {
    publishedOn: '2027-03-05',
    positions: [
      { position: { id: 'member', title: '委员', rank: 3, seats: 3 }, candidates: [
        { name: '周建华', gender: 'M', birthYear: 1975 }, { name: '丁一', gender: 'F', birthYear: 1988 }, { name: '马丽', gender: 'F', birthYear: 1990 },
        { name: '白雪', gender: 'F', birthYear: 1984 }, { name: '于海', gender: 'M', birthYear: 1979 },
      ] },
      { position: { id: 'chair', title: '主任', rank: 1, seats: 1 }, candidates: [
        { name: '王芳', gender: 'F', birthYear: 1972 }, { name: '李明', gender: 'M', birthYear: 1969 },
      ] },
      { position: { id: 'vice', title: '副主任', rank: 2, seats: 1 }, candidates: [
        { name: '陈静', gender: 'F', birthYear: 1980 }, { name: '张伟', gender: 'M', birthYear: 1977 },
      ] },
    ],
  },
};

/** The election the package carries for these records (candidates in stroke order). */
export function electionOf(positions: { id: string; title: string; rank: number; seats: number; names: string[]; writeInLines?: number }[]): ElectionDefinition {
  return {
    id: COMMUNITY.electionId,
    title: COMMUNITY.electionTitle,
    community: COMMUNITY.name,
    street: COMMUNITY.street,
    district: COMMUNITY.district,
    method: 'direct',
    date: COMMUNITY.electionDate,
    positions: positions.map((position) => ({
      id: position.id,
      title: position.title,
      rank: position.rank,
      seats: position.seats,
      ...(position.writeInLines === undefined ? {} : { writeInLines: position.writeInLines }),
      candidates: position.names.map((name, i) => ({ id: `p-${position.id}-${i + 1}`, name, gender: i % 2 === 0 ? ('F' as const) : ('M' as const) })),
    })),
  };
}

export const ELECTION = electionOf([
  { id: 'chair', title: '主任', rank: 1, seats: 1, names: ['王芳', '李明'] },
  { id: 'vice', title: '副主任', rank: 2, seats: 1, names: ['陈静', '张伟'] },
  { id: 'member', title: '委员', rank: 3, seats: 3, names: ['周建华', '丁一', '马丽', '白雪', '于海'] },
]);

/** Many candidates and long names: does not fit on A4. */
export const LARGE_ELECTION = electionOf([
  { id: 'chair', title: '主任', rank: 1, seats: 1, names: ['王芳', '李明', '赵建国'] },
  { id: 'vice', title: '副主任', rank: 2, seats: 2, names: ['陈静', '张伟', '欧阳明月', '买买提·艾力'] },
  { id: 'women', title: '妇女委员', rank: 3, seats: 1, names: ['丁一', '马丽'] },
  { id: 'member', title: '委员', rank: 4, seats: 7, names: ['周建华', '于海', '白雪', '孙悦', '胡杨', '朱丹', '高山', '林森', '何平', '郭靖', '罗兰', '阿依古丽·买买提'] },
]);
