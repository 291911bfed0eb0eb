/**
 * The live count: ballots as entered (per desk), the running tally of the core (updated by
 * adding and withdrawing single ballots, never recounted per keypress), double-entry
 * disagreements and every round's result. Shared by the entry screen and the projector.
 */
import { combineLatest, map, Observable, switchMap } from 'rxjs';
import type { Ballot, CountResult, ElectionDefinition } from '../../shared/election/schemas';
import type { RoundContext } from '../../shared/rules/context';
import { compareEntries, type Disagreement } from '../../shared/rules/doubleEntry';
import { IncrementalTally } from '../../shared/rules/incremental';
import type { ProducedSheets } from '../bridge/StationBridge';
import type { StationDatabase } from '../db/database';
import type { BallotDoc, CountRecordDoc } from '../db/schemas/count';
import type { PollingDayActor } from '../machine/persistence';
import { activeBallots, asEntered, boxesId, countBallotId, resultId, sheetId, type BoxesRecord, type Entry } from './countService';

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

function machineRound$(actor: PollingDayActor): Observable<number> {
  return new Observable<number>((subscriber) => {
    subscriber.next(actor.getSnapshot().context.round);
    const subscription = actor.subscribe((snapshot) => subscriber.next(snapshot.context.round));
    return () => subscription.unsubscribe();
  });
}

/** Keeps an IncrementalTally in step with a changing list of ballots: O(changed ballots). */
class LiveTally {
  private tally: IncrementalTally | null = null;
  private key = '';
  private readonly applied = new Set<string>();

  update(election: ElectionDefinition, round: number, previous: CountResult | null, ballots: readonly BallotDoc[]): IncrementalTally {
    const key = `${round}:${previous?.round ?? 0}`;
    if (!this.tally || key !== this.key) {
      this.tally = new IncrementalTally(election, round, previous);
      this.key = key;
      this.applied.clear();
    }
    const current = new Set(ballots.map((doc) => doc.id));
    for (const id of [...this.applied]) {
      if (!current.has(id)) {
        this.tally.withdraw(id);
        this.applied.delete(id);
      }
    }
    for (const doc of ballots) {
      if (this.applied.has(doc.id)) continue;
      const ballot: Ballot = { id: doc.id, status: doc.status ?? 'blank', marks: doc.marks ?? null };
      this.tally.add(ballot);
      this.applied.add(doc.id);
    }
    return this.tally;
  }
}

export function countView$(db: StationDatabase, actor: PollingDayActor, election$: Observable<ElectionDefinition | null>): Observable<CountView> {
  const live = new LiveTally();
  return combineLatest([machineRound$(actor), election$]).pipe(
    switchMap(([round, election]) =>
      combineLatest([db.ballots.find({ selector: { round } }).$, db.countRecords.find().$]).pipe(
        map(([ballotDocs, recordDocs]): CountView => {
          const records = new Map(recordDocs.map((doc) => [doc.id, doc.toJSON() as CountRecordDoc]));
          const boxes = (records.get(boxesId(round))?.data as BoxesRecord | undefined) ?? null;
          const results: CountResult[] = [];
          for (let r = 1; r <= round; r++) {
            const result = (records.get(resultId(r))?.data as { result?: CountResult } | undefined)?.result;
            if (result) results.push(result);
          }
          const previous = results.find((result) => result.round === round - 1) ?? null;
          const docs = ballotDocs.map((doc) => doc.toJSON() as BallotDoc);
          const a = activeBallots(docs.filter((doc) => doc.entry === 'A'));
          const b = activeBallots(docs.filter((doc) => doc.entry === 'B'));
          const resolutions = new Map<number, Entry>();
          for (const record of records.values()) {
            if (record.kind === 'resolution' && record.round === round) resolutions.set(record.data.seq as number, record.data.chosen as Entry);
          }
          const tally = election ? live.update(election, round, previous, a) : null;
          const counts = boxes
            ? { registeredVoters: boxes.registeredVoters, participants: boxes.issued, ballotsIssued: boxes.issued, ballotsRecovered: boxes.recovered }
            : null;
          const writeIns = new Set<string>();
          for (const doc of a) for (const marks of Object.values(doc.marks ?? {})) for (const name of marks.writeIns) writeIns.add(name);
          return {
            round,
            boxes,
            context: tally?.context ?? null,
            entries: { A: a, B: b },
            live: tally && counts ? tally.result(counts) : null,
            disagreements: boxes?.doubleEntry ? compareEntries(a.map(asEntered), b.map(asEntered)) : [],
            resolutions,
            results,
            writeIns: [...writeIns],
            sheet: (records.get(sheetId(round))?.data as ProducedSheets | undefined) ?? null,
          };
        }),
      ),
    ),
  );
}

export { countBallotId };
