/**
 * The rules of RULES.md §3–§6 one by one, including every profile parameter and the cases
 * docs/DECISIONS.md settles.
 */
import { describe, expect, it } from 'vitest';
import { ballot, ballotsWithVotes, count, demoElection, invalidBallot, positionOf, times, votesOf } from '../../helpers/build';

const MEN_LEAD = { chair: { 'p-liming': 60, 'p-wangfang': 40 }, vice: { 'p-zhangwei': 60, 'p-chenjing': 40 } };

describe('validity of the round (§3)', () => {
  const ballots = times(51, { chair: ['p-wangfang'] });
  it('needs more than half of the registered voters', () => {
    expect(count(demoElection(), ballots, { registeredVoters: 102 }).voidReason).toBe('turnout');
    expect(count(demoElection(), ballots, { registeredVoters: 101 }).valid).toBe(true);
  });
  it('needs more than two thirds in representative mode', () => {
    const election = { ...demoElection(), method: 'representative' as const };
    expect(count(election, ballots, { registeredVoters: 77 }).voidReason).toBe('turnout'); // 51*3 = 153 < 154
    expect(count(election, ballots, { registeredVoters: 76 }).valid).toBe(true); // 153 > 152
  });
  it('is void when more ballots are recovered than issued, and elects nobody', () => {
    const result = count(demoElection(), ballots, { ballotsIssued: 50, registeredVoters: 60 });
    expect(result.voidReason).toBe('recoveredExceedsIssued');
    expect(result.positions.every((p) => p.elected.length === 0 && p.unfilled === p.seats)).toBe(true);
    expect(result.runoff).toBeNull();
  });
});

