/**
 * The live StationView: RxDB queries and the machine's snapshot, combined. Any desk's write
 * (in this tab or another) reaches every screen through the query observables.
 */
import { combineLatest, distinctUntilChanged, from, map, Observable, of, startWith, switchMap } from 'rxjs';
import { ballotAccount } from '../../shared/rules/polling';
import type { CheckinRecord, MobileTripRecord, ProxyRecord, SpoiledBallotRecord, StationSetup } from '../../shared/station/records';
import type { StationDatabase } from '../db/database';
import { VoterIndex } from './voterIndex';
import type { PollingDayGate } from '../machine/gate';
import { stepOf, type PollingStep } from '../machine/pollingDay';
import { reconciliationId, SETUP_ID } from '../../shared/station/recordIds';
import { stockOfRound } from './stock';
import type { RollEntry, StationInfo, StationView } from './types';

function machine$(actor: PollingDayGate) {
  return new Observable<ReturnType<PollingDayGate['getSnapshot']>>((subscriber) => {
    subscriber.next(actor.getSnapshot());
    const subscription = actor.subscribe((snapshot) => subscriber.next(snapshot));
    return () => subscription.unsubscribe();
  });
}

/** What a step's screens need of the roll: the voters, their number, or nothing (the count's boxes record has the number). */
function rollNeedOf(step: PollingStep): 'roll' | 'registered' | 'none' {
  if (step === 'opening') return 'registered';
  return step === 'entering' || step === 'results' || step === 'certified' || step === 'void' ? 'none' : 'roll';
}

const json = <T>(docs: readonly { toJSON(): unknown }[]): T[] => docs.map((doc) => doc.toJSON() as T);

export function stationView$(db: StationDatabase, actor: PollingDayGate): Observable<StationView> {
  const stored$ = db.election.findOne().$.pipe(
    map((doc) => (doc ? (doc.toJSON() as unknown as Omit<StationInfo, 'registeredVoters'>) : null)),
  );
  // The roll changes only at import: load it once per imported election, and only on the steps
  // that look voters up. Opening the boxes needs only the number registered (for the turnout);
  // from then on the boxes record holds it, so a count screen opened cold reads its ballots
  // without reading the roll's thousands of voters too.
  // Before an election's roll is read the number registered is not known (null), never 0: a
  // screen must not judge by it meanwhile (the setup's stock against the electorate).
  const empty = { roll: new VoterIndex<RollEntry>([]), registered: null };
  let readFor: string | null = null;
  const machineSnapshot$ = machine$(actor);
  const rollNeed$ = machineSnapshot$.pipe(
    map((snapshot) => rollNeedOf(stepOf(snapshot.value))),
    distinctUntilChanged(),
  );
  const roll$ = combineLatest([stored$.pipe(map((stored) => stored?.electionHash ?? null), distinctUntilChanged()), rollNeed$]).pipe(
    switchMap(([hash, need]): Observable<{ roll: VoterIndex<RollEntry>; registered: number | null }> => {
      if (hash === null) return of(empty);
      if (need === 'none') return of(empty);
      const read: Observable<{ roll: VoterIndex<RollEntry>; registered: number | null }> =
        need === 'registered'
          ? from(db.voters.count({ selector: { status: 'registered' } }).exec()).pipe(map((registered) => ({ roll: empty.roll, registered })))
          : from(db.voters.find().exec()).pipe(
              map((docs) => {
                const entries = json<RollEntry>(docs).sort((a, b) => (a.id < b.id ? -1 : 1));
                return { roll: new VoterIndex(entries), registered: entries.filter((entry) => entry.status === 'registered').length };
              }),
            );
      const first = readFor !== hash;
      readFor = hash;
      return first ? read.pipe(startWith(empty)) : read;
    }),
    startWith(empty),
  );
  // The day's snapshot changes with every desk's half-done mark, in any window: the records are
  // queried again only when the round changes.
  const round$ = machineSnapshot$.pipe(
    map((snapshot) => snapshot.context.round),
    distinctUntilChanged(),
  );
  const records$ = round$.pipe(
    switchMap((round) =>
      combineLatest([
        db.checkins.find({ selector: { round } }).$,
        db.proxies.find({ selector: { round } }).$,
        db.trips.find({ selector: { round } }).$,
        db.spoiled.find({ selector: { round } }).$,
        db.reconciliation.findOne(reconciliationId(round)).$,
        db.setup.findOne(SETUP_ID).$,
      ]),
    ),
  );

  return combineLatest([machineSnapshot$, stored$, roll$, records$]).pipe(
    map(([snapshot, stored, { roll, registered }, [checkinDocs, proxyDocs, tripDocs, spoiledDocs, reconciliationDoc, setupDoc]]) => {
      const info: StationInfo | null = stored ? { ...stored, registeredVoters: registered } : null;
      const checkins = new Map(json<CheckinRecord>(checkinDocs).map((checkin) => [checkin.voterId, checkin]));
      const trips = json<MobileTripRecord>(tripDocs).sort((a, b) => (a.departedAt < b.departedAt ? -1 : 1));
      const spoiled = json<SpoiledBallotRecord>(spoiledDocs);
      const setup = setupDoc ? (setupDoc.toJSON() as unknown as StationSetup & { runoffBallotStocks?: number[] }) : null;
      const issued = [...checkins.values()].filter((checkin) => checkin.status === 'issued');
      const servedByTrip = new Map<string, number>();
      for (const checkin of issued) if (checkin.tripId) servedByTrip.set(checkin.tripId, (servedByTrip.get(checkin.tripId) ?? 0) + 1);
      return {
        round: snapshot.context.round,
        info,
        setup,
        roll,
        checkins,
        proxies: json<ProxyRecord>(proxyDocs),
        trips,
        spoiled,
        reconciliation: reconciliationDoc ? reconciliationDoc.toJSON() : null,
        account: ballotAccount({ stock: setup ? stockOfRound(setup, snapshot.context.round) : 0, issued: issued.length, spoiled: spoiled.length, trips, servedByTrip }),
        participants: issued.length,
      } satisfies StationView;
    }),
  );
}
