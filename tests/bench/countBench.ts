/** Count benchmarks (issue 2): a full count of 100,000 ballots and one incremental add. */
import { seededRandom } from '../../main/services/demo/prng';
import type { Ballot, CountInput } from '../../shared/election/schemas';
import { countRound, readCountInput } from '../../shared/rules/count';
import { IncrementalTally } from '../../shared/rules/incremental';
import { countInput, demoElection } from '../helpers/build';
import { type BenchRow, median, timeMs } from './measure';

export function syntheticBallots(count: number, seed = 1): Ballot[] {
  const election = demoElection();
  const next = seededRandom(seed);
  const ballots: Ballot[] = [];
  for (let i = 0; i < count; i++) {
    const roll = next();
    if (roll < 0.02) {
      ballots.push({ id: `R1-${String(i).padStart(6, '0')}`, status: roll < 0.01 ? 'blank' : 'unreadable', marks: null });
      continue;
    }
    const marks: NonNullable<Ballot['marks']> = {};
    for (const position of election.positions) {
      const chosen = position.candidates.filter(() => next() < position.seats / position.candidates.length + 0.1).map((c) => c.id);
      const writeIns = next() < 0.01 ? ['赵六'] : [];
      marks[position.id] = { for: chosen, against: [], writeIns };
    }
    ballots.push({ id: `R1-${String(i).padStart(6, '0')}`, status: 'valid', marks });
  }
  return ballots;
}

export function countBenchmarks(): BenchRow[] {
  const election = demoElection();
  const ballots = syntheticBallots(100_000);
  const input: CountInput = countInput(election, ballots, { registeredVoters: 150_000 });

  const full = median(Array.from({ length: 15 }, () => timeMs(() => countRound(input))));
  const validated = median(Array.from({ length: 5 }, () => timeMs(() => readCountInput(input))));

  const live = new IncrementalTally(election);
  const samples: number[] = [];
  for (const ballot of syntheticBallots(20_000, 2)) samples.push(timeMs(() => live.add(ballot)));
  const counts = { registeredVoters: 30_000, participants: 20_000, ballotsIssued: 20_000, ballotsRecovered: 20_000 };
  const snapshot = median(Array.from({ length: 200 }, () => timeMs(() => live.result(counts))));

  return [
    { name: 'full count, 100,000 ballots (3 positions, 9 candidates)', value: full, unit: 'ms', goal: '≤ 200 ms', baseline: '33 ms (issue 19)' },
    { name: 'CountInput validation, 100,000 ballots (schema + every ballot)', value: validated, unit: 'ms', goal: '—', baseline: '614 ms (issue 19)' },
    // The district recounts every station's ballots, so validation is on its hot path: at most 3× the count itself.
    { name: 'CountInput validation ÷ full count, same 100,000 ballots', value: validated / full, unit: 'ratio', goal: '≤ 3', baseline: '18.6 (614 ÷ 33 ms)' },
    { name: 'incremental add of one ballot (median of 20,000)', value: median(samples), unit: 'ms', goal: '≤ 0.05 ms' },
    { name: 'live result from running totals (median)', value: snapshot, unit: 'ms', goal: '—' },
  ];
}
