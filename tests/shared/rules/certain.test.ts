/**
 * 当选 as soon as it is certain (issue 15, item 4): a person certainlyElected names while ballots
 * are still to be read is elected in the final result, whatever those ballots say — over random
 * ballots, orders and rule profiles; with nothing left to read it is exactly the result.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ballot, ElectionDefinition, RulesInput } from '../../../shared/election/schemas';
import { certainlyElected } from '../../../shared/rules/certain';
import { IncrementalTally } from '../../../shared/rules/incremental';
import { demoElection } from '../../helpers/build';

function arbitraryBallots(election: ElectionDefinition) {
  const section = (ids: string[]) =>
    fc.record({ chosen: fc.subarray(ids), writeIns: fc.subarray(['赵六', '马丽'], { maxLength: 1 }) }).map(({ chosen, writeIns }) => ({ for: chosen, writeIns }));
  const marks = fc.tuple(...election.positions.map((position) => section(position.candidates.map((c) => c.id)).map((s) => [position.id, s] as const)));
  // Ballots lean to the first candidates, so some are certain long before the end.
  const oneBallot = marks.map((pairs) => Object.fromEntries(pairs));
  return fc.array(oneBallot, { minLength: 1, maxLength: 40 }).map((list) => list.map((m, i): Ballot => ({ id: `R-${String(i).padStart(4, '0')}`, status: 'valid', marks: m })));
}

const arbitraryRules: fc.Arbitrary<RulesInput> = fc.record(
  { majorityBase: fc.constantFrom('recovered' as const, 'issued' as const), womenRule: fc.constantFrom('reserve' as const, 'none' as const) },
  { requiredKeys: [] },
);

describe('certainlyElected', () => {
  it('never names someone the final count does not elect, and names all of them at the end', () => {
    fc.assert(
      fc.property(
        arbitraryRules.chain((rules) => {
          const election = demoElection(rules);
          return fc.record({ election: fc.constant(election), ballots: arbitraryBallots(election), extra: fc.integer({ min: 0, max: 5 }) });
        }),
        ({ election, ballots, extra }) => {
          const counts = { registeredVoters: ballots.length + extra, participants: ballots.length + extra, ballotsIssued: ballots.length + extra, ballotsRecovered: ballots.length };
          const live = new IncrementalTally(election);
          const claims: Array<ReadonlyMap<string, ReadonlySet<string>>> = [];
          for (const [index, ballot] of ballots.entries()) {
            live.add(ballot);
            claims.push(certainlyElected(live.context, live.result(counts), ballots.length - index - 1));
          }
          const final = live.result(counts);
          for (const claim of claims) {
            for (const position of final.positions) {
              for (const person of claim.get(position.id) ?? []) expect(position.elected).toContain(person);
            }
          }
          const last = claims.at(-1)!;
          for (const position of final.positions) expect([...(last.get(position.id) ?? [])].sort()).toEqual([...position.elected].sort());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('marks a clear winner before the last ballot', () => {
    const election = demoElection({ womenRule: 'none' });
    const position = election.positions[0]!;
    const winner = position.candidates[0]!.id;
    const live = new IncrementalTally(election);
    const total = 10;
    const counts = { registeredVoters: total, participants: total, ballotsIssued: total, ballotsRecovered: total };
    for (let i = 0; i < 8; i++) live.add({ id: `B-${i}`, status: 'valid', marks: { [position.id]: { for: [winner] } } });
    const certain = certainlyElected(live.context, live.result(counts), total - 8);
    expect([...(certain.get(position.id) ?? [])]).toContain(winner);
    // Before the threshold is reached nothing is certain.
    const early = new IncrementalTally(election);
    for (let i = 0; i < 5; i++) early.add({ id: `B-${i}`, status: 'valid', marks: { [position.id]: { for: [winner] } } });
    expect(certainlyElected(early.context, early.result(counts), total - 5).get(position.id)?.size ?? 0).toBe(0);
  });
});