describe('reading a ballot (§4)', () => {
  it('a position with more ○ than seats is invalid for that position only', () => {
    const result = count(demoElection(), [
      ballot({ chair: ['p-wangfang', 'p-liming'], vice: ['p-zhangwei'] }),
      ballot({ chair: ['p-wangfang'], vice: ['p-zhangwei'] }),
    ]);
    expect(positionOf(result, 'chair').invalidSections).toBe(1);
    expect(votesOf(result, 'chair', 'p-wangfang')).toBe(1);
    expect(votesOf(result, 'vice', 'p-zhangwei')).toBe(2);
    expect(result.stats.validBallots).toBe(2);
  });
  it('with overvoteScope "ballot" an overvote voids the whole ballot', () => {
    const result = count(demoElection({ overvoteScope: 'ballot' }), [
      ballot({ chair: ['p-wangfang', 'p-liming'], vice: ['p-zhangwei'] }),
      ballot({ chair: ['p-wangfang'], vice: ['p-zhangwei'] }),
    ]);
    expect(result.stats).toMatchObject({ validBallots: 1, invalidBallots: 1 });
    expect(votesOf(result, 'vice', 'p-zhangwei')).toBe(1);
    expect(positionOf(result, 'chair').invalidSections).toBe(0);
  });
  it('counts a ballot recorded valid but without any mark as blank (invalid)', () => {
    const empty = { ...ballot({}), marks: { chair: { for: [], against: [], writeIns: [] } } };
    const result = count(demoElection(), [empty, invalidBallot('unreadable'), ballot({ chair: { against: ['p-liming'] } })]);
    expect(result.stats).toMatchObject({ validBallots: 1, invalidBallots: 2 });
  });
  it('a write-in ○ of a candidate the voter crossed × still counts toward the overvote', () => {
    // One seat: ○ 王芳, × 李明 and 李明 written in with ○ — two people marked ○.
    const result = count(demoElection(), [ballot({ chair: { for: ['p-wangfang'], against: ['p-liming'], writeIns: ['李明'] } }), ballot({ chair: ['p-wangfang'] })]);
    expect(positionOf(result, 'chair').invalidSections).toBe(1);
    expect(votesOf(result, 'chair', 'p-wangfang')).toBe(1);
  });
  it('a ballot whose only marks cancel each other (× and a write-in of the same person) is valid, not blank', () => {
    const result = count(demoElection(), [ballot({ chair: { against: ['p-liming'], writeIns: ['李明'] } }), ballot({ chair: ['p-wangfang'] })]);
    expect(result.stats).toMatchObject({ validBallots: 2, invalidBallots: 0 });
    expect(positionOf(result, 'chair').tallies.find((t) => t.person === 'p-liming')).toMatchObject({ for: 0, against: 0, abstain: 2 });
  });
  it('abstain is what is neither for nor against on a valid section', () => {
    const result = count(demoElection(), [ballot({ chair: { for: ['p-wangfang'], against: ['p-liming'] } }), ballot({ vice: ['p-zhangwei'] })]);
    const liming = positionOf(result, 'chair').tallies.find((t) => t.person === 'p-liming');
    expect(liming).toMatchObject({ for: 0, against: 1, abstain: 1 });
  });
  it('a write-in of a candidate\'s exact name is that candidate; equal names are merged; outer spaces ignored', () => {
    const result = count(demoElection(), [
      ballot({ chair: { writeIns: ['王芳'] } }),
      ballot({ chair: { writeIns: [' 赵六 '] } }),
      ballot({ chair: { writeIns: ['赵六'] } }),
      ballot({ chair: { writeIns: ['赵 六'] } }),
    ]);
    const chair = positionOf(result, 'chair');
    expect(chair.tallies.find((t) => t.person === 'p-wangfang')).toMatchObject({ candidate: true, for: 1 });
    expect(chair.tallies.find((t) => t.person === '赵六')).toEqual({ person: '赵六', name: '赵六', candidate: false, for: 2 });
    expect(chair.tallies.find((t) => t.person === '赵 六')?.for).toBe(1);
  });
  it('a ○ and a write-in of the same person on one position count once', () => {
    const result = count(demoElection(), [ballot({ chair: { for: ['p-wangfang'], writeIns: ['王芳'] } })]);
    expect(positionOf(result, 'chair').invalidSections).toBe(0);
    expect(votesOf(result, 'chair', 'p-wangfang')).toBe(1);
  });
  it('the same person ○ on two positions counts for the higher one by default', () => {
    const result = count(demoElection(), [ballot({ chair: ['p-wangfang'], member: { writeIns: ['王芳'] } })]);
    expect(votesOf(result, 'chair', 'p-wangfang')).toBe(1);
    expect(votesOf(result, 'member', 'p-wangfang')).toBe(0);
  });
  it('with samePersonTwoPositions "void-both" it counts on neither, and other marks still count', () => {
    const result = count(demoElection({ samePersonTwoPositions: 'void-both' }), [
      ballot({ chair: ['p-wangfang'], member: { for: ['p-mali'], writeIns: ['王芳'] } }),
    ]);
    expect(votesOf(result, 'chair', 'p-wangfang')).toBe(0);
    expect(votesOf(result, 'member', 'p-wangfang')).toBe(0);
    expect(votesOf(result, 'member', 'p-mali')).toBe(1);
  });
  it('the same-person rule looks only at valid sections: a ○ in an overvoted one takes nothing away', () => {
    const result = count(demoElection(), [ballot({ chair: ['p-wangfang', 'p-liming'], member: { writeIns: ['王芳'] } })]);
    expect(positionOf(result, 'chair').invalidSections).toBe(1);
    expect(votesOf(result, 'member', 'p-wangfang')).toBe(1);
  });
  it('tallies are sorted by votes, then by the stroke order of the name', () => {
    const result = count(demoElection(), ballotsWithVotes(10, { member: { 'p-yuhai': 4, 'p-liuyang': 4, 'p-dingyi': 4, 'p-mali': 6 } }));
    expect(positionOf(result, 'member').tallies.map((t) => t.name)).toEqual(['马丽', '丁一', '于海', '刘洋', '白雪']);
  });
});

