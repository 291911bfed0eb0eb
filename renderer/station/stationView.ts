/**
 * The live StationView: RxDB queries and the machine's snapshot, combined. Any desk's write
 * (in this tab or another) reaches every screen through the query observables.
 */
import { combineLatest, from, map, Observable, of, startWith, switchMap } from 'rxjs';
import { ballotAccount } from '../../shared/rules/polling';
import type { CheckinRecord, MobileTripRecord, ProxyRecord, ReconciliationRecord, SpoiledBallotRecord, StationSetup } from '../../shared/station/records';
import type { StationDatabase } from '../db/database';
import { VoterIndex } from '../features/checkin/voterIndex';
import type { PollingDayActor } from '../machine/persistence';
import { stepOf } from '../machine/pollingDay';
import { stockOfRound } from './countService';
import type { RollEntry, StationInfo, StationView } from './types';

function machine$(actor: PollingDayActor) {
  return new Observable<ReturnType<PollingDayActor['getSnapshot']>>((subscriber) => {
    subscriber.next(actor.getSnapshot());
    const subscription = actor.subscribe((snapshot) => subscriber.next(snapshot));
    return () => subscription.unsubscribe();
  });
}

const json = <T>(docs: readonly { toJSON(): unknown }[]): T[] => docs.map((doc) => doc.toJSON() as T);

export function stationView$(db: StationDatabase, actor: PollingDayActor): Observable<StationView> {
  const stored$ = db.election.findOne().$.pipe(
    map((doc) => (doc ? (doc.toJSON() as unknown as Omit<StationInfo, 'registeredVoters'>) : null)),
  );
  // The roll changes only at import: load it once per imported election.
  const empty = { roll: new VoterIndex<RollEntry>([]), registered: 0 };
  const roll$ = stored$.pipe(
    map((stored) => stored?.electionHash ?? null),
    switchMap((hash) =>
      hash === null
        ? of(empty)
        : from(db.voters.find().exec()).pipe(
            map((docs) => {
              const entries = json<RollEntry>(docs).sort((a, b) => (a.id < b.id ? -1 : 1));
              return { roll: new VoterIndex(entries), registered: entries.filter((entry) => entry.status === 'registered').length };
            }),
          ),
    ),
    startWith(empty),
  );
  const machineSnapshot$ = machine$(actor);
  const round$ = machineSnapshot$.pipe(map((snapshot) => snapshot.context.round));
  const records$ = round$.pipe(
    switchMap((round) =>
      combineLatest([
        db.checkins.find({ selector: { round } }).$,
        db.proxies.find({ selector: { round } }).$,
        db.trips.find({ selector: { round } }).$,
        db.spoiled.find({ selector: { round } }).$,
        db.reconciliation.findOne(`round-${round}`).$,
        db.setup.findOne('setup').$,
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
        step: stepOf(snapshot.value),
        round: snapshot.context.round,
        info,
        setup,
        roll,
        checkins,
        proxies: json<ProxyRecord>(proxyDocs),
        trips,
        spoiled,
        reconciliation: reconciliationDoc ? (reconciliationDoc.toJSON() as unknown as ReconciliationRecord) : null,
        account: ballotAccount({ stock: setup ? stockOfRound(setup, snapshot.context.round) : 0, issued: issued.length, spoiled: spoiled.length, trips, servedByTrip }),
        participants: issued.length,
        checkinsInProgress: snapshot.context.checkinsInProgress,
      } satisfies StationView;
    }),
  );
}
