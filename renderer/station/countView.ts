/**
 * The live count: ballots as entered (per desk), the running tally of the core, double-entry
 * disagreements and every round's result. Shared by the entry screen and the projector.
 *
 * Ballots are append-only (a withdrawal is a document too), so the view loads a round's
 * ballots once and then folds in each insert — from this window or another — in O(1):
 * the running tally adds or withdraws that one ballot. Nothing re-reads the whole pile per
 * keypress (measured in `npm run bench`: 10,000 ballots stored).
 */
import { combineLatest, distinctUntilChanged, EMPTY, filter, map, Observable, shareReplay, switchMap } from 'rxjs';
import type { CountResult, ElectionDefinition } from '../../shared/election/schemas';
import type { RoundContext } from '../../shared/rules/context';
import { compareEntries, type Disagreement } from '../../shared/rules/doubleEntry';
import type { ProducedSheets } from '../../shared/bridge/StationBridge';
import type { StationDatabase } from '../db/database';
import type { BallotDoc, CountRecordDoc } from '../db/schemas/count';
import type { PollingDayGate } from '../machine/gate';
import { asEntered, type BoxesRecord, type Entry } from '../../shared/station/countInput';
import { boxesId, countBallotId, resultId, sheetId } from '../../shared/station/recordIds';
import type { LocalBallotChange } from './count/context';
import { orderForPile, Pile } from './count/pile';
import { dropSnapshot, readSnapshot, sameSnapshot, snapshotOf, tailStillMatches, writeSnapshot, type SnapshotStore } from './count/pileSnapshot';

export interface CountView {
  readonly round: number;
  readonly boxes: BoxesRecord | null;
  /** Who may be marked this round (round 2: the runoff candidates only). */
  readonly context: RoundContext | null;
  /**
   * `loaded`: every stored ballot of the round read. `snapshot`: at a cold start, while they are
   * read, the stored pile snapshot (still covering every stored document, not yet checked against
   * them) with the ballots since: figures to show marked as being checked, never to decide on.
   */
  readonly pile: PileSource;
  /** Active ballots of each desk. */
  readonly entered: Readonly<Record<Entry, number>>;
  /** The active ballots of each desk as read (from a snapshot: only those entered since it). */
  readonly entries: Readonly<Record<Entry, readonly BallotDoc[]>>;
  /** The running result of desk A's ballots with the counts of the opened boxes. */
  readonly live: CountResult | null;
  /** Double-entry disagreements (none until the pile is loaded). */
  readonly disagreements: readonly Disagreement[];
  readonly resolutions: ReadonlyMap<number, Entry>;
  /** Results of the rounds decided so far, round 1 first. */
  readonly results: readonly CountResult[];
  /** Write-in names already used this round, for suggestions. */
  readonly writeIns: readonly string[];
  /** The signed results and the printed sheet, once main has produced them. */
  readonly sheet: ProducedSheets | null;
  /** Every round's printed sheet so far, by round (a round that called a runoff has its own). */
  readonly sheets: Readonly<Record<number, ProducedSheets>>;
}

function machineRound$(actor: PollingDayGate): Observable<number> {
  return new Observable<number>((subscriber) => {
    subscriber.next(actor.getSnapshot().context.round);
    const subscription = actor.subscribe((snapshot) => subscriber.next(snapshot.context.round));
    return () => subscription.unsubscribe();
  });
}

/** Whether the view's pile was read from storage, or resumed from the stored snapshot while that is read. */
export type PileSource = Pile['source'];

/**
 * Yields until the snapshot's frame is painted (the task after the next animation frame) before
 * the whole pile is read — at most 100 ms, as a hidden window gets no animation frames.
 */
const afterPaint = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, typeof requestAnimationFrame === 'function' ? 100 : 0);
  });

/** How long the pile stays unchanged before its snapshot is written (a clerk reads a ballot every few seconds). */
const SNAPSHOT_IDLE_MS = 1000;

export interface PileOptions {
  /** Where the pile snapshot is kept (default: none, no snapshot). */
  readonly snapshots?: SnapshotStore | null;
  readonly snapshotIdleMs?: number;
}

/**
 * The round's pile: resumed from the stored snapshot if it still covers every stored document
 * (shown at once), then every stored document read (the snapshot is checked against them and
 * dropped if it differs in anything), then each insert folded in; the snapshot is written again
 * when the pile has been still for a moment.
 */