describe('who is elected (§5)', () => {
  it('threshold is more than half of the ballots recovered, or of those issued by profile', () => {
    const ballots = times(79, { chair: ['p-wangfang'] });
    expect(positionOf(count(demoElection(), ballots, { ballotsIssued: 80 }), 'chair').threshold).toBe(40);
    expect(positionOf(count(demoElection({ majorityBase: 'issued' }), ballots, { ballotsIssued: 82 }), 'chair').threshold).toBe(42);
  });
  it('exactly half is not enough', () => {
    const result = count(demoElection(), ballotsWithVotes(80, { chair: { 'p-wangfang': 40, 'p-liming': 40 } }));
    expect(positionOf(result, 'chair').elected).toEqual([]);
    expect(result.runoff?.positions[0]).toMatchObject({ id: 'chair', seats: 1, candidates: ['p-wangfang', 'p-liming'] });
  });
  it('a tie across the last seat elects none of the tied; all of them go to the runoff', () => {
    const result = count(
      demoElection(),
      ballotsWithVotes(100, { chair: { 'p-wangfang': 60 }, vice: { 'p-zhangwei': 60 }, member: { 'p-liuyang': 80, 'p-mali': 60, 'p-dingyi': 60, 'p-yuhai': 60, 'p-baixue': 10 } }),
    );
    const member = positionOf(result, 'member');
    expect(member.elected).toEqual(['p-liuyang']);
    expect(member.unfilled).toBe(2);
    // two empty seats + 1 = 3 candidates: the three tied.
    expect(result.runoff?.positions[0]?.candidates.sort()).toEqual(['p-dingyi', 'p-mali', 'p-yuhai']);
  });
  it('a person elected to a higher position is removed from lower positions before they are filled', () => {
    const ballots = [
      ...times(60, { chair: ['p-wangfang'], vice: ['p-zhangwei'], member: { for: ['p-liuyang', 'p-dingyi'] } }),
      ...times(40, { chair: ['p-liming'], vice: ['p-chenjing'], member: { for: ['p-liuyang'], writeIns: ['王芳'] } }),
    ];
    const result = count(demoElection(), ballots);
    expect(positionOf(result, 'chair').elected).toEqual(['p-wangfang']);
    expect(votesOf(result, 'member', 'p-wangfang')).toBe(40);
    expect(positionOf(result, 'member').elected).not.toContain('p-wangfang');
  });
  it('a write-in winner is elected pending the qualification check', () => {
    const result = count(demoElection(), times(60, { chair: { writeIns: ['赵六'] } }));
    expect(positionOf(result, 'chair')).toMatchObject({ elected: ['赵六'], pendingQualification: ['赵六'] });
  });
});

