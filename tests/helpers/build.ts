/** Small builders for count tests: the spec's demo election, ballots by shorthand, counts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT, type Ballot, type CountInput, type CountResult, type ElectionDefinition, type RulesInput } from '../../shared/election/schemas';
import { countRound, readCountInput } from '../../shared/rules/count';
import { SCENARIO_DIR } from './scenarios';

export function demoElection(rules: RulesInput = {}): ElectionDefinition {
  const input = JSON.parse(readFileSync(join(SCENARIO_DIR, '01-basic-direct.input.json'), 'utf8')) as CountInput;
  return { ...input.election, rules };
}

export type Shorthand = Record<string, { for?: string[]; against?: string[]; writeIns?: string[] } | string[]>;

let sequence = 0;
export function ballot(marks: Shorthand, id = `B-${++sequence}`): Ballot {
  const full: NonNullable<Ballot['marks']> = {};
  for (const [position, value] of Object.entries(marks)) {
    full[position] = Array.isArray(value)
      ? { for: value, against: [], writeIns: [] }
      : { for: value.for ?? [], against: value.against ?? [], writeIns: value.writeIns ?? [] };
  }
  return { id, status: 'valid', marks: full };
}

export function invalidBallot(status: 'blank' | 'unreadable' = 'blank'): Ballot {
  return { id: `B-${++sequence}`, status, marks: null };
}

export function times(n: number, marks: Shorthand): Ballot[] {
  return Array.from({ length: n }, () => ballot(marks));
}

export interface CountOptions {
  registeredVoters?: number;
  participants?: number;
  ballotsIssued?: number;
  round?: number;
  runoffOf?: CountResult | null;
}

export function countInput(election: ElectionDefinition, ballots: Ballot[], options: CountOptions = {}): CountInput {
  const recovered = ballots.length;
  return {
    format: FORMAT.countInput,
    election,
    round: options.round ?? 1,
    registeredVoters: options.registeredVoters ?? recovered + 20,
    participants: options.participants ?? recovered,
    ballotsIssued: options.ballotsIssued ?? recovered,
    ballotsRecovered: recovered,
    ballots,
    runoffOf: options.runoffOf ?? null,
  };
}

/** Validate (so a test cannot count input the real path would refuse) and count. */
export function count(election: ElectionDefinition, ballots: Ballot[], options: CountOptions = {}): CountResult {
  const input = readCountInput(countInput(election, ballots, options));
  if (!input.ok) throw new Error(`invalid test input: ${JSON.stringify(input.issues.slice(0, 3))}`);
  return countRound(input.value);
}

export function positionOf(result: CountResult, id: string) {
  const position = result.positions.find((p) => p.id === id);
  if (!position) throw new Error(`no position ${id}`);
  return position;
}

export function votesOf(result: CountResult, positionId: string, person: string): number {
  return positionOf(result, positionId).tallies.find((t) => t.person === person)?.for ?? 0;
}

/**
 * `total` valid ballots on which each person gets exactly the votes asked for. Each
 * position's votes are laid cyclically over the ballots, so no ballot gets more marks
 * than ⌈votes/total⌉ (≤ seats when the numbers allow it) and nobody twice on one ballot.
 */
export function ballotsWithVotes(total: number, targets: Record<string, Record<string, number>>): Ballot[] {
  const marks: Shorthand[] = Array.from({ length: total }, () => ({}));
  for (const [position, votes] of Object.entries(targets)) {
    let cursor = 0;
    for (const [person, n] of Object.entries(votes)) {
      if (n > total) throw new Error(`${person} cannot get ${n} votes on ${total} ballots`);
      for (let k = 0; k < n; k++) {
        const entry = marks[(cursor + k) % total] as Shorthand;
        const list = (entry[position] ??= []) as string[];
        list.push(person);
      }
      cursor = (cursor + n) % total;
    }
  }
  return marks.map((m) => (Object.keys(m).length === 0 ? invalidBallot() : ballot(m)));
}