function pile$(db: StationDatabase, round: number, election: ElectionDefinition | null, previous: CountResult | null, local$: Observable<LocalBallotChange>, options: PileOptions): Observable<Pile> {
  return new Observable<Pile>((subscriber) => {
    const store = options.snapshots ?? null;
    const runoffOf = previous?.round ?? 0;
    let loaded: Pile | null = null;
    let resumed: Pile | null = null;
    let closed = false;
    let insertedWhileChecking = false;
    let checking = true;
    let writeTimer: ReturnType<typeof setTimeout> | null = null;
    // Stored documents and this window's changes seen before the load: folded in after it.
    const early: BallotDoc[] = [];
    const localEarly: LocalBallotChange[] = [];

    const writeLater = () => {
      if (!store || !loaded) return;
      if (writeTimer) clearTimeout(writeTimer);
      writeTimer = setTimeout(() => {
        writeTimer = null;
        if (closed || !loaded) return;
        if (loaded.hasPending) return writeLater();
        const snapshot = snapshotOf(loaded, round, runoffOf);
        if (snapshot) writeSnapshot(store, db.name, snapshot);
      }, options.snapshotIdleMs ?? SNAPSHOT_IDLE_MS);
    };

    // Subscribe to inserts first, then load: an insert in between is folded in once (by id).
    const subscription = db.ballots.insert$
      .pipe(
        map((event) => event.documentData as BallotDoc),
        filter((doc) => doc.round === round),
      )
      .subscribe((doc) => {
        if (loaded) {
          if (loaded.apply(doc)) {
            subscriber.next(loaded);
            writeLater();
          }
          return;
        }
        early.push(doc);
        if (checking) insertedWhileChecking = true;
        if (resumed?.apply(doc)) subscriber.next(resumed);
      });
    // This window's ballots, shown synchronously on commit.
    subscription.add(
      local$.pipe(filter((change) => change.doc.round === round)).subscribe((change) => {
        if (!loaded) localEarly.push(change);
        const pile = loaded ?? resumed;
        if (pile && (change.type === 'entered' ? pile.applyPending(change.doc) : pile.drop(change.doc.id))) subscriber.next(pile);
      }),
    );

    const load = async () => {
      const snapshot = store && election ? readSnapshot(store, db.name, round, runoffOf) : null;
      const countFrom = (entry: Entry, seq: number) => db.ballots.count({ selector: { round, entry, seq: { $gte: seq } } }).exec();
      if (snapshot && election && (await tailStillMatches(snapshot, countFrom)) && !insertedWhileChecking && !closed) {
        resumed = Pile.resume(election, round, previous, snapshot);
        if (resumed) {
          subscriber.next(resumed);
          await afterPaint();
        }
      }
      checking = false;
      const docs = orderForPile((await db.ballots.find({ selector: { round } }).exec()).map((doc) => doc.toJSON() as BallotDoc));
      if (closed) return;
      const pile = Pile.empty(election, round, previous);
      for (const doc of docs) pile.apply(doc);
      // The stored snapshot against the stored documents as read: one that differs is never used again.
      if (snapshot && store) {
        const fresh = snapshotOf(pile, round, runoffOf);
        if (!fresh || !sameSnapshot(fresh, snapshot)) dropSnapshot(store, db.name, round);
      }
      for (const doc of early.splice(0)) pile.apply(doc);
      for (const change of localEarly.splice(0)) {
        if (change.type === 'entered') pile.applyPending(change.doc);
        else pile.drop(change.doc.id);
      }
      loaded = pile;
      resumed = null;
      subscriber.next(pile);
      writeLater();
    };
    load().catch((error: unknown) => subscriber.error(error));

    return () => {
      closed = true;
      if (writeTimer) clearTimeout(writeTimer);
      subscription.unsubscribe();
    };
  });
}

export function countView$(db: StationDatabase, actor: PollingDayGate, election$: Observable<ElectionDefinition | null>, local$: Observable<LocalBallotChange> = EMPTY, options: PileOptions = {}): Observable<CountView> {
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
      const pileNow$ = previous$.pipe(switchMap((previous) => pile$(db, round, election, previous, local$, options)));
      return combineLatest([records$, pileNow$]).pipe(map(([records, pile]): CountView => buildView(round, records, pile)));
    }),
  );
}

function buildView(round: number, records: ReadonlyMap<string, CountRecordDoc>, pile: Pile): CountView {
  const boxes = (records.get(boxesId(round))?.data as BoxesRecord | undefined) ?? null;
  const results: CountResult[] = [];
  const sheets: Record<number, ProducedSheets> = {};
  for (let r = 1; r <= round; r++) {
    const result = (records.get(resultId(r))?.data as { result?: CountResult } | undefined)?.result;
    if (result) results.push(result);
    const sheet = records.get(sheetId(r))?.data as ProducedSheets | undefined;
    if (sheet) sheets[r] = sheet;
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
  const loaded = pile.source === 'loaded';
  return {
    round,
    boxes,
    context: pile.tally?.context ?? null,
    pile: pile.source,
    entered: { A: pile.entered('A'), B: pile.entered('B') },
    entries: { A: a, B: b },
    live: pile.tally && counts ? pile.tally.result(counts) : null,
    disagreements: loaded && boxes?.doubleEntry ? compareEntries(a.map(asEntered), b.map(asEntered)) : [],
    resolutions,
    results,
    writeIns: pile.writeIns,
    sheet: sheets[round] ?? null,
    sheets,
  };
}

export { countBallotId, Pile };