describe('the women rule (§1)', () => {
  it('reserve: a woman over the threshold takes the last 委员 seat from the man with fewest votes', () => {
    const result = count(demoElection(), ballotsWithVotes(100, { ...MEN_LEAD, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 70, 'p-mali': 55, 'p-baixue': 5 } }));
    expect(positionOf(result, 'member')).toMatchObject({ elected: ['p-liuyang', 'p-dingyi', 'p-mali'], womenRuleOutcome: 'womanTookSeat', unfilled: 0 });
    expect(result.runoff).toBeNull();
  });
  it('reserve: with no woman over the threshold the seat is held for a women-only runoff', () => {
    const result = count(demoElection(), ballotsWithVotes(100, { ...MEN_LEAD, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 70, 'p-mali': 45, 'p-baixue': 15 } }));
    expect(positionOf(result, 'member')).toMatchObject({ elected: ['p-liuyang', 'p-dingyi'], unfilled: 1, womenRuleOutcome: 'seatHeldForWomen' });
    expect(result.runoff?.positions).toEqual([{ id: 'member', seats: 1, candidates: ['p-mali', 'p-baixue'], womenOnly: true }]);
  });
  it('reserve: top women tied over the threshold — the seat goes to a women-only runoff', () => {
    const result = count(demoElection(), ballotsWithVotes(100, { ...MEN_LEAD, member: { 'p-liuyang': 56, 'p-dingyi': 55, 'p-yuhai': 54, 'p-mali': 52, 'p-baixue': 52 } }));
    expect(positionOf(result, 'member').elected).toEqual(['p-liuyang', 'p-dingyi']);
    expect(result.runoff?.positions[0]).toMatchObject({ seats: 1, womenOnly: true });
    expect(result.runoff?.positions[0]?.candidates.sort()).toEqual(['p-baixue', 'p-mali']);
  });
  it('reserve: a woman written in on 委员 (a candidate of another position) does not take the reserved seat', () => {
    // 陈静 stands for 副主任 (no votes there); 60 voters write her in on 委员: over the threshold, below the three men.
    const lead = { chair: { 'p-liming': 60, 'p-wangfang': 40 }, vice: { 'p-zhangwei': 60 } };
    const ballots = ballotsWithVotes(100, { ...lead, member: { 'p-liuyang': 72, 'p-dingyi': 71, 'p-yuhai': 70, 'p-mali': 27 } }).map((b) => {
      const member = b.marks?.member;
      return member?.for?.length === 2 ? { ...b, marks: { ...b.marks, member: { ...member, writeIns: ['陈静'] } } } : b;
    });
    const result = count(demoElection(), ballots);
    expect(votesOf(result, 'member', 'p-chenjing')).toBe(60);
    expect(positionOf(result, 'member')).toMatchObject({ elected: ['p-liuyang', 'p-dingyi'], unfilled: 1, womenRuleOutcome: 'seatHeldForWomen' });
    expect(result.runoff?.positions[0]).toMatchObject({ id: 'member', seats: 1, womenOnly: true });
    expect(result.runoff?.positions[0]?.candidates).toContain('p-chenjing');
  });
  it('reserve: a woman elected to any position satisfies the rule', () => {
    const result = count(demoElection(), ballotsWithVotes(100, { chair: { 'p-wangfang': 60 }, vice: { 'p-zhangwei': 60 }, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 70, 'p-mali': 55 } }));
    expect(positionOf(result, 'member')).toMatchObject({ elected: ['p-liuyang', 'p-dingyi', 'p-yuhai'], womenRuleOutcome: null });
  });
  it('reserve: a woman tied at the cut with a man takes the empty seat', () => {
    const result = count(demoElection(), ballotsWithVotes(100, { ...MEN_LEAD, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 60, 'p-mali': 60, 'p-baixue': 5 } }));
    expect(positionOf(result, 'member')).toMatchObject({ elected: ['p-liuyang', 'p-dingyi', 'p-mali'], unfilled: 0 });
    expect(result.runoff).toBeNull();
  });
  it('none: no seat is reserved', () => {
    const result = count(demoElection({ womenRule: 'none' }), ballotsWithVotes(100, { ...MEN_LEAD, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 70, 'p-mali': 55 } }));
    expect(positionOf(result, 'member').elected).toEqual(['p-liuyang', 'p-dingyi', 'p-yuhai']);
    expect(result.notices).toEqual([]);
  });
  it('dedicated: a 妇女委员 position is elected like any other, and only women can take it', () => {
    const base = demoElection({ womenRule: 'dedicated' });
    const election = {
      ...base,
      positions: [
        ...base.positions.map((p) => (p.id === 'member' ? { ...p, seats: 2 } : p)),
        { id: 'women', title: '妇女委员', rank: 4, seats: 1, writeInLines: 1, womenOnly: true, candidates: [{ id: 'p-sunli', name: '孙丽', gender: 'F' as const }, { id: 'p-zhoumei', name: '周梅', gender: 'F' as const }] },
      ],
    };
    const result = count(election, ballotsWithVotes(100, { ...MEN_LEAD, member: { 'p-liuyang': 90, 'p-dingyi': 80 }, women: { 'p-sunli': 70, 'p-zhoumei': 20 } }));
    expect(positionOf(result, 'women').elected).toEqual(['p-sunli']);
    expect(positionOf(result, 'member').elected).toEqual(['p-liuyang', 'p-dingyi']);
  });
});

