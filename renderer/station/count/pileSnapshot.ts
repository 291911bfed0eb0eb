/**
 * The stored pile snapshot: what the count screen needs of a round's pile (each desk's ballots
 * entered and last place, desk A's running totals, the write-in names) with what it covers (the
 * number of stored ballot documents of the round and a hash of their ids), so that a cold start
 * shows the count at once and reads the 10,000 ballots behind it (issue 19).
 *
 * It is a cache, never a record: the count that gets signed is main's recount of its journal,
 * and the totals are shared/rules' own (IncrementalTally), only kept here. It is shown only if
 * it still covers as many documents as the round has stored (documents are never removed, so a
 * snapshot older than the last ballot is not shown), and marked as being checked until the
 * whole pile is read: then it is computed again from the stored documents, and a snapshot that
 * differs in anything is dropped and the pile as read shown (countView.ts).
 *
 * Where it is kept: the window's localStorage, under the database's name and the round (see
 * docs/DECISIONS.md "Pile snapshot") — not a collection, so nothing of it is synced or journaled.
 */
import { canonicalJson, sha256Hex } from '../../../shared/crypto';
import type { TotalsJson } from '../../../shared/rules/totals';
import type { Entry } from '../../../shared/station/countInput';
import type { Pile, PileStart } from './pile';

const FORMAT = 'pile-snapshot@1';

export interface PileSnapshot extends PileStart {
  readonly format: typeof FORMAT;
  readonly round: number;
  /** The round whose result the tally was built against (a runoff), 0 for none. */
  readonly runoffOf: number;
  /** Stored ballot documents of the round it covers (ballots and withdrawals, both desks). */
  readonly documents: number;
  /** SHA-256 of their ids in id order, one per line: documents are never changed, so the ids say which ones. */
  readonly hash: string;
  /**
   * Stored documents of each desk at its last place (`lastSeq`; every place if none) and later.
   * A desk's first document after the snapshot is the withdrawal of that last ballot or a ballot
   * at a later place, and documents are never removed: if these still match, nothing was added.
   */
  readonly tail: Readonly<Record<Entry, number>>;
  readonly totals: TotalsJson;
}

/** Where snapshots are kept: localStorage's three methods (an in-memory one in tests). */
export interface SnapshotStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The window's localStorage, or null where there is none (or it refuses to be used). */
export function windowSnapshotStore(): SnapshotStore | null {
  try {
    return (globalThis as { localStorage?: SnapshotStore }).localStorage ?? null;
  } catch {
    return null;
  }
}

export const snapshotKey = (database: string, round: number): string => `pile-snapshot:${database}:${round}`;

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The hash of a set of stored document ids (order-free). */
export function documentsHash(ids: readonly string[]): string {
  return sha256Hex([...ids].sort(byCodeUnits).join('\n'));
}

/** The snapshot of a pile loaded from storage (every stored document read), or null while it holds pending ballots or has no tally. */
export function snapshotOf(pile: Pile, round: number, runoffOf: number): PileSnapshot | null {
  if (pile.source !== 'loaded' || !pile.tally || pile.hasPending) return null;
  const ids = pile.storedIds();
  const desks = (value: (entry: Entry) => number): Record<Entry, number> => ({ A: value('A'), B: value('B') });
  return {
    format: FORMAT,
    round,
    runoffOf,
    documents: ids.length,
    hash: documentsHash(ids),
    tail: desks((entry) => pile.storedFrom(entry, pile.lastSeq(entry))),
    entered: desks((entry) => pile.entered(entry)),
    lastSeq: desks((entry) => pile.lastSeq(entry)),
    totals: pile.tally.totalsJson(),
    writeIns: [...pile.writeIns].sort(byCodeUnits),
  };
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isDesks = (value: unknown): value is Record<Entry, number> => value !== null && typeof value === 'object' && isCount((value as Record<string, unknown>).A) && isCount((value as Record<string, unknown>).B);

/** The stored snapshot of the round, if there is one of the right shape for it (not yet checked against the ballots). */
export function readSnapshot(store: SnapshotStore, database: string, round: number, runoffOf: number): PileSnapshot | null {
  let value: Partial<PileSnapshot> | null;
  try {
    value = JSON.parse(store.getItem(snapshotKey(database, round)) ?? 'null') as Partial<PileSnapshot> | null;
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || value.format !== FORMAT || value.round !== round || value.runoffOf !== runoffOf) return null;
  if (!isCount(value.documents) || typeof value.hash !== 'string' || !/^[0-9a-f]{64}$/.test(value.hash)) return null;
  if (!isDesks(value.tail) || !isDesks(value.entered) || !isDesks(value.lastSeq) || !Array.isArray(value.writeIns) || !value.writeIns.every((name) => typeof name === 'string')) return null;
  return value as PileSnapshot;
}

/** Stored documents of each desk from the snapshot's last places on, as it says (two index counts over a few documents). */
export async function tailStillMatches(snapshot: PileSnapshot, countFrom: (entry: Entry, seq: number) => Promise<number>): Promise<boolean> {
  const [a, b] = await Promise.all([countFrom('A', snapshot.lastSeq.A), countFrom('B', snapshot.lastSeq.B)]);
  return a === snapshot.tail.A && b === snapshot.tail.B;
}

/** Whether two snapshots say the same in everything (the stored one, and one computed from the stored ballots). */
export function sameSnapshot(a: PileSnapshot, b: PileSnapshot): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function writeSnapshot(store: SnapshotStore, database: string, snapshot: PileSnapshot): void {
  try {
    store.setItem(snapshotKey(database, snapshot.round), JSON.stringify(snapshot));
  } catch {
    // A full or refused storage only costs the next cold start its head start.
  }
}

export function dropSnapshot(store: SnapshotStore, database: string, round: number): void {
  try {
    store.removeItem(snapshotKey(database, round));
  } catch {
    // nothing to drop
  }
}
