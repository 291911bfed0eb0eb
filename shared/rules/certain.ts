/**
 * Who is certainly elected while the count is still running (the projector's 当选 as soon as it
 * is certain, issue 15 item 4): a person the running result elects who keeps the seat however the
 * ballots still to read are marked. Conservative — a mark shown early is never taken back:
 *
 * - the round must already be valid (turnout and boxes are known before the first ballot);
 * - every other person of the position who could still reach the person's votes (each unread
 *   ballot may give each of them one vote) is a rival, and so is anyone not yet written in when
 *   the unread ballots alone could reach them; the person is certain when fewer rivals than the
 *   seats left can catch up — a tie at the last seat elects none of the tied, so reaching counts;
 * - under the women reserve (RULES §1) a man's seat can go to a woman: one seat fewer for a man;
 * - a person standing in another position too is left to the end (a seat higher up changes
 *   which seat they take).
 *
 * With no ballot left to read it is exactly the running result's elected.
 */
import type { CountResult } from '../election/schemas';
import type { PersonKey, RoundContext } from './context';

/** Position id → the persons certainly elected there. */
export function certainlyElected(context: RoundContext, live: CountResult, ballotsToRead: number): ReadonlyMap<string, ReadonlySet<PersonKey>> {
  const certain = new Map<string, Set<PersonKey>>();
  const remaining = Math.max(0, ballotsToRead);
  const inPositions = new Map<PersonKey, number>();
  for (const position of live.positions) for (const row of position.tallies) inPositions.set(row.person, (inPositions.get(row.person) ?? 0) + 1);
  for (const position of live.positions) {
    const found = new Set<PersonKey>();
    certain.set(position.id, found);
    if (!live.valid) continue;
    if (remaining === 0) {
      for (const person of position.elected) found.add(person);
      continue;
    }
    for (const person of position.elected) {
      const row = position.tallies.find((tally) => tally.person === person);
      if (!row || row.for < position.threshold) continue;
      if ((inPositions.get(person) ?? 0) > 1) continue;
      if (remaining >= row.for) continue; // someone not yet written in could reach them
      const womanSafe = context.rules.womenRule !== 'reserve' || context.genderOf(person) === 'F';
      const seats = position.seats - (womanSafe ? 0 : 1);
      const rivals = position.tallies.filter((other) => other.person !== person && other.for + remaining >= row.for).length;
      if (rivals < seats) found.add(person);
    }
  }
  return certain;
}
