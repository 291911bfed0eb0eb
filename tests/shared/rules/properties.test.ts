/** Invariants of the count, over random ballots and random rule profiles. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ballot, CountResult, ElectionDefinition, RulesInput } from '../../../shared/election/schemas';
import { countRound } from '../../../shared/rules/count';
import { explainPosition } from '../../../shared/rules/explain';
import { IncrementalTally } from '../../../shared/rules/incremental';
import { countInput, demoElection } from '../../helpers/build';

const WRITE_IN_NAMES = ['赵六', ' 赵六', '王芳', '钱七', '马丽'];

function arbitraryMarks(election: ElectionDefinition) {
  const entries = election.positions.map((position) => {
    const ids = position.candidates.map((candidate) => candidate.id);
    const section = fc
      .record({
        chosen: fc.subarray(ids),
        against: fc.subarray(ids),
        writeIns: fc.subarray(WRITE_IN_NAMES, { maxLength: 2 }),
      })
      .map(({ chosen, against, writeIns }) => ({ for: chosen, against: against.filter((id) => !chosen.includes(id)), writeIns }));
    return fc.option(section, { nil: undefined }).map((marks) => [position.id, marks] as const);
  });
  return fc.tuple(...entries).map((pairs) => {
    const marks: NonNullable<Ballot['marks']> = {};
    for (const [positionId, section] of pairs) if (section !== undefined) marks[positionId] = section;
    return marks;
  });
}

function arbitraryBallots(election: ElectionDefinition) {
  const oneBallot = fc.oneof(
    { weight: 8, arbitrary: arbitraryMarks(election).map((marks) => ({ status: 'valid' as const, marks })) },
    { weight: 1, arbitrary: fc.constantFrom('blank' as const, 'unreadable' as const).map((status) => ({ status, marks: null })) },
  );
  return fc.array(oneBallot, { maxLength: 60 }).map((list) => list.map((b, i): Ballot => ({ id: `R-${String(i).padStart(4, '0')}`, ...b })));
}

const arbitraryRules: fc.Arbitrary<RulesInput> = fc.record(
  {
    overvoteScope: fc.constantFrom('position' as const, 'ballot' as const),
    majorityBase: fc.constantFrom('recovered' as const, 'issued' as const),
    womenRule: fc.constantFrom('reserve' as const, 'none' as const),
    samePersonTwoPositions: fc.constantFrom('higher' as const, 'void-both' as const),
    runoffExtraCandidates: fc.integer({ min: 0, max: 3 }),
    maxRunoffs: fc.integer({ min: 0, max: 2 }),
  },
  { requiredKeys: [] },
);

const scenario = arbitraryRules.chain((rules) => {
  const election = demoElection(rules);
  return fc.record({
    election: fc.constant(election),
    ballots: arbitraryBallots(election),
    extraIssued: fc.integer({ min: -3, max: 10 }),
    extraRegistered: fc.integer({ min: 0, max: 80 }),
  });
});

function counted(election: ElectionDefinition, ballots: Ballot[], extraIssued: number, extraRegistered: number): CountResult {
  const issued = Math.max(0, ballots.length + extraIssued);
  return countRound(
    countInput(election, ballots, { ballotsIssued: issued, participants: issued, registeredVoters: issued + extraRegistered }),
  );
}

describe('count invariants', () => {
  it('the result does not depend on the order of the ballots', () => {
    fc.assert(
      fc.property(scenario, fc.infiniteStream(fc.nat()), ({ election, ballots, extraIssued, extraRegistered }, randomness) => {
        const shuffled = [...ballots];
        const iterator = randomness[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (iterator.next().value as number) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as Ballot, shuffled[i] as Ballot];
        }
        expect(counted(election, shuffled, extraIssued, extraRegistered)).toEqual(counted(election, ballots, extraIssued, extraRegistered));
      }),
      { numRuns: 150 },
    );
  });

  it('the incremental tally equals a full recount after any sequence of add and withdraw', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.boolean(), { maxLength: 80 }), ({ election, ballots }, withdrawals) => {
        const live = new IncrementalTally(election);
        const kept: Ballot[] = [];
        let next = 0;
        for (const withdraw of withdrawals) {
          if (withdraw && kept.length > 0) {
            const last = kept.pop() as Ballot;
            expect(live.withdraw(last.id)).toBe(true);
          } else if (next < ballots.length) {
            const ballot = ballots[next++] as Ballot;
            live.add(ballot);
            kept.push(ballot);
          }
          const counts = { registeredVoters: kept.length * 2 + 1, participants: kept.length, ballotsIssued: kept.length, ballotsRecovered: kept.length };
          expect(live.result(counts)).toEqual(countRound(countInput(election, [...kept], counts)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never elects more than the seats, nobody under the threshold, nobody twice; a void round elects nobody', () => {
    fc.assert(
      fc.property(scenario, ({ election, ballots, extraIssued, extraRegistered }) => {
        const result = counted(election, ballots, extraIssued, extraRegistered);
        const everyone = result.positions.flatMap((position) => position.elected);
        expect(new Set(everyone).size).toBe(everyone.length);
        for (const position of result.positions) {
          expect(position.elected.length).toBeLessThanOrEqual(position.seats);
          expect(position.unfilled).toBe(position.seats - position.elected.length);
          for (const person of position.elected) {
            const tally = position.tallies.find((t) => t.person === person);
            expect(tally?.for ?? 0).toBeGreaterThanOrEqual(position.threshold);
          }
          if (!result.valid) expect(position.elected).toEqual([]);
        }
        if (!result.valid) expect(result.runoff).toBeNull();
        expect(result.stats.validBallots + result.stats.invalidBallots).toBe(ballots.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a runoff round built from any first round respects the same bounds', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 40 }), ({ election, ballots }, size) => {
        const round1 = counted(election, ballots, 0, 5);
        if (!round1.runoff) return;
        const runoffBallots: Ballot[] = Array.from({ length: size }, (_, i) => ({
          id: `R2-${i}`,
          status: 'valid',
          marks: Object.fromEntries(
            round1.runoff!.positions.map((p) => [p.id, { for: p.candidates.filter((_, k) => (i + k) % 3 === 0).slice(0, p.seats), against: [], writeIns: [] }]),
          ),
        }));
        const round2 = countRound(countInput(election, runoffBallots, { round: 2, runoffOf: round1, registeredVoters: size + 1 }));
        const before = new Set(round1.positions.flatMap((p) => p.elected));
        for (const position of round2.positions) {
          const called = round1.runoff.positions.find((p) => p.id === position.id);
          expect(position.seats).toBe(called?.seats);
          expect(position.elected.length).toBeLessThanOrEqual(position.seats);
          for (const person of position.elected) expect(before.has(person)).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  /**
   * Few kinds of ballot, each marking as many as the seats, each cast 3 or 6 times: majorities, the
   * women rule's reserve and ties across the last seat happen often.
   */
  const concentrated = arbitraryRules.chain((rules) => {
    const election = demoElection(rules);
    const kind = fc.tuple(
      ...election.positions.map((position) => fc.subarray(position.candidates.map((c) => c.id), { minLength: Math.min(position.seats, position.candidates.length), maxLength: position.seats }).map((chosen) => [position.id, { for: chosen, against: [] as string[], writeIns: [] as string[] }] as const)),
    ).map((pairs): NonNullable<Ballot['marks']> => Object.fromEntries(pairs));
    return fc.record({
      election: fc.constant(election),
      ballots: fc
        .array(fc.tuple(kind, fc.constantFrom(3, 6)), { minLength: 2, maxLength: 5 })
        .map((kinds) => kinds.flatMap(([marks, times]) => Array.from({ length: times }, () => marks)).map((marks, i): Ballot => ({ id: `R-${String(i).padStart(4, '0')}`, status: 'valid', marks }))),
      extraIssued: fc.constant(0),
      extraRegistered: fc.integer({ min: 0, max: 10 }),
    });
  });

  it('explainPosition names only people who reached the threshold and were not elected; the women rule\'s displaced are those the count elects without the rule; the tied share their votes and leave a seat empty', () => {
    fc.assert(
      fc.property(concentrated, ({ election, ballots, extraIssued, extraRegistered }) => {
        const result = counted(election, ballots, extraIssued, extraRegistered);
        const everyone = new Set(result.positions.flatMap((position) => position.elected));
        for (const position of result.positions) {
          const { displaced, tied } = explainPosition(result, position);
          for (const row of [...displaced, ...tied]) {
            expect(row.for).toBeGreaterThanOrEqual(position.threshold);
            expect(everyone.has(row.person)).toBe(false);
          }
          if (displaced.length > 0) {
            expect(['womanTookSeat', 'seatHeldForWomen']).toContain(position.womenRuleOutcome);
            const withoutRule = counted({ ...election, rules: { ...election.rules, womenRule: 'none' } }, ballots, extraIssued, extraRegistered);
            const elected = withoutRule.positions.find((p) => p.id === position.id)?.elected ?? [];
            expect(displaced.map((row) => row.person).sort()).toEqual(elected.filter((person) => !position.elected.includes(person)).sort());
          }
          if (tied.length > 0) {
            expect(tied.length).toBeGreaterThanOrEqual(2);
            expect(new Set(tied.map((row) => row.for)).size).toBe(1);
            expect(position.unfilled).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
