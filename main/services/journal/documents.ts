/**
 * Rebuilding the station's records from its journal: the documents the RxDB collections
 * `checkins` and `ballots` held, and the package last imported — so a station whose browser
 * database was lost can be filled again (docs/ELECTRON.md, "Recovery").
 *
 * Rules: the election is the last `election` marker's; every line written while that election
 * was the marked one counts, wherever it is in the journal (a line belongs to the marker before
 * it, and a re-import of the same package — even one written by an older version, which marked
 * every import — hides nothing); a record's last journaled state wins (an undone check-in, a
 * re-issue); a `rejected` entry takes back the latest identical entry it names (a write that
 * lost a race). A record that does not fit the election of its marker (fit.ts: a voter not on
 * the roll, a candidate not on the list, a ballot of a round nobody voted in) is refused — left
 * out and listed in `refused`, with the reason.
 */
import { canonicalJson } from '../../../shared/crypto/canonical';
import type { CheckinRecord } from '../../../shared/station/records';
import type { ElectionPackage } from '../../../shared/election/schemas';
import { electionFit, type ElectionFit, type RefusedRecord } from './fit';
import type { ElectionMark, JournalLine, RecordKind } from './format';
import { splitJournal } from './reader';

export const RECOVERY_FORMAT = 'polling-station/journal-recovery@1';

/** One `ballots` document (the renderer's BallotDoc: a ballot as read, or a withdrawal). */
export type BallotRecord = Readonly<Record<string, unknown>> & { readonly id: string; readonly kind: 'ballot' | 'withdrawal' };

export interface RecoveredDocuments {
  readonly format: typeof RECOVERY_FORMAT;
  /** The package of the last import, or null when the journal has none (an older journal). */
  readonly election: ElectionMark | null;
  /** The `checkins` collection, sorted by id. */
  readonly checkins: readonly CheckinRecord[];
  /** The `ballots` collection (ballots and withdrawals), sorted by id. */
  readonly ballots: readonly BallotRecord[];
  /** The count records main needs to recount a round (boxes, double-entry resolutions), the last state of each id. */
  readonly countRecords: readonly CountRecordLine[];
  /** Lines left out because they do not fit the stored election (fit.ts), in journal order. */
  readonly refused: readonly RefusedRecord[];
  readonly stats: {
    /** Lines of the election (its markers included). */
    readonly lines: number;
    readonly firstSeq: number | null;
    readonly lastSeq: number | null;
    /** Entries taken back by a `rejected` line. */
    readonly rejected: number;
    /** `rejected` lines that named no earlier entry. */
    readonly unmatchedRejections: number;
  };
}

/** A count record as journaled (bridge `journal({ kind: 'count', record })`). */
export type CountRecordLine = Readonly<Record<string, unknown>> & { readonly id: string; readonly round: number; readonly kind: 'boxes' | 'resolution'; readonly data: Readonly<Record<string, unknown>> };

const COLLECTION: Readonly<Record<RecordKind, 'checkins' | 'ballots' | 'count'>> = { checkin: 'checkins', ballot: 'ballots', withdrawal: 'ballots', count: 'count' };

function isRecordKind(kind: string): kind is RecordKind {
  return kind === 'checkin' || kind === 'ballot' || kind === 'withdrawal' || kind === 'count';
}

/** The checks of the marker's election, or null when the marker carries no readable package (an older journal). */
function fitOf(marker: ElectionMark | null): ElectionFit | null {
  const pkg = marker?.package as Partial<ElectionPackage> | null | undefined;
  if (!pkg || typeof pkg !== 'object' || !pkg.election || !Array.isArray(pkg.election.positions) || !Array.isArray(pkg.roll)) return null;
  return electionFit(pkg as ElectionPackage);
}

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The package of the journal's last `election` marker, or null when it has none. */
export function lastElectionMark(lines: readonly JournalLine[]): ElectionMark | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.kind === 'election') return lines[i]!.record as unknown as ElectionMark;
  }
  return null;
}

/**
 * The lines that belong to the election `electionHash`: its markers and every line written
 * after one of them and before a marker of another election. With `null` (a journal without
 * markers, from before they were written) every line.
 */
export function linesOfElection(lines: readonly JournalLine[], electionHash: string | null): JournalLine[] {
  if (electionHash === null) return [...lines];
  let current: string | null = null;
  return lines.filter((line) => {
    if (line.kind === 'election') current = (line.record as Partial<ElectionMark>).electionHash ?? null;
    return current === electionHash;
  });
}

/** The documents a journal (its text, or its parsed lines in order) rebuilds. */
export function documentsFromJournal(journal: string | readonly JournalLine[]): RecoveredDocuments {
  const lines = typeof journal === 'string' ? splitJournal(journal).lines : journal;
  const marker = lastElectionMark(lines);
  const segment = linesOfElection(lines, marker?.electionHash ?? null);
  // Per collection and id, the states written in order; the last one left is the document.
  const states = { checkins: new Map<string, string[]>(), ballots: new Map<string, string[]>(), count: new Map<string, string[]>() };
  const fit = fitOf(marker);
  const seen = { checkinRounds: new Set<number>(), ballotIds: new Set<string>() };
  const refused: RefusedRecord[] = [];
  let rejected = 0;
  let unmatchedRejections = 0;
  for (const line of segment) {
    if (isRecordKind(line.kind)) {
      const record = line.record as { id?: unknown; round?: unknown };
      if (typeof record.id !== 'string') continue;
      const refusal = fit?.refusal(line.kind, line.record, seen) ?? null;
      if (refusal !== null) {
        refused.push({ seq: line.seq, kind: line.kind, id: record.id, ...refusal });
        continue;
      }
      if (line.kind === 'checkin' && typeof record.round === 'number') seen.checkinRounds.add(record.round);
      if (line.kind === 'ballot') seen.ballotIds.add(record.id);
      const map = states[COLLECTION[line.kind]];
      const list = map.get(record.id) ?? [];
      list.push(canonicalJson(line.record));
      map.set(record.id, list);
    } else if (line.kind === 'rejected') {
      const { of, record } = line.record as { of?: unknown; record?: { id?: unknown } };
      const list = typeof of === 'string' && isRecordKind(of) && typeof record?.id === 'string' ? states[COLLECTION[of]].get(record.id) : undefined;
      const wanted = record === undefined ? '' : canonicalJson(record);
      const at = list?.lastIndexOf(wanted) ?? -1;
      if (list && at >= 0) {
        list.splice(at, 1);
        rejected++;
      } else {
        unmatchedRejections++;
      }
    }
  }
  const last = <T>(map: Map<string, string[]>): T[] =>
    [...map.values()].filter((list) => list.length > 0).map((list) => JSON.parse(list[list.length - 1]!) as T);
  return {
    format: RECOVERY_FORMAT,
    election: marker,
    checkins: last<CheckinRecord>(states.checkins).sort(byId),
    ballots: last<BallotRecord>(states.ballots).sort(byId),
    countRecords: last<CountRecordLine>(states.count).sort(byId),
    refused,
    stats: {
      lines: segment.length,
      firstSeq: segment[0]?.seq ?? null,
      lastSeq: segment.at(-1)?.seq ?? null,
      rejected,
      unmatchedRejections,
    },
  };
}
