/**
 * The demo election packages: a fictional community (延风社区, 青禾街道, 示例区 — every name and
 * person here is invented), signed with the DEMO district key committed at
 * build/demo/demo-district-key.json. Deterministic: the same bytes on every run.
 *
 * - `full`: about 3,000 voters, 主任/副主任/委员 — the size of a real community; the turnout
 *   rule (more than half took part) needs some 1,500 check-ins before the count.
 * - `small`: 30 voters, 主任 and four 委员 (the women rule reserves a 委员 seat) — a newcomer goes
 *   from check-in to the signed sheet in about ten minutes with 16 check-ins.
 */
import demoKeyFile from '../../../build/demo/demo-district-key.json' with { type: 'json' };
import type { DemoKind } from '../../../shared/election/demo';
import { signElectionPackage, type UnsignedElectionPackage } from '../../../shared/crypto/signed';
import { FORMAT, type Candidate, type ElectionDefinition, type ElectionPackage, type Station, type Voter } from '../../../shared/election/schemas';
import { Prng } from './prng';
import { DEMO_ELECTION_DATE, generateRoll } from './roll';

export const DEMO_SEED = 20261206;
export const DEMO_VOTERS = 3000;
export const DEMO_BALLOT_STOCK = 3200;
export const DEMO_ISSUED_AT = '2026-11-30T08:00:00Z';
export const DEMO_STATION: Station = { id: 'hq-yanfeng-01', name: '延风社区第一投票站' };
export const DEMO_SMALL_SEED = 20261207;
export const DEMO_SMALL_VOTERS = 30;
export const DEMO_SMALL_BALLOT_STOCK = 40;
export const DEMO_SMALL_STATION: Station = { id: 'hq-yanfeng-demo', name: '延风社区演示投票站' };
/** The public half of the demo district key: shared/election/demo.ts tells a demo package by it. */
export { DEMO_DISTRICT_FINGERPRINT, DEMO_DISTRICT_PUBLIC_KEY } from '../../../shared/election/demo';

const chair: Candidate[] = [
  { id: 'p-zhoujianhua', name: '周建华', gender: 'M', birthYear: 1971, ethnicity: '汉族', politicalStatus: '中共党员', education: '大学本科' },
  { id: 'p-linxiumei', name: '林秀梅', gender: 'F', birthYear: 1974, ethnicity: '汉族', politicalStatus: '中共党员', education: '大专' },
];
const vice: Candidate[] = [
  { id: 'p-chenzhiqiang', name: '陈志强', gender: 'M', birthYear: 1980, ethnicity: '回族', politicalStatus: '中共党员', education: '大学本科' },
  { id: 'p-helijuan', name: '何丽娟', gender: 'F', birthYear: 1983, ethnicity: '汉族', politicalStatus: '群众', education: '大专' },
];
const member: Candidate[] = [
  { id: 'p-zhaowenjing', name: '赵文静', gender: 'F', birthYear: 1988, ethnicity: '汉族', politicalStatus: '中共党员', education: '大学本科' },
  { id: 'p-sunhaitao', name: '孙海涛', gender: 'M', birthYear: 1976, ethnicity: '汉族', politicalStatus: '群众', education: '高中' },
  { id: 'p-maxiaoyan', name: '马晓燕', gender: 'F', birthYear: 1991, ethnicity: '满族', politicalStatus: '中共预备党员', education: '大专' },
  { id: 'p-wuguoqing', name: '吴国庆', gender: 'M', birthYear: 1966, ethnicity: '汉族', politicalStatus: '中共党员', education: '中专' },
  { id: 'p-zhengjiayi', name: '郑佳怡', gender: 'F', birthYear: 1995, ethnicity: '汉族', politicalStatus: '共青团员', education: '硕士研究生' },
];

export function demoElection(): ElectionDefinition {
  return {
    id: '2026-yanfeng-8',
    title: '延风社区第八届居民委员会换届选举',
    community: '延风社区',
    street: '青禾街道',
    district: '示例区',
    method: 'direct',
    date: DEMO_ELECTION_DATE,
    positions: [
      { id: 'chair', title: '主任', rank: 1, seats: 1, writeInLines: 1, candidates: chair.map((c) => ({ ...c })) },
      { id: 'vice', title: '副主任', rank: 2, seats: 1, writeInLines: 1, candidates: vice.map((c) => ({ ...c })) },
      { id: 'member', title: '委员', rank: 3, seats: 3, writeInLines: 3, candidates: member.map((c) => ({ ...c })) },
    ],
    rules: {
      overvoteScope: 'position',
      majorityBase: 'recovered',
      womenRule: 'reserve',
      runoffThreshold: 'oneThird',
      runoffExtraCandidates: 1,
      maxRunoffs: 1,
      samePersonTwoPositions: 'higher',
      maxProxiesPerHolder: 3,
      minExtraCandidates: { chair: 1, vice: 1, member: 1 },
    },
  };
}

