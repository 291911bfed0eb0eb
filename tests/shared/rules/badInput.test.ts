/** Bad input gets a specific error code through the library (the CLI test checks exit 2). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../../shared/election/parse';
import { tally } from '../../../shared/rules/count';
import { ballot, ballotsWithVotes, count, countInput, demoElection, times } from '../../helpers/build';

const BAD = join(import.meta.dirname, '..', '..', 'fixtures', 'bad-input');

function codesOf(file: string): string[] {
  const json = parseJsonText(readFileSync(join(BAD, file), 'utf8'));
  if (!json.ok) return json.issues.map((i) => i.code);
  const result = tally(json.value);
  return result.ok ? [] : result.issues.map((i) => i.code);
}

describe('bad count input', () => {
  it.each([
    ['malformed.json', 'json.malformed'],
    ['empty.json', 'json.malformed'],
    ['not-an-object.json', 'schema.type'],
    ['wrong-format.json', 'format.wrongTag'],
    ['missing-ballots.json', 'schema.required'],
    ['unknown-candidate.json', 'count.unknownCandidate'],
    ['unknown-position.json', 'count.unknownPosition'],
    ['duplicate-ballot-id.json', 'count.duplicateBallotId'],
    ['wrong-counts.json', 'count.ballotsLengthMismatch'],
    ['negative-seats.json', 'election.seatsTooFew'],
    ['negative-participants.json', 'count.negativeCount'],
    ['participants-exceed-registered.json', 'count.participantsExceedRegistered'],
    ['no-competition.json', 'election.notEnoughCandidates'],
    ['runoff-without-first-round.json', 'count.runoffOfMissing'],
    ['deep-format-value.json', 'format.wrongTag'],
    ['newline-in-candidate-id.json', 'count.unknownCandidate'],
    ['runoff-beyond-max-runoffs.json', 'count.tooManyRunoffs'],
    ['runoff-of-void-round.json', 'count.runoffOfVoid'],
    ['member-too-many-candidates.json', 'election.tooManyCandidates'],
    ['issued-exceed-registered.json', 'count.issuedExceedRegistered'],
  ])('%s → %s', (file, code) => {
    expect(codesOf(file)).toContain(code);
  });

  const election = demoElection();
  const codes = (raw: unknown) => {
    const result = tally(raw);
    return result.ok ? [] : result.issues.map((i) => i.code);
  };

  it('names the field path of a schema error', () => {
    const input = countInput(election, [ballot({ chair: ['p-wangfang'] })]) as unknown as Record<string, unknown>;
    const result = tally({ ...input, ballots: [{ id: 'X', status: 'maybe' }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ code: 'schema.value', path: ['ballots', 0, 'status'] });
  });
  it('refuses both ○ and × on one candidate, a mark twice, an empty write-in, marks on a blank ballot', () => {
    expect(codes(countInput(election, [ballot({ chair: { for: ['p-wangfang'], against: ['p-wangfang'] } })]))).toContain('count.forAndAgainst');
    expect(codes(countInput(election, [ballot({ chair: { for: ['p-wangfang', 'p-wangfang'] } })]))).toContain('count.duplicateMark');
    expect(codes(countInput(election, [ballot({ chair: { writeIns: ['  '] } })]))).toContain('count.emptyWriteIn');
    // A write-in holding an invisible or bidi character (issue 12): refused, not matched to anyone.
    expect(codes(countInput(election, [ballot({ chair: { writeIns: ['王\u200B芳'] } })]))).toContain('name.invisibleCharacter');
    expect(codes(countInput(election, [ballot({ chair: { writeIns: ['\u202E芳王'] } })]))).toContain('name.invisibleCharacter');
    expect(codes(countInput(election, [{ ...ballot({ chair: ['p-wangfang'] }), status: 'blank' }]))).toContain('count.marksOnInvalidBallot');
  });
  it('refuses an election with duplicate ids, equal ranks, two persons of one name, or a committee outside 5–9', () => {
    const [chair, vice, member] = election.positions as [typeof election.positions[0], typeof election.positions[0], typeof election.positions[0]];
    const withPositions = (positions: typeof election.positions) => codes(countInput({ ...election, positions }, []));
    expect(withPositions([chair, { ...vice, id: 'chair' }, member])).toContain('election.duplicatePositionId');
    expect(withPositions([chair, { ...vice, rank: 1 }, member])).toContain('election.duplicateRank');
    const twin = { ...vice, candidates: [...vice.candidates, { id: 'p-other', name: '王芳', gender: 'F' as const }] };
    expect(withPositions([chair, twin, member])).toContain('election.duplicateCandidateName');
    expect(withPositions([chair, vice, { ...member, seats: 1, candidates: member.candidates.slice(0, 2) }])).toContain('election.committeeSize');
    // The package may say otherwise (村委会: 3–7).
    const village = { ...election, rules: { committeeSize: { min: 3, max: 7 } }, positions: [chair, vice, { ...member, seats: 1, candidates: member.candidates.slice(0, 2) }] };
    expect(codes(countInput(village, []))).toEqual([]);
  });
  it('honours minExtraCandidates per position (等额 for 主任 where the province allows it)', () => {
    const [chair, vice, member] = election.positions as [typeof election.positions[0], typeof election.positions[0], typeof election.positions[0]];
    const single = { ...chair, candidates: chair.candidates.slice(0, 1) };
    expect(codes(countInput({ ...election, positions: [single, vice, member], rules: { minExtraCandidates: { chair: 0 } } }, []))).toEqual([]);
    expect(codes(countInput({ ...election, positions: [chair, vice, member], rules: { minExtraCandidates: { member: 3 } } }, []))).toContain('election.notEnoughCandidates');
  });
  it('refuses a 委员 list with more than three candidates beyond the seats, unless the package allows more', () => {
    const [chair, vice, member] = election.positions as [typeof election.positions[0], typeof election.positions[0], typeof election.positions[0]];
    const extra = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p-extra-${i}`, name: `候选人${'甲乙丙丁'[i]}`, gender: 'M' as const }));
    const sixExtra = { ...member, candidates: [...member.candidates, ...extra(1)] }; // 3 seats, 6 candidates: 3 more
    expect(codes(countInput({ ...election, positions: [chair, vice, sixExtra] }, []))).toEqual([]);
    const sevenExtra = { ...member, candidates: [...member.candidates, ...extra(2)] };
    expect(codes(countInput({ ...election, positions: [chair, vice, sevenExtra] }, []))).toContain('election.tooManyCandidates');
    expect(codes(countInput({ ...election, positions: [chair, vice, sevenExtra], rules: { maxExtraCandidates: { member: 4 } } }, []))).toEqual([]);
    // 主任 and 副主任 have no upper limit by default.
    const manyChairs = { ...chair, candidates: [...chair.candidates, ...extra(4)] };
    expect(codes(countInput({ ...election, positions: [manyChairs, vice, member] }, []))).toEqual([]);
  });
  it('a position id that is also a name on Object.prototype still needs its extra candidates', () => {
    const [chair, vice, member] = election.positions as [typeof election.positions[0], typeof election.positions[0], typeof election.positions[0]];
    const single = { ...chair, id: 'constructor', candidates: chair.candidates.slice(0, 1) };
    expect(codes(countInput({ ...election, positions: [single, vice, member] }, []))).toContain('election.notEnoughCandidates');
  });
  it('refuses more ballots issued than registered voters', () => {
    expect(codes(countInput(election, [ballot({ chair: ['p-wangfang'] })], { registeredVoters: 1, participants: 1, ballotsIssued: 2 }))).toContain('count.issuedExceedRegistered');
  });
  it('refuses a runoff of a void round, beyond maxRunoffs, or for more seats than the position has left', () => {
    const round1 = count(election, ballotsWithVotes(100, { chair: { 'p-wangfang': 60 }, vice: { 'p-zhangwei': 60 }, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 40, 'p-mali': 30 } }));
    const runoffBallots = times(10, { member: ['p-yuhai'] });
    const runoff = (runoffOf: unknown, round = 2) => codes({ ...countInput(election, runoffBallots, { round, registeredVoters: 120 }), runoffOf });
    expect(runoff(round1)).toEqual([]);
    expect(runoff({ ...round1, valid: false, voidReason: 'turnout' })).toContain('count.runoffOfVoid');
    expect(runoff({ ...round1, round: 2 }, 3)).toContain('count.tooManyRunoffs');
    const tooMany = { ...round1, runoff: { positions: [{ ...round1.runoff!.positions[0]!, seats: 2 }] } };
    expect(runoff(tooMany)).toContain('count.runoffSeatsExceed');
  });
  it('matches a write-in to a candidate whose package name has outer spaces or another Unicode form', () => {
    const [chair, vice, member] = election.positions as [typeof election.positions[0], typeof election.positions[0], typeof election.positions[0]];
    const spaced = { ...chair, candidates: chair.candidates.map((c) => (c.id === 'p-wangfang' ? { ...c, name: ' 王芳 ' } : c)) };
    const result = count({ ...election, positions: [spaced, vice, member] }, [ballot({ chair: { writeIns: ['王芳'] } })]);
    expect(result.positions[0]!.tallies.find((t) => t.person === 'p-wangfang')).toMatchObject({ candidate: true, for: 1 });
    expect(result.positions[0]!.tallies.every((t) => t.candidate)).toBe(true);
  });
});
