/**
 * Running totals of a round (计票): the sum of ballot readings. Adding or withdrawing a
 * reading touches only the marks on that ballot, so the live count stays O(marks).
 */
import type { PersonKey, RoundContext } from './context';
import type { BallotReading } from './readBallot';

export interface PositionTotals {
  readonly forVotes: Map<PersonKey, number>;
  readonly againstVotes: Map<PersonKey, number>;
  invalidSections: number;
}

export interface RoundTotals {
  validBallots: number;
  invalidBallots: number;
  readonly positions: readonly PositionTotals[];
}

export function emptyTotals(context: RoundContext): RoundTotals {
  return {
    validBallots: 0,
    invalidBallots: 0,
    positions: context.positions.map(() => ({ forVotes: new Map(), againstVotes: new Map(), invalidSections: 0 })),
  };
}

function bump(votes: Map<PersonKey, number>, person: PersonKey, by: 1 | -1): void {
  const next = (votes.get(person) ?? 0) + by;
  // A person with no vote has no entry, so a withdrawn write-in leaves no trace and the
  // totals stay equal to a recount of the remaining ballots.
  if (next === 0) votes.delete(person);
  else votes.set(person, next);
}

/** Add (`+1`) or withdraw (`-1`) one ballot's reading. */
export function applyReading(totals: RoundTotals, reading: BallotReading, by: 1 | -1): void {
  if (!reading.valid) {
    totals.invalidBallots += by;
    return;
  }
  totals.validBallots += by;
  const { sections } = reading;
  for (let index = 0; index < sections.length; index++) {
    const section = sections[index];
    const position = totals.positions[index];
    if (!section || !position) continue;
    if (section.invalid) {
      position.invalidSections += by;
      continue;
    }
    for (const person of section.for) bump(position.forVotes, person, by);
    for (const person of section.against) bump(position.againstVotes, person, by);
  }
}
