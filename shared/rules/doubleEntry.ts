/**
 * Double entry (RULES.md §7): two clerks enter the same pile independently; the records are
 * compared ballot by ballot by sequence number and every disagreement goes to the 监票人.
 *
 * Ballots are paired by their number (the paper's place in the pile), never by their position
 * in a desk's list: papers one desk lost (a window closed before they were stored) disagree at
 * their own places only, and the papers after them still pair with their twins — one gap is one
 * disagreement (`groupDisagreements`), not a cascade.
 */
import type { Ballot } from '../election/schemas';
import { normalizePersonName } from '../election/names';
import { firstPlaceOf, tableOfPlace } from '../station/countTables';

export interface EnteredBallot {
  readonly seq: number;
  readonly status: Ballot['status'];
  readonly marks?: Ballot['marks'];
}

/** A ballot's content in a form where equal readings are equal strings. */
export function ballotKey(ballot: Pick<EnteredBallot, 'status' | 'marks'>): string {
  if (ballot.status !== 'valid') return ballot.status;
  const positions = Object.keys(ballot.marks ?? {}).sort();
  const parts: string[] = [];
  for (const id of positions) {
    const marks = ballot.marks?.[id];
    const forList = [...(marks?.for ?? [])].sort();
    const against = [...(marks?.against ?? [])].sort();
    const writeIns = (marks?.writeIns ?? []).map(normalizePersonName).sort();
    if (forList.length + against.length + writeIns.length === 0) continue;
    parts.push(`${id}:${forList.join(',')}|${against.join(',')}|${writeIns.join(',')}`);
  }
  return `valid;${parts.join(';')}`;
}

export interface Disagreement {
  readonly seq: number;
  readonly a: EnteredBallot | null;
  readonly b: EnteredBallot | null;
}

/**
 * Every sequence number where the two records differ, or only one has a ballot (paired by
 * number): each table's places from its first to the last either desk read (a one-table count:
 * 1…last; several tables: shared/station/countTables.ts).
 */
export function compareEntries(a: readonly EnteredBallot[], b: readonly EnteredBallot[]): Disagreement[] {
  const bySeqA = new Map(a.map((ballot) => [ballot.seq, ballot]));
  const bySeqB = new Map(b.map((ballot) => [ballot.seq, ballot]));
  const lastOfTable = new Map<number, number>();
  for (const seq of [...bySeqA.keys(), ...bySeqB.keys()]) lastOfTable.set(tableOfPlace(seq), Math.max(lastOfTable.get(tableOfPlace(seq)) ?? 0, seq));
  const found: Disagreement[] = [];
  for (const [table, last] of [...lastOfTable].sort(([x], [y]) => x - y)) {
    for (let seq = firstPlaceOf(table); seq <= last; seq++) {
      const left = bySeqA.get(seq) ?? null;
      const right = bySeqB.get(seq) ?? null;
      if (!left || !right || ballotKey(left) !== ballotKey(right)) found.push({ seq, a: left, b: right });
    }
  }
  return found;
}

/**
 * The disagreements as the 监票人 settles them: a run of consecutive places where the same desk
 * has no ballot (papers it lost, or has not reached yet) is one gap; a place both desks read,
 * differently, stays on its own.
 */
export interface DisagreementGroup {
  readonly from: number;
  readonly to: number;
  /** The desk with no ballot over the whole run; null for one place both desks read differently. */
  readonly missing: 'A' | 'B' | null;
  readonly disagreements: readonly Disagreement[];
}

export function groupDisagreements(found: readonly Disagreement[]): DisagreementGroup[] {
  const groups: { from: number; to: number; missing: 'A' | 'B' | null; disagreements: Disagreement[] }[] = [];
  for (const disagreement of found) {
    const missing = disagreement.a === null ? 'A' : disagreement.b === null ? 'B' : null;
    const last = groups.at(-1);
    if (missing !== null && last && last.missing === missing && last.to === disagreement.seq - 1) {
      last.to = disagreement.seq;
      last.disagreements.push(disagreement);
    } else {
      groups.push({ from: disagreement.seq, to: disagreement.seq, missing, disagreements: [disagreement] });
    }
  }
  return groups;
}
