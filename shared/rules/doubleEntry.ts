/**
 * Double entry (RULES.md §7): two clerks enter the same pile independently; the records are
 * compared ballot by ballot by sequence number and every disagreement goes to the 监票人.
 */
import type { Ballot } from '../election/schemas';
import { normalizePersonName } from '../election/names';

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

/** Every sequence number where the two records differ, or only one has a ballot. */
export function compareEntries(a: readonly EnteredBallot[], b: readonly EnteredBallot[]): Disagreement[] {
  const bySeqA = new Map(a.map((ballot) => [ballot.seq, ballot]));
  const bySeqB = new Map(b.map((ballot) => [ballot.seq, ballot]));
  const last = Math.max(0, ...bySeqA.keys(), ...bySeqB.keys());
  const found: Disagreement[] = [];
  for (let seq = 1; seq <= last; seq++) {
    const left = bySeqA.get(seq) ?? null;
    const right = bySeqB.get(seq) ?? null;
    if (!left || !right || ballotKey(left) !== ballotKey(right)) found.push({ seq, a: left, b: right });
  }
  return found;
}
