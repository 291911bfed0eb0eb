/**
 * The ballots and withdrawals a journal holds, by id, per election (as `linesOfElection` groups
 * lines: a line belongs to the election marker before it). They are append-only records, so an
 * id names one record for good:
 *
 * - a second, different record under an id the journal holds is refused (`JournalConflict`) —
 *   for a ballot even if a `rejected` line took the first back: an id is never given to another
 *   ballot (a withdrawal, whose id is its ballot's, may be written anew once taken back);
 * - the same record again is acknowledged without a second line while it stands, and written
 *   again when a `rejected` line took it back (a retry after the database refused it);
 * - a desk's records from a place on, with whether each stands, answer the renderer's question
 *   "what does main hold past my database?" (bridge `journaledBallots`).
 */
import { canonicalJson } from '../../../shared/crypto/canonical';
import type { JournaledPlaces, JournaledRecord } from '../../../shared/bridge/StationBridge';
import type { ElectionMark, JournalLine, LineKind } from './format';

/** A record refused because the journal holds another one under its id. */
export class JournalConflict extends Error {
  constructor(
    readonly id: string,
    /** The journal line holding the record the id names. */
    readonly line: number,
  ) {
    super(`journal line ${line} already holds a different record with id ${id}: an id names one ballot for good`);
    this.name = 'JournalConflict';
  }
}

interface Held {
  readonly kind: 'ballot' | 'withdrawal';
  readonly record: JournaledRecord['record'];
  readonly content: string;
  readonly line: number;
  standing: boolean;
}

const isBallotKind = (kind: unknown): kind is 'ballot' | 'withdrawal' => kind === 'ballot' || kind === 'withdrawal';

export class BallotIndex {
  private readonly byElection = new Map<string | null, Map<string, Held>>();
  /** The election of the last marker read or written (null before any: a journal without markers). */
  private current: string | null = null;

  static of(lines: readonly JournalLine[]): BallotIndex {
    const index = new BallotIndex();
    for (const line of lines) index.add(line);
    return index;
  }

  private held(): Map<string, Held> {
    let held = this.byElection.get(this.current);
    if (!held) {
      held = new Map();
      this.byElection.set(this.current, held);
    }
    return held;
  }

  /** Takes in one line as written (in the journal's order). */
  add(line: JournalLine): void {
    if (line.kind === 'election') {
      this.current = (line.record as Partial<ElectionMark>).electionHash ?? null;
    } else if (isBallotKind(line.kind)) {
      const id = line.record.id;
      if (typeof id !== 'string') return;
      const content = canonicalJson(line.record);
      const existing = this.held().get(id);
      // A journal written before ids were checked may hold two records under one id: the first keeps it.
      if (existing && existing.content !== content && existing.standing) return;
      this.held().set(id, { kind: line.kind, record: line.record as JournaledRecord['record'], content, line: line.seq, standing: true });
    } else if (line.kind === 'rejected') {
      const { of, record } = line.record as { of?: unknown; record?: { id?: unknown } };
      if (!isBallotKind(of) || typeof record?.id !== 'string') return;
      const existing = this.held().get(record.id);
      if (existing && existing.kind === of && existing.content === canonicalJson(record)) existing.standing = false;
    }
  }

  /**
   * Before `record` is written as `kind`: null to write it; the line already holding this very
   * record while it stands (nothing to write); throws JournalConflict for another record under
   * an id the journal holds.
   */
  check(kind: LineKind, record: Readonly<Record<string, unknown>>): number | null {
    if (!isBallotKind(kind) || typeof record.id !== 'string') return null;
    const existing = this.held().get(record.id);
    if (!existing) return null;
    if (existing.kind !== kind || existing.content !== canonicalJson(record)) {
      // A withdrawal's id is its ballot's: once one was taken back, the ballot may be withdrawn anew.
      if (kind === 'withdrawal' && existing.kind === kind && !existing.standing) return null;
      throw new JournalConflict(record.id, existing.line);
    }
    return existing.standing ? existing.line : null;
  }

  /** One desk's ballots and withdrawals of the current election at places ≥ `from`, in journal order. */
  places(round: number, entry: string, from: number): JournaledPlaces {
    let lastSeq = 0;
    const records: JournaledRecord[] = [];
    for (const held of this.held().values()) {
      const { record } = held;
      if (record.round !== round || record.entry !== entry) continue;
      if (held.kind === 'ballot' && record.seq > lastSeq) lastSeq = record.seq;
      if (record.seq >= from) records.push({ record, standing: held.standing });
    }
    return { lastSeq, records };
  }
}
