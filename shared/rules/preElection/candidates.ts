/**
 * 差额 before polling day: how many formal candidates a position may have (RULES §1, from the
 * rules profile the package will carry), whether its nominees call for a primary (预选, SC-R 22),
 * and the primary's outcome — decided by the count's own seat filling (shared/rules/decide.ts
 * `fillSeats`, most votes first by `compareByVotes`): a tie across the last place advances none
 * of the tied, who go to a new vote, exactly as a tie for the last seat on polling day.
 */
import { maxExtraCandidatesFor, minExtraCandidatesFor, type RulesProfile } from '../../election/profile';
import type { Tally } from '../../election/schemas';
import { fillSeats } from '../decide';
import { compareByVotes } from '../order';

export interface PlannedPosition {
  readonly id: string;
  readonly rank: number;
  readonly seats: number;
}

export interface CandidateRange {
  readonly min: number;
  /** Null: no upper bound in the profile. */
  readonly max: number | null;
}

/** seats + minExtra … seats + maxExtra for `position` among `positions` (the lowest rank is the 委员 position). */
export function candidateRange(position: PlannedPosition, positions: readonly PlannedPosition[], rules: RulesProfile): CandidateRange {
  const lowestRank = Math.max(...positions.map((each) => each.rank));
  const maxExtra = maxExtraCandidatesFor(rules, position.id, position.rank === lowestRank);
  return { min: position.seats + minExtraCandidatesFor(rules, position.id), max: maxExtra === null ? null : position.seats + maxExtra };
}

export function withinRange(count: number, range: CandidateRange): boolean {
  return count >= range.min && (range.max === null || count <= range.max);
}

/** A primary is held when the eligible nominees are more than the formal candidates planned. */
export function primaryNeeded(eligibleNominees: number, formalCandidates: number): boolean {
  return eligibleNominees > formalCandidates;
}

export interface PrimaryVotes {
  readonly nominationId: string;
  readonly name: string;
  readonly votes: number;
}

export interface PrimaryOutcome {
  /** Most votes first (equal votes in stroke order). */
  readonly ranking: readonly PrimaryVotes[];
  readonly advanced: readonly string[];
  /** Tied across the last place: none of them advanced. */
  readonly tiedAtCut: readonly string[];
}

/** Who the primary's votes make formal candidates, `places` of them. */
export function decidePrimary(votes: readonly PrimaryVotes[], places: number): PrimaryOutcome {
  const tallies: Tally[] = votes.map((row) => ({ person: row.nominationId, name: row.name, candidate: true, for: row.votes })).sort(compareByVotes);
  const advanced = fillSeats(tallies, places).map((row) => row.person);
  const chosen = new Set(advanced);
  const lastPlace = advanced.length < places && advanced.length < tallies.length ? tallies[advanced.length] : undefined;
  const tiedAtCut = lastPlace === undefined ? [] : tallies.filter((row) => !chosen.has(row.person) && row.for === lastPlace.for).map((row) => row.person);
  const byId = new Map(votes.map((row) => [row.nominationId, row]));
  return { ranking: tallies.map((row) => byId.get(row.person)!), advanced, tiedAtCut };
}