/**
 * The small demo: 主任 1 of 2, 委员 4 of 5 (three women among them; the women rule reserves a
 * seat) — the five members the law asks of a committee, on two positions. The full demo's rules.
 */
export function smallDemoElection(): ElectionDefinition {
  const full = demoElection();
  const pick = (list: readonly Candidate[], ids: readonly string[]) => list.filter((c) => ids.includes(c.id)).map((c) => ({ ...c }));
  return {
    ...full,
    id: '2026-yanfeng-demo',
    title: '延风社区居民委员会换届选举（小型演示）',
    positions: [
      { id: 'chair', title: '主任', rank: 1, seats: 1, writeInLines: 1, candidates: pick(chair, ['p-zhoujianhua', 'p-linxiumei']) },
      { id: 'member', title: '委员', rank: 2, seats: 4, writeInLines: 4, candidates: member.map((c) => ({ ...c })) },
    ],
    rules: { ...full.rules, minExtraCandidates: { chair: 1, member: 1 } },
  };
}

/** Every candidate person once (a person standing for two positions has one id). */
function candidatePersons(election: ElectionDefinition): Candidate[] {
  const byId = new Map<string, Candidate>();
  for (const position of election.positions) for (const candidate of position.candidates) byId.set(candidate.id, candidate);
  return [...byId.values()];
}

/**
 * Gives each candidate the place of a registered voter of the same gender and about the same age
 * (of the same surname where there is one, so the household stays plausible): same name, same
 * gender, born in the candidate's birth year — what `isCandidateVoter` matches on.
 */
function placeCandidates(roll: Voter[], candidates: readonly Candidate[], prng: Prng): void {
  const used = new Set<number>();
  for (const candidate of candidates) {
    const year = candidate.birthYear ?? 1980;
    const near = (voter: Voter, index: number): boolean =>
      !used.has(index) && voter.status === 'registered' && voter.gender === candidate.gender && Math.abs(Number(voter.birthDate.slice(0, 4)) - year) <= 6;
    const indices = (test: (voter: Voter, index: number) => boolean): number[] =>
      roll.flatMap((voter, index) => (test(voter, index) ? [index] : []));
    let choices = indices((voter, index) => near(voter, index) && voter.name.startsWith(candidate.name.slice(0, 1)));
    if (choices.length === 0) choices = indices(near);
    // A small roll may have nobody of about that age: any registered voter of the same gender.
    if (choices.length === 0) choices = indices((voter, index) => !used.has(index) && voter.status === 'registered' && voter.gender === candidate.gender);
    if (choices.length === 0) throw new Error(`demo: no place on the roll for candidate ${candidate.name}`);
    const index = prng.pick(choices);
    used.add(index);
    const voter = roll[index]!;
    const monthDay = voter.birthDate.slice(4) === '-02-29' ? '-02-28' : voter.birthDate.slice(4);
    roll[index] = { ...voter, name: candidate.name, birthDate: `${year}${monthDay}` };
  }
}

/** The unsigned demo package (no districtKey, no signature): `full` unless told. */
export function buildUnsignedDemoPackage(kind: DemoKind = 'full'): UnsignedElectionPackage {
  const small = kind === 'small';
  const election = small ? smallDemoElection() : demoElection();
  const seed = small ? DEMO_SMALL_SEED : DEMO_SEED;
  const candidates = candidatePersons(election);
  const roll = generateRoll(small ? DEMO_SMALL_VOTERS : DEMO_VOTERS, seed, { avoidNames: candidates.map((c) => c.name), electionDate: election.date });
  placeCandidates(roll, candidates, new Prng(seed ^ 0x5eed));
  return {
    format: FORMAT.electionPackage,
    election,
    station: { ...(small ? DEMO_SMALL_STATION : DEMO_STATION) },
    roll,
    ballotStock: small ? DEMO_SMALL_BALLOT_STOCK : DEMO_BALLOT_STOCK,
    issuedAt: DEMO_ISSUED_AT,
  };
}

/** A demo package (`full` unless told), signed with the committed DEMO district key. */
export function buildDemoPackage(kind: DemoKind = 'full'): ElectionPackage {
  return signElectionPackage(buildUnsignedDemoPackage(kind), demoKeyFile.secretKey);
}

/** A demo package as file text (2-space JSON and a final newline): byte-identical on every run. */
export function demoPackageText(kind: DemoKind = 'full'): string {
  return `${JSON.stringify(buildDemoPackage(kind), null, 2)}\n`;
}
