/**
 * The live count: ballots as entered (per desk), the running tally of the core, double-entry
 * disagreements and every round's result. Shared by the entry screen and the projector.
 *
 * Ballots are append-only (a withdrawal is a document too), so the view loads a round's
 * ballots once and then folds in each insert — from this window or another — in O(1):
 * the running tally adds or withdraws that one ballot. Nothing re-reads the whole pile per
 * keypress (measured in `npm run bench`: 10,000 ballots stored).
 */
import { combineLatest, defer, distinctUntilChanged, EMPTY, filter, from, map, merge, mergeMap, Observable, shareReplay, switchMap } from 'rxjs';
import type { Ballot, CountResult, ElectionDefinition } from '../../shared/election/schemas';
import type { RoundContext } from '../../shared/rules/context';
import { compareEntries, type Disagreement } from '../../shared/rules/doubleEntry';
import { IncrementalTally } from '../../shared/rules/incremental';
import type { ProducedSheets } from '../../shared/bridge/StationBridge';
import type { StationDatabase } from '../db/database';
import type { BallotDoc, CountRecordDoc } from '../db/schemas/count';
import type { PollingDayGate } from '../machine/gate';
import { asEntered, type BoxesRecord, type Entry } from '../../shared/station/countInput';
import { boxesId, countBallotId, resultId, sheetId } from '../../shared/station/recordIds';
import type { LocalBallotChange } from './count/context';

export interface CountView {
  readonly round: number;
  readonly boxes: BoxesRecord | null;
  /** Who may be marked this round (round 2: the runoff candidates only). */
  readonly context: RoundContext | null;
  readonly entries: Readonly<Record<Entry, readonly BallotDoc[]>>;
  /** The running result of desk A's ballots with the counts of the opened boxes. */
  readonly live: CountResult | null;
  readonly disagreements: readonly Disagreement[];
  readonly resolutions: ReadonlyMap<number, Entry>;
  /** Results of the rounds decided so far, round 1 first. */
  readonly results: readonly CountResult[];
  /** Write-in names already used this round, for suggestions. */
  readonly writeIns: readonly string[];
  /** The signed results and the printed sheet, once main has produced them. */
  readonly sheet: ProducedSheets | null;
}

function machineRound$(actor: PollingDayGate): Observable<number> {
  return new Observable<number>((subscriber) => {
    subscriber.next(actor.getSnapshot().context.round);
    const subscription = actor.subscribe((snapshot) => subscriber.next(snapshot.context.round));
    return () => subscription.unsubscribe();
  });
}

/**
 * A round's pile as it stands, updated one document at a time: stored documents (loaded, or
 * inserted by any window) and this window's pending ballots, shown the moment the clerk
 * commits and before storage confirms. A pending ballot becomes stored when its insert event
 * arrives (if another window stored a different document under that id, the stored one
 * replaces it), or is dropped when storage refuses it.
 */
export class Pile {
  private readonly state = new Map<string, 'stored' | 'pending'>();
  private readonly byId = new Map<string, BallotDoc>();
  readonly active: Record<Entry, BallotDoc[]> = { A: [], B: [] };
  private readonly writeInUses = new Map<string, number>();
  readonly tally: IncrementalTally | null;

  constructor(election: ElectionDefinition | null, round: number, previous: CountResult | null) {
    this.tally = election ? new IncrementalTally(election, round, previous) : null;
  }

  get writeIns(): string[] {
    return [...this.writeInUses.keys()];
  }

