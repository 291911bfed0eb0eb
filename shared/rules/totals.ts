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

/**
 * Running totals as plain JSON, for a cache of them (the station's stored pile snapshot): each
 * position's votes as [person, votes] pairs in person order, so equal totals give equal JSON.
 */
export interface TotalsJson {
  readonly validBallots: number;
  readonly invalidBallots: number;
  readonly positions: readonly { readonly for: readonly (readonly [PersonKey, number])[]; readonly against: readonly (readonly [PersonKey, number])[]; readonly invalidSections: number }[];
}

const inPersonOrder = (votes: Map<PersonKey, number>): [PersonKey, number][] => [...votes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function totalsToJson(totals: RoundTotals): TotalsJson {
  return {
    validBallots: totals.validBallots,
    invalidBallots: totals.invalidBallots,
    positions: totals.positions.map((position) => ({ for: inPersonOrder(position.forVotes), against: inPersonOrder(position.againstVotes), invalidSections: position.invalidSections })),
  };
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isVotes = (value: unknown): value is [PersonKey, number][] =>
  Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && isCount(pair[1]) && pair[1] > 0);

/**
 * Totals of `context` from their JSON, or null when the JSON cannot be totals of this round (a
 * count that is not a whole number ≥ 0, another number of positions, a person twice). Whether
 * they are the totals of the stored ballots is for the caller to check: a cache is never trusted.
 */
export function totalsFromJson(context: RoundContext, json: unknown): RoundTotals | null {
  const value = json as Partial<TotalsJson> | null;
  if (value === null || typeof value !== 'object' || !isCount(value.validBallots) || !isCount(value.invalidBallots)) return null;
  if (!Array.isArray(value.positions) || value.positions.length !== context.positions.length) return null;
  const totals = emptyTotals(context);
  totals.validBallots = value.validBallots;
  totals.invalidBallots = value.invalidBallots;
  for (const [index, position] of value.positions.entries()) {
    const target = totals.positions[index] as PositionTotals;
    const source = position as Partial<TotalsJson['positions'][number]> | null;
    if (source === null || typeof source !== 'object' || !isVotes(source.for) || !isVotes(source.against) || !isCount(source.invalidSections)) return null;
    for (const [person, votes] of source.for) target.forVotes.set(person, votes);
    for (const [person, votes] of source.against) target.againstVotes.set(person, votes);
    if (target.forVotes.size !== source.for.length || target.againstVotes.size !== source.against.length) return null;
    target.invalidSections = source.invalidSections;
  }
  return totals;
}
