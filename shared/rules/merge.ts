/**
 * The committee after every round: round 1's result with each runoff round's winners added
 * to the positions it ran. What the results screen, the sheets and the district show.
 */
import type { CountResult, ElectionDefinition } from '../election/schemas';

export interface ElectedPerson {
  readonly person: string;
  readonly name: string;
  readonly round: number;
  readonly votes: number;
  /** A write-in winner awaiting the committee's qualification check (资格审查). */
  readonly pendingQualification: boolean;
}

export interface CommitteePosition {
  readonly id: string;
  readonly title: string;
  readonly rank: number;
  readonly seats: number;
  readonly elected: readonly ElectedPerson[];
  readonly vacant: number;
}

export interface Committee {
  readonly positions: readonly CommitteePosition[];
  /** The last round's result: its runoff (if any) is still to be held. */
  readonly last: CountResult;
  readonly final: boolean;
}

/** Merge the rounds of one election, in round order (round 1 first). */
export function mergeRounds(election: ElectionDefinition, rounds: readonly CountResult[]): Committee {
  const last = rounds[rounds.length - 1];
  if (!last) throw new Error('mergeRounds needs at least one round');
  const positions = [...election.positions]
    .sort((a, b) => a.rank - b.rank)
    .map((position): CommitteePosition => {
      const elected: ElectedPerson[] = [];
      for (const result of rounds) {
        const counted = result.positions.find((p) => p.id === position.id);
        if (!counted || !result.valid) continue;
        for (const person of counted.elected) {
          const tally = counted.tallies.find((t) => t.person === person);
          elected.push({
            person,
            name: tally?.name ?? person,
            round: result.round,
            votes: tally?.for ?? 0,
            pendingQualification: counted.pendingQualification?.includes(person) ?? false,
          });
        }
      }
      return { id: position.id, title: position.title, rank: position.rank, seats: position.seats, elected, vacant: position.seats - elected.length };
    });
  return { positions, last, final: last.runoff === null };
}
