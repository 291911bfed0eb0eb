/**
 * The district recount of one station's round from its synced records, the same way the
 * station counted (shared/station/countInput.ts): the opened boxes (`boxes-R`), the ballots
 * of the round with withdrawals and double-entry resolutions (`resolution-R-SEQ`) applied,
 * and for a runoff the recount of the round before. Pure.
 */
import { issue, type ValidationIssue } from '../../shared/election/issues';
import type { Ballot, CountResult, ElectionDefinition } from '../../shared/election/schemas';
import { countRound, readCountInput, resultFromCounts } from '../../shared/rules/count';
import { buildCountInput, countedBallots, type BallotRecord, type BoxesRecord, type Entry } from '../../shared/station/countInput';
import { boxesId, isResolutionOf } from '../../shared/station/recordIds';

export interface CountRecordDoc {
  readonly id: string;
  readonly round?: unknown;
  readonly kind?: unknown;
  readonly data?: unknown;
}

export type Recount =
  | { readonly ok: true; readonly result: CountResult; readonly ballots: readonly Ballot[] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[]; readonly missing?: string };

const isInt = (value: unknown): value is number => Number.isSafeInteger(value);

export function isBallotRecord(doc: unknown): doc is BallotRecord {
  if (typeof doc !== 'object' || doc === null) return false;
  const d = doc as Record<string, unknown>;
  return (
    typeof d.id === 'string' &&
    isInt(d.round) &&
    (d.entry === 'A' || d.entry === 'B') &&
    isInt(d.seq) &&
    (d.kind === 'ballot' || d.kind === 'withdrawal')
  );
}

function isBoxes(data: unknown): data is BoxesRecord {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return isInt(d.recovered) && isInt(d.issued) && isInt(d.registeredVoters) && typeof d.doubleEntry === 'boolean';
}

export function recountRound(election: ElectionDefinition, ballots: readonly unknown[], countRecords: readonly CountRecordDoc[], round: number): Recount {
  const boxesDoc = countRecords.find((doc) => doc.id === boxesId(round));
  if (!boxesDoc || !isBoxes(boxesDoc.data)) return { ok: false, issues: [], missing: `countRecords ${boxesId(round)}` };
  const boxes = boxesDoc.data;
  let previous: CountResult | null = null;
  if (round > 1) {
    const before = recountRound(election, ballots, countRecords, round - 1);
    if (!before.ok) return before;
    previous = before.result;
  }
  const resolutions = new Map<number, Entry>();
  for (const doc of countRecords) {
    if (!isResolutionOf(doc.id, round) || typeof doc.data !== 'object' || doc.data === null) continue;
    const { seq, chosen } = doc.data as { seq?: unknown; chosen?: unknown };
    if (isInt(seq) && (chosen === 'A' || chosen === 'B')) resolutions.set(seq, chosen);
  }
  const docs = ballots.filter(isBallotRecord).filter((doc) => doc.round === round);
  const counted = countedBallots(docs, boxes.doubleEntry, resolutions);
  if (counted.unresolved > 0) return { ok: false, issues: [issue('count.disagreementsOpen', ['ballots'], { count: counted.unresolved })] };
  const input = buildCountInput({ election, round, boxes, ballots: counted.ballots, previous });
  if (boxes.voidReason !== null && boxes.voidReason !== undefined) {
    const counts = { registeredVoters: boxes.registeredVoters, participants: boxes.issued, ballotsIssued: boxes.issued, ballotsRecovered: boxes.recovered };
    return { ok: true, result: resultFromCounts(election, round, previous, counts), ballots: input.ballots };
  }
  const checked = readCountInput(input);
  if (!checked.ok) return { ok: false, issues: checked.issues };
  return { ok: true, result: countRound(checked.value), ballots: input.ballots };
}
