/**
 * The one recount of an archive's records, used when sealing (build.ts) and when verifying
 * (verify.ts): the journal lines of the election → the documents a rebuild gives
 * (journal/documents.ts) → main's count of every round (countFromJournal.ts), the same code
 * that counted the rounds main signed. Each round's result and ballots hash are then compared
 * with a signed result.
 */
import { canonicalJson } from '../../../shared/crypto/canonical';
import { ballotsHash } from '../../../shared/crypto/hash';
import type { Outcome } from '../../../shared/election/issues';
import type { SignedResult } from '../../../shared/election/schemas';
import { countFromDocuments, type JournalCount, type RecountedRound } from '../countFromJournal';
import { documentsFromJournal, type JournalLine, type RecoveredDocuments } from '../journal';
import { firstDifference } from '../signing/signCountResult';

export interface ArchiveRecount {
  readonly documents: RecoveredDocuments;
  readonly count: JournalCount;
}

/** The last round anyone was issued a ballot in, by the journal's check-ins (0 when none). */
export function lastRoundOf(documents: RecoveredDocuments): number {
  return documents.checkins.reduce((last, checkin) => (checkin.status === 'issued' && checkin.round > last ? checkin.round : last), 0);
}

/** Rounds 1…`rounds` counted from `lines` (all rounds the check-ins reach when `rounds` is omitted). */
export function recountLines(lines: readonly JournalLine[], rounds?: number): Outcome<ArchiveRecount> {
  const documents = documentsFromJournal(lines);
  const counted = countFromDocuments(documents, rounds ?? Math.max(1, lastRoundOf(documents)));
  return counted.ok ? { ok: true, value: { documents, count: counted.value } } : counted;
}

/** Where a signed result differs from main's count of its round, or null when it is that count. */
export function differenceFromRecount(round: RecountedRound, signed: SignedResult): string | null {
  if (canonicalJson(round.result) !== canonicalJson(signed.result)) return firstDifference(round.result, signed.result) ?? 'result';
  const ballots = round.kind === 'counted' ? round.input.ballots : [];
  if (ballotsHash(ballots) !== signed.ballotsHash) return `ballotsHash ${ballotsHash(ballots).slice(0, 12)}… ≠ ${signed.ballotsHash.slice(0, 12)}…`;
  return null;
}
