/**
 * Why a person who reached the threshold was not elected, read from a signed CountResult for the
 * printed sheet (issue 18, the sheet review): the women rule (§1 `reserve`) kept them from a seat
 * their votes had won, or a tie across the last seat (§5) elected none of the tied. Derived from
 * the result alone with the count's own seat rule (decide.ts `fillSeats`), so a sheet printed from
 * a stored result says the same as the count that made it.
 */
import type { CountResult, PositionResult, Tally } from '../election/schemas';
import { fillSeats } from './decide';

export interface PositionExplanation {
  /** Reached the threshold and would have been elected by votes, but the women rule gave the seat to a woman (or held it for one). */
  readonly displaced: readonly Tally[];
  /** Reached the threshold, tied with each other across the last seat: none of them elected, the seat left empty. */
  readonly tied: readonly Tally[];
}

const NOTHING: PositionExplanation = { displaced: [], tied: [] };

/** Who this round's rules kept out of position `position` of `result`, and why. */
export function explainPosition(result: CountResult, position: PositionResult): PositionExplanation {
  if (!result.valid) return NOTHING;
  // Elected elsewhere (another position of this round, or an earlier round): not eligible here (§5).
  const electedElsewhere = new Set<string>(Object.values(result.electedInEarlierRounds ?? {}).flat());
  for (const other of result.positions) if (other.id !== position.id) for (const person of other.elected) electedElsewhere.add(person);
  const eligible = position.tallies.filter((row) => row.for >= position.threshold && !electedElsewhere.has(row.person));
  const elected = new Set(position.elected);
  const reserve = position.womenRuleOutcome === 'womanTookSeat' || position.womenRuleOutcome === 'seatHeldForWomen';
  const displaced = reserve ? fillSeats(eligible, position.seats).filter((row) => !elected.has(row.person)) : [];
  if (position.unfilled <= 0) return { displaced, tied: [] };
  const open = eligible.filter((row) => !elected.has(row.person) && !displaced.includes(row));
  const top = open[0];
  const tied = top ? open.filter((row) => row.for === top.for) : [];
  return { displaced, tied: tied.length >= 2 ? tied : [] };
}
