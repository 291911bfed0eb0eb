/**
 * Whether a journaled record fits the election it was written under (the package of its
 * `election` marker): a check-in of a voter on the roll (not struck), a ballot whose marks name
 * positions of the election and, in round 1, only candidates on the list (a runoff's candidates
 * are checked by the recount against the round's own list), a withdrawal of a ballot the journal
 * holds, a count record of a known round — and every record of a round the election can have
 * (1 + maxRunoffs) in which the journal holds a check-in. Recovery refuses a record that does not
 * fit and says which and why (documents.ts); main's recount before signing reads only records
 * that fit (countFromJournal.ts). Pure: the records in, the reasons out.
 */
import { electionRules } from '../../../shared/election/profile';
import type { ElectionDefinition, ElectionPackage } from '../../../shared/election/schemas';

export type RefusalReason = 'voterNotOnRoll' | 'voterStruck' | 'unknownRound' | 'unknownPosition' | 'candidateNotOnList' | 'unknownBallot' | 'malformed';

/** A journal line recovery left out, and why. */
export interface RefusedRecord {
  readonly seq: number;
  readonly kind: string;
  readonly id: string;
  readonly reason: RefusalReason;
  /** The voter, candidate, position or round at fault. */
  readonly detail: string;
}

export interface ElectionFit {
  /** Why `record` (of `kind`) does not fit, or null. `checkinRounds`: the rounds with a check-in so far. */
  refusal(kind: string, record: Readonly<Record<string, unknown>>, seen: FitState): { reason: RefusalReason; detail: string } | null;
}

/** What the records before this one established. */
export interface FitState {
  readonly checkinRounds: ReadonlySet<number>;
  readonly ballotIds: ReadonlySet<string>;
}

interface Marks {
  readonly for?: unknown;
  readonly against?: unknown;
}

export function electionFit(pkg: Pick<ElectionPackage, 'election' | 'roll'>): ElectionFit {
  const election: ElectionDefinition = pkg.election;
  const roll = new Map(pkg.roll.map((voter) => [voter.id, voter.status]));
  const positions = new Map(election.positions.map((position) => [position.id, new Set(position.candidates.map((candidate) => candidate.id))]));
  const lastRound = 1 + electionRules(election).maxRunoffs;
  return {
    refusal(kind, record, seen) {
      const round = record.round;
      if (typeof round !== 'number' || !Number.isInteger(round)) return { reason: 'malformed', detail: 'round' };
      if (round < 1 || round > lastRound) return { reason: 'unknownRound', detail: String(round) };
      if (kind === 'checkin') {
        const voter = String(record.voterId);
        const status = roll.get(voter);
        if (status === undefined) return { reason: 'voterNotOnRoll', detail: voter };
        if (status !== 'registered' && record.status === 'issued') return { reason: 'voterStruck', detail: voter };
        return null;
      }
      // Ballots, withdrawals and count records belong to a round someone voted in.
      if (!seen.checkinRounds.has(round)) return { reason: 'unknownRound', detail: String(round) };
      if (kind === 'withdrawal') {
        const target = String(record.withdraws);
        return seen.ballotIds.has(target) ? null : { reason: 'unknownBallot', detail: target };
      }
      if (kind !== 'ballot') return null;
      const marks = record.marks;
      if (marks === undefined || marks === null) return null;
      if (typeof marks !== 'object' || Array.isArray(marks)) return { reason: 'malformed', detail: 'marks' };
      for (const [positionId, mark] of Object.entries(marks as Record<string, Marks>)) {
        const candidates = positions.get(positionId);
        if (!candidates) return { reason: 'unknownPosition', detail: positionId };
        if (round !== 1) continue;
        for (const list of [mark?.for, mark?.against]) {
          if (list === undefined) continue;
          if (!Array.isArray(list)) return { reason: 'malformed', detail: `marks.${positionId}` };
          const stranger: unknown = (list as unknown[]).find((person) => typeof person !== 'string' || !candidates.has(person));
          if (stranger !== undefined) return { reason: 'candidateNotOnList', detail: `${positionId}: ${JSON.stringify(stranger)}` };
        }
      }
      return null;
    },
  };
}
