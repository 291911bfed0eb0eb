/**
 * Everything a round of counting needs to know about the election, computed once:
 * which positions are on this round's ballot, who may be marked there, who is who.
 * Round 1 puts every position on the ballot; a runoff round (RULES.md §6) only the
 * positions and candidates its earlier result called.
 */
import { electionRules, type RulesProfile } from '../election/profile';
import { normalizePersonName } from '../election/names';
import type { CountResult, ElectionDefinition, Gender } from '../election/schemas';
import { sortByStroke } from './order';

/** A person is a candidate id, or for a write-in that names no candidate, the written name. */
export type PersonKey = string;

export interface PositionContext {
  /** Index in `RoundContext.positions` (rank order). */
  readonly index: number;
  readonly id: string;
  readonly title: string;
  readonly rank: number;
  /** Seats to fill in this round (a runoff fills only what the earlier round left). */
  readonly seats: number;
  /** Persons on this round's ballot for the position, in stroke order. */
  readonly candidates: readonly PersonKey[];
  readonly candidateSet: ReadonlySet<PersonKey>;
  /** Only women can take the position's seats this round (妇女委员, or a women-only runoff). */
  readonly womenOnly: boolean;
}

export interface RoundContext {
  readonly election: ElectionDefinition;
  readonly rules: RulesProfile;
  readonly round: number;
  readonly isRunoff: boolean;
  readonly previous: CountResult | null;
  /** This round's positions, highest first (rank 1 = 主任). */
  readonly positions: readonly PositionContext[];
  readonly positionById: ReadonlyMap<string, PositionContext>;
  /** Written name (normalized: `normalizePersonName`) → the candidate person of that name (any position). */
  readonly personByName: ReadonlyMap<string, PersonKey>;
  readonly nameOf: (person: PersonKey) => string;
  readonly genderOf: (person: PersonKey) => Gender | null;
  /** Persons on any candidate list of the election (a write-in winner outside it awaits 资格审查). */
  readonly candidatePersons: ReadonlySet<PersonKey>;
  /** Persons elected in earlier rounds, to any position. */
  readonly electedBefore: ReadonlySet<PersonKey>;
  /** Persons elected in earlier rounds, by position id (every earlier round, not only the last). */
  readonly electedEarlier: Readonly<Record<string, readonly PersonKey[]>>;
  /** The 委员 position: the lowest-ranked one of the election, where the women rule reserves a seat. */
  readonly membersPositionId: string;
}

export function buildRoundContext(election: ElectionDefinition, round: number, previous: CountResult | null): RoundContext {
  const rules = electionRules(election);
  const names = new Map<PersonKey, string>();
  const genders = new Map<PersonKey, Gender>();
  const personByName = new Map<string, PersonKey>();
  const candidatePersons = new Set<PersonKey>();
  for (const position of election.positions) {
    for (const candidate of position.candidates) {
      names.set(candidate.id, candidate.name);
      genders.set(candidate.id, candidate.gender);
      personByName.set(normalizePersonName(candidate.name), candidate.id);
      candidatePersons.add(candidate.id);
    }
  }
  const electedEarlier = electedThrough(previous);
  const electedBefore = new Set<PersonKey>(Object.values(electedEarlier).flat());
  for (const position of previous?.positions ?? []) {
    for (const tally of position.tallies) if (!names.has(tally.person)) names.set(tally.person, tally.name);
  }

  const byRank = [...election.positions].sort((a, b) => a.rank - b.rank);
  const lowest = byRank[byRank.length - 1];
  const nameOf = (person: PersonKey): string => names.get(person) ?? person;

  const positions: PositionContext[] = [];
  if (previous === null) {
    for (const position of byRank) {
      const candidates = sortByStroke(
        position.candidates.map((candidate) => candidate.id),
        nameOf,
      );
      positions.push({
        index: positions.length,
        id: position.id,
        title: position.title,
        rank: position.rank,
        seats: position.seats,
        candidates,
        candidateSet: new Set(candidates),
        womenOnly: position.womenOnly === true,
      });
    }
  } else {
    const called = new Map((previous.runoff?.positions ?? []).map((runoff) => [runoff.id, runoff]));
    for (const position of byRank) {
      const runoff = called.get(position.id);
      if (!runoff) continue;
      const candidates = sortByStroke(runoff.candidates, nameOf);
      positions.push({
        index: positions.length,
        id: position.id,
        title: position.title,
        rank: position.rank,
        seats: runoff.seats,
        candidates,
        candidateSet: new Set(candidates),
        womenOnly: runoff.womenOnly || position.womenOnly === true,
      });
    }
  }

  return {
    election,
    rules,
    round,
    isRunoff: previous !== null,
    previous,
    positions,
    positionById: new Map(positions.map((position) => [position.id, position])),
    personByName,
    nameOf,
    genderOf: (person) => genders.get(person) ?? null,
    candidatePersons,
    electedBefore,
    electedEarlier,
    membersPositionId: lowest?.id ?? '',
  };
}

/**
 * Who was elected up to and including `result`'s round, by position: the rounds before it (its
 * `electedInEarlierRounds`) and its own. A runoff result without that record (made before it
 * existed) gives only its own round's.
 */
export function electedThrough(result: CountResult | null): Record<string, PersonKey[]> {
  const elected: Record<string, PersonKey[]> = {};
  if (result === null) return elected;
  for (const [positionId, persons] of Object.entries(result.electedInEarlierRounds ?? {})) elected[positionId] = [...persons];
  for (const position of result.positions) {
    if (position.elected.length > 0) elected[position.id] = [...(elected[position.id] ?? []), ...position.elected];
  }
  return elected;
}
