/**
 * A round's pile as the count view holds it: the stored ballot documents and this window's
 * pending ones, the running tally of desk A, the write-in names in use. Built from every stored
 * document of the round (`loaded`), or — at a cold start, while those are read — resumed from a
 * stored pile snapshot (`snapshot`: its totals, with the documents stored since folded in).
 */
import type { Ballot, CountResult, ElectionDefinition } from '../../../shared/election/schemas';
import { IncrementalTally } from '../../../shared/rules/incremental';
import type { Entry } from '../../../shared/station/countInput';
import type { BallotDoc } from '../../db/schemas/count';

/** What a resumed pile starts from (a stored pile snapshot, see pileSnapshot.ts). */
export interface PileStart {
  readonly entered: Readonly<Record<Entry, number>>;
  readonly lastSeq: Readonly<Record<Entry, number>>;
  readonly totals: unknown;
  readonly writeIns: readonly string[];
}

/**
 * Updated one document at a time: stored documents (loaded, or inserted by any window) and this
 * window's pending ballots, shown the moment the clerk commits and before storage confirms. A
 * pending ballot becomes stored when its insert event arrives (if another window stored a
 * different document under that id, the stored one replaces it), or is dropped when storage
 * refuses it.
 */
export class Pile {
  private readonly state = new Map<string, 'stored' | 'pending'>();
  /** Desk and place of every stored document read. */
  private readonly places = new Map<string, { readonly entry: Entry; readonly seq: number }>();
  private readonly byId = new Map<string, BallotDoc>();
  /** The active ballots of each desk this pile has read (a resumed pile: those after its start). */
  readonly active: Record<Entry, BallotDoc[]> = { A: [], B: [] };
  private readonly writeInUses = new Map<string, number>();
  /** Active ballots of each desk behind a resumed pile's start (not read; 0 for a loaded pile). */
  private readonly behind: Readonly<Record<Entry, number>>;
  private readonly lastBehind: Readonly<Record<Entry, number>>;
  /** A resumed pile saw the withdrawal of a ballot behind its start: its figures are one off until the load. */
  private missed = false;

  private constructor(
    readonly source: 'loaded' | 'snapshot',
    readonly tally: IncrementalTally | null,
    start: PileStart | null,
  ) {
    this.behind = start?.entered ?? { A: 0, B: 0 };
    this.lastBehind = start?.lastSeq ?? { A: 0, B: 0 };
    for (const name of start?.writeIns ?? []) this.writeInUses.set(name, 1);
  }

  /** An empty pile, to load every stored document of the round into. */
  static empty(election: ElectionDefinition | null, round: number, previous: CountResult | null): Pile {
    return new Pile('loaded', election ? new IncrementalTally(election, round, previous) : null, null);
  }

  /** A pile that starts where a snapshot says the stored ballots stand; null if its totals cannot be this round's. */
  static resume(election: ElectionDefinition, round: number, previous: CountResult | null, start: PileStart): Pile | null {
    const tally = IncrementalTally.resume(election, round, previous, start.totals);
    return tally ? new Pile('snapshot', tally, start) : null;
  }

  get writeIns(): string[] {
    return [...this.writeInUses.keys()];
  }

  /** Active ballots of the desk (a resumed pile: its start's, plus those since). */
  entered(entry: Entry): number {
    return this.behind[entry] + this.active[entry].length;
  }

  /** The place of the desk's last active ballot, 0 for none. */
  lastSeq(entry: Entry): number {
    return this.active[entry].at(-1)?.seq ?? this.lastBehind[entry];
  }

  /** Whether a resumed pile could not follow a withdrawal (of a ballot behind its start). */
  get incomplete(): boolean {
    return this.missed;
  }

  /** The ids of the stored documents read (a loaded pile: every stored document of the round). */
  storedIds(): string[] {
    return [...this.places.keys()];
  }

  /** Stored documents read of the desk at places `from` and later. */
  storedFrom(entry: Entry, from: number): number {
    let count = 0;
    for (const place of this.places.values()) if (place.entry === entry && place.seq >= from) count++;
    return count;
  }

  get hasPending(): boolean {
    for (const state of this.state.values()) if (state === 'pending') return true;
    return false;
  }

  /** Fold in one stored document; false if it was already there. */
  apply(doc: BallotDoc): boolean {
    const state = this.state.get(doc.id);
    if (state === 'stored') return false;
    if (state === 'pending') this.remove(doc.id);
    this.state.set(doc.id, 'stored');
    this.places.set(doc.id, { entry: doc.entry, seq: doc.seq });
    this.add(doc);
    return true;
  }

  /** Show a ballot this window is storing; false if that id is already there. */
  applyPending(doc: BallotDoc): boolean {
    if (this.state.has(doc.id)) return false;
    this.state.set(doc.id, 'pending');
    this.add(doc);
    return true;
  }

  /** Take back a pending ballot that storage refused; false if it was stored or is not here. */
  drop(id: string): boolean {
    if (this.state.get(id) !== 'pending') return false;
    this.remove(id);
    this.state.delete(id);
    return true;
  }

  private add(doc: BallotDoc): void {
    if (doc.kind === 'withdrawal') {
      const target = doc.withdraws ? this.byId.get(doc.withdraws) : undefined;
      if (!target) {
        if (this.source === 'snapshot') this.missed = true;
        return;
      }
      const list = this.active[target.entry];
      const at = list.lastIndexOf(target);
      if (at >= 0) list.splice(at, 1);
      if (target.entry === 'A') this.forget(target);
      return;
    }
    this.byId.set(doc.id, doc);
    const list = this.active[doc.entry];
    // Nearly always at the end; a document from another window may come a little late.
    let at = list.length;
    while (at > 0 && (list[at - 1] as BallotDoc).seq > doc.seq) at--;
    list.splice(at, 0, doc);
    if (doc.entry === 'A') {
      const ballot: Ballot = { id: doc.id, status: doc.status ?? 'blank', marks: doc.marks ?? null };
      this.tally?.add(ballot);
      for (const name of writeInsOf(doc)) this.writeInUses.set(name, (this.writeInUses.get(name) ?? 0) + 1);
    }
  }

  /** Undo `add` of a ballot (pending ballots only: stored documents are never taken back). */
  private remove(id: string): void {
    const doc = this.byId.get(id);
    if (!doc) return;
    this.byId.delete(id);
    const list = this.active[doc.entry];
    const at = list.lastIndexOf(doc);
    if (at >= 0) list.splice(at, 1);
    if (doc.entry === 'A') this.forget(doc);
  }

  private forget(doc: BallotDoc): void {
    this.tally?.withdraw(doc.id);
    for (const name of writeInsOf(doc)) {
      const uses = (this.writeInUses.get(name) ?? 0) - 1;
      if (uses > 0) this.writeInUses.set(name, uses);
      else this.writeInUses.delete(name);
    }
  }
}

function writeInsOf(doc: BallotDoc): string[] {
  return Object.values(doc.marks ?? {}).flatMap((marks) => marks.writeIns);
}

/** A withdrawal of a ballot not yet seen is kept until that ballot arrives. */
export function orderForPile(docs: BallotDoc[]): BallotDoc[] {
  return [...docs.filter((doc) => doc.kind === 'ballot'), ...docs.filter((doc) => doc.kind === 'withdrawal')];
}