  /** Fold in one stored document; false if it was already there. */
  apply(doc: BallotDoc): boolean {
    const state = this.state.get(doc.id);
    if (state === 'stored') return false;
    if (state === 'pending') this.remove(doc.id);
    this.state.set(doc.id, 'stored');
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
      if (!target) return;
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
function orderForPile(docs: BallotDoc[]): BallotDoc[] {
  return [...docs.filter((doc) => doc.kind === 'ballot'), ...docs.filter((doc) => doc.kind === 'withdrawal')];
}

function pile$(db: StationDatabase, round: number, election: ElectionDefinition | null, previous: CountResult | null, local$: Observable<LocalBallotChange>): Observable<Pile> {
  return defer(() => {
    const pile = new Pile(election, round, previous);
    const inserted$ = db.ballots.insert$.pipe(
      map((event) => event.documentData as BallotDoc),
      filter((doc) => doc.round === round),
    );
    // Subscribe to inserts first, then load: an insert in between is folded in once (by id).
    const initial$ = from(db.ballots.find({ selector: { round } }).exec()).pipe(
      map((docs) => orderForPile(docs.map((doc) => doc.toJSON() as BallotDoc))),
    );
    let loaded = false;
    const early: BallotDoc[] = [];
    return merge(
      initial$.pipe(
        map((docs) => {
          for (const doc of docs) pile.apply(doc);
          for (const doc of early.splice(0)) pile.apply(doc);
          loaded = true;
          return pile;
        }),
      ),
      inserted$.pipe(
        mergeMap((doc) => {
          if (!loaded) {
            early.push(doc);
            return [];
          }
          return pile.apply(doc) ? [pile] : [];
        }),
      ),
      // This window's ballots, shown synchronously on commit (before the pile has loaded,
      // the stored document arrives with the load instead).
      local$.pipe(
        filter((change) => loaded && change.doc.round === round),
        mergeMap((change) => ((change.type === 'entered' ? pile.applyPending(change.doc) : pile.drop(change.doc.id)) ? [pile] : [])),
      ),
    );
  });
}

export function countView$(db: StationDatabase, actor: PollingDayGate, election$: Observable<ElectionDefinition | null>, local$: Observable<LocalBallotChange> = EMPTY): Observable<CountView> {
  return combineLatest([machineRound$(actor).pipe(distinctUntilChanged()), election$]).pipe(
    switchMap(([round, election]) => {
      const records$ = db.countRecords.find().$.pipe(
        map((docs) => new Map(docs.map((doc) => [doc.id, doc.toJSON() as CountRecordDoc]))),
        shareReplay({ bufferSize: 1, refCount: true }),
      );
      // The pile restarts only when this round's context changes (a runoff's earlier result).
      const previous$ = records$.pipe(
        map((records) => (records.get(resultId(round - 1))?.data as { result?: CountResult } | undefined)?.result ?? null),
        distinctUntilChanged((x, y) => (x?.round ?? 0) === (y?.round ?? 0)),
      );
      const pileNow$ = previous$.pipe(switchMap((previous) => pile$(db, round, election, previous, local$)));
      return combineLatest([records$, pileNow$]).pipe(map(([records, pile]): CountView => buildView(round, records, pile)));
    }),
  );
}

function buildView(round: number, records: ReadonlyMap<string, CountRecordDoc>, pile: Pile): CountView {
  const boxes = (records.get(boxesId(round))?.data as BoxesRecord | undefined) ?? null;
  const results: CountResult[] = [];
  for (let r = 1; r <= round; r++) {
    const result = (records.get(resultId(r))?.data as { result?: CountResult } | undefined)?.result;
    if (result) results.push(result);
  }
  const resolutions = new Map<number, Entry>();
  for (const record of records.values()) {
    if (record.kind === 'resolution' && record.round === round) resolutions.set(record.data.seq as number, record.data.chosen as Entry);
  }
  const counts = boxes
    ? { registeredVoters: boxes.registeredVoters, participants: boxes.issued, ballotsIssued: boxes.issued, ballotsRecovered: boxes.recovered }
    : null;
  const a = [...pile.active.A];
  const b = [...pile.active.B];
  return {
    round,
    boxes,
    context: pile.tally?.context ?? null,
    entries: { A: a, B: b },
    live: pile.tally && counts ? pile.tally.result(counts) : null,
    disagreements: boxes?.doubleEntry ? compareEntries(a.map(asEntered), b.map(asEntered)) : [],
    resolutions,
    results,
    writeIns: pile.writeIns,
    sheet: (records.get(sheetId(round))?.data as ProducedSheets | undefined) ?? null,
  };
}

export { countBallotId };
