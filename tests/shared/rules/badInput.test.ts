/** Bad input gets a specific error code through the library (the CLI test checks exit 2). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../../shared/election/parse';
import { tally } from '../../../shared/rules/count';
import { ballot, countInput, demoElection } from '../../helpers/build';

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
});