describe('the runoff (§6)', () => {
  const firstRound = () =>
    count(demoElection(), ballotsWithVotes(100, { chair: { 'p-wangfang': 60 }, vice: { 'p-zhangwei': 60 }, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 40, 'p-mali': 30, 'p-baixue': 30 } }));

  it('lists one more than the empty seats, ties at the cut included', () => {
    const round1 = firstRound();
    expect(positionOf(round1, 'member').unfilled).toBe(1);
    expect(round1.runoff?.positions[0]?.candidates).toEqual(['p-yuhai', 'p-mali', 'p-baixue']);
  });
  it('runoffExtraCandidates sets how many more than the empty seats', () => {
    const round1 = count(demoElection({ runoffExtraCandidates: 2 }), ballotsWithVotes(100, { chair: { 'p-wangfang': 60 }, vice: { 'p-zhangwei': 60 }, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 40, 'p-mali': 30, 'p-baixue': 20 } }));
    expect(round1.runoff?.positions[0]?.candidates).toEqual(['p-yuhai', 'p-mali', 'p-baixue']);
  });
  it('the runoff needs at least one third of the ballots recovered, and most votes win', () => {
    const round1 = firstRound();
    const round2 = count(demoElection(), ballotsWithVotes(90, { member: { 'p-yuhai': 29, 'p-mali': 30, 'p-baixue': 31 } }), { round: 2, runoffOf: round1, registeredVoters: 120 });
    expect(positionOf(round2, 'member')).toMatchObject({ threshold: 30, elected: ['p-baixue'], unfilled: 0 });
    const tooFew = count(demoElection(), ballotsWithVotes(90, { member: { 'p-yuhai': 29, 'p-mali': 28, 'p-baixue': 29 } }), { round: 2, runoffOf: round1, registeredVoters: 120 });
    expect(positionOf(tooFew, 'member')).toMatchObject({ elected: [], unfilled: 1 });
    expect(tooFew.runoff).toBeNull(); // maxRunoffs 1: the seat stays vacant
  });
  it('runoffThreshold "majority" asks more than half in the runoff too', () => {
    const election = demoElection({ runoffThreshold: 'majority' });
    const round1 = count(election, ballotsWithVotes(100, { chair: { 'p-wangfang': 60 }, vice: { 'p-zhangwei': 60 }, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 40, 'p-mali': 30 } }));
    const round2 = count(election, ballotsWithVotes(90, { member: { 'p-yuhai': 45, 'p-mali': 40 } }), { round: 2, runoffOf: round1, registeredVoters: 120 });
    expect(positionOf(round2, 'member')).toMatchObject({ threshold: 46, elected: [] });
  });
  it('the turnout rule applies again by default, and not with runoffTurnoutRule false', () => {
    const round1 = firstRound();
    const ballots = ballotsWithVotes(50, { member: { 'p-yuhai': 40 } });
    expect(count(demoElection(), ballots, { round: 2, runoffOf: round1, registeredVoters: 120 }).voidReason).toBe('turnout');
    const relaxed = count(demoElection({ runoffTurnoutRule: false }), ballots, { round: 2, runoffOf: round1, registeredVoters: 120 });
    expect(positionOf(relaxed, 'member').elected).toEqual(['p-yuhai']);
  });
  it('maxRunoffs 0 leaves empty seats vacant, and says so when the 主任 seat is empty', () => {
    const result = count(demoElection({ maxRunoffs: 0 }), ballotsWithVotes(100, { chair: { 'p-wangfang': 50, 'p-liming': 50 }, vice: { 'p-zhangwei': 60 }, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-mali': 70 } }));
    expect(result.runoff).toBeNull();
    expect(result.notices).toContain('chairVacantVicePresides');
  });
  it('minMembersForVacancy flags a final result with too few members elected', () => {
    const result = count(demoElection({ maxRunoffs: 0, minMembersForVacancy: 5 }), ballotsWithVotes(100, { ...MEN_LEAD, member: { 'p-liuyang': 90, 'p-mali': 80 } }));
    expect(result.notices).toContain('belowMinMembersForVacancy');
  });
  it('in a women-only runoff only women can be elected, and the rule is met', () => {
    const round1 = count(demoElection(), ballotsWithVotes(100, { ...MEN_LEAD, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 70, 'p-mali': 45, 'p-baixue': 15 } }));
    const round2 = count(demoElection(), ballotsWithVotes(90, { member: { 'p-mali': 40, 'p-baixue': 35 } }), { round: 2, runoffOf: round1, registeredVoters: 120 });
    expect(positionOf(round2, 'member').elected).toEqual(['p-mali']);
    expect(round2.notices).not.toContain('noWomanElected');
  });
  it('a second runoff still knows who round 1 elected (maxRunoffs 2)', () => {
    const election = demoElection({ maxRunoffs: 2 });
    // Round 1: 王芳 主任, 张伟 副主任, two 委员; 于海 and 马丽 tie for the last seat, twice.
    const round1 = count(election, ballotsWithVotes(100, { chair: { 'p-wangfang': 60 }, vice: { 'p-zhangwei': 60 }, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 55, 'p-mali': 55 } }));
    const round2 = count(election, ballotsWithVotes(90, { member: { 'p-yuhai': 40, 'p-mali': 40 } }), { round: 2, runoffOf: round1, registeredVoters: 120 });
    expect(round2.runoff?.positions[0]).toMatchObject({ id: 'member', seats: 1 });
    const earlier = { chair: ['p-wangfang'], vice: ['p-zhangwei'], member: ['p-liuyang', 'p-dingyi'] };
    expect(round2.electedInEarlierRounds).toEqual(earlier);

    // Round 3: a woman is already on the committee (round 1), so the man with most votes keeps the seat.
    const round3 = count(election, ballotsWithVotes(90, { member: { 'p-yuhai': 40, 'p-mali': 30 } }), { round: 3, runoffOf: round2, registeredVoters: 120 });
    expect(positionOf(round3, 'member')).toMatchObject({ elected: ['p-yuhai'], womenRuleOutcome: null });
    expect(round3.notices).toEqual([]);
    expect(round3.electedInEarlierRounds).toEqual(earlier);

    // …and 王芳, 主任 since round 1, cannot take a 委员 seat by write-ins in round 3.
    const writeIns = [...times(45, { member: { writeIns: ['王芳'] } }), ...ballotsWithVotes(45, { member: { 'p-yuhai': 30, 'p-mali': 15 } })];
    const withWriteIns = count(election, writeIns, { round: 3, runoffOf: round2, registeredVoters: 120 });
    expect(votesOf(withWriteIns, 'member', 'p-wangfang')).toBe(45);
    expect(positionOf(withWriteIns, 'member').elected).toEqual(['p-yuhai']);
  });
  it('a name written in on a runoff ballot is read as in round 1: a write-in winner, pending qualification', () => {
    const round2 = count(demoElection(), [...times(40, { member: { writeIns: ['钱七'] } }), ...ballotsWithVotes(50, { member: { 'p-yuhai': 30, 'p-mali': 20 } })], {
      round: 2,
      runoffOf: firstRound(),
      registeredVoters: 120,
    });
    expect(positionOf(round2, 'member')).toMatchObject({ elected: ['钱七'], pendingQualification: ['钱七'] });
  });
  it('a runoff ballot may only mark the runoff positions and candidates', () => {
    const round1 = firstRound();
    expect(() => count(demoElection(), [ballot({ chair: ['p-wangfang'] })], { round: 2, runoffOf: round1 })).toThrow(/positionNotInRunoff/);
    expect(() => count(demoElection(), [ballot({ member: ['p-liuyang'] })], { round: 2, runoffOf: round1 })).toThrow(/unknownCandidate/);
  });
});

describe('merging rounds into the committee', () => {
  it('adds each runoff winner to the position it ran, with its round', async () => {
    const { mergeRounds } = await import('../../../shared/rules/merge');
    const round1 = count(demoElection(), ballotsWithVotes(100, { chair: { 'p-wangfang': 60 }, vice: { 'p-zhangwei': 60 }, member: { 'p-liuyang': 90, 'p-dingyi': 80, 'p-yuhai': 40, 'p-mali': 30 } }));
    const round2 = count(demoElection(), ballotsWithVotes(90, { member: { 'p-yuhai': 40, 'p-mali': 35 } }), { round: 2, runoffOf: round1, registeredVoters: 120 });
    const committee = mergeRounds(demoElection(), [round1, round2]);
    expect(committee.final).toBe(true);
    const member = committee.positions.find((p) => p.id === 'member');
    expect(member?.elected.map((e) => [e.person, e.round])).toEqual([['p-liuyang', 1], ['p-dingyi', 1], ['p-yuhai', 2]]);
    expect(member?.vacant).toBe(0);
    expect(mergeRounds(demoElection(), [round1]).final).toBe(false);
  });
});
