/**
 * The committee as elected over all rounds: round 1 plus any runoff rounds (the count reports
 * each round alone; merging them is the sheet's job, DECISIONS.md).
 */
import type { Candidate, CountResult, ElectionDefinition, PositionResult } from '../election/schemas';

export interface ElectedPerson {
  readonly positionId: string;
  /** The position's title (主任, 副主任, 委员…). */
  readonly post: string;
  readonly rank: number;
  /** Candidate id, or the written name of a write-in. */
  readonly person: string;
  readonly name: string;
  readonly round: number;
  /** Votes for the person on that position in the round that elected them. */
  readonly votes: number;
  /** A write-in winner who awaits the committee's qualification check (资格审查). */
  readonly pendingQualification: boolean;
  /** The package's details of the person, when they are a candidate of any position. */
  readonly candidate: Candidate | undefined;
}

export function candidateById(election: ElectionDefinition, person: string): Candidate | undefined {
  for (const position of election.positions) {
    const found = position.candidates.find((candidate) => candidate.id === person);
    if (found) return found;
  }
  return undefined;
}

export function positionTitle(election: ElectionDefinition, position: Pick<PositionResult, 'id' | 'title'>): string {
  return election.positions.find((p) => p.id === position.id)?.title ?? position.title ?? position.id;
}

function positionRank(election: ElectionDefinition, id: string): number {
  return election.positions.find((p) => p.id === id)?.rank ?? Number.MAX_SAFE_INTEGER;
}

/** The name printed for `person` on a position of a result (its tally row), else the candidate's name. */
export function personName(election: ElectionDefinition, position: PositionResult | undefined, person: string): string {
  return position?.tallies.find((tally) => tally.person === person)?.name ?? candidateById(election, person)?.name ?? person;
}

/**
 * Everyone elected in `rounds` (oldest first; void rounds elect nobody), by position rank and
 * then seat order, round by round.
 */
export function electedPersons(election: ElectionDefinition, rounds: readonly CountResult[]): ElectedPerson[] {
  const out: ElectedPerson[] = [];
  for (const result of rounds) {
    if (!result.valid) continue;
    for (const position of result.positions) {
      const pending = new Set(position.pendingQualification ?? []);
      for (const person of position.elected) {
        const tally = position.tallies.find((t) => t.person === person);
        out.push({
          positionId: position.id,
          post: positionTitle(election, position),
          rank: positionRank(election, position.id),
          person,
          name: personName(election, position, person),
          round: result.round,
          votes: tally?.for ?? 0,
          pendingQualification: pending.has(person),
          candidate: candidateById(election, person),
        });
      }
    }
  }
  // Stable: rounds and seat order are kept within a rank.
  return out.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.rank - b.entry.rank || a.index - b.index).map(({ entry }) => entry);
}

/** The rounds a sheet covers: the earlier ones that belong before this round, then this round. */
export function roundsOf(current: CountResult, previous: readonly CountResult[] | undefined): CountResult[] {
  return [...(previous ?? []).filter((round) => round.round < current.round), current];
}

export interface SeatSummary {
  readonly positionId: string;
  readonly post: string;
  readonly seats: number;
  readonly elected: number;
  readonly vacant: number;
}

/** Seats per position of the election, and how many are filled over `rounds`. */
export function seatSummary(election: ElectionDefinition, rounds: readonly CountResult[]): SeatSummary[] {
  const elected = electedPersons(election, rounds);
  return [...election.positions]
    .sort((a, b) => a.rank - b.rank)
    .map((position) => {
      const filled = elected.filter((person) => person.positionId === position.id).length;
      return { positionId: position.id, post: position.title, seats: position.seats, elected: filled, vacant: Math.max(0, position.seats - filled) };
    });
}
