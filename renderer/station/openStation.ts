/**
 * Open the station at start-up: the database (dropping any half-finished import), the
 * machine restored from its last snapshot, the audit log, and the actions on top.
 */
import { POLLING_DAY_ID } from '../../shared/station/recordIds';
import type { StationBridge } from '../../shared/bridge/StationBridge';
import { createAuditLog, listAudit, type AuditLog } from '../db/audit';
import { createStationDatabase, type StationDatabase } from '../db/database';
import { discardHalfImport } from '../db/importPackage';
import { startPersistedMachine, type PollingDayActor, type SnapshotStore } from '../machine/persistence';
import { Subject, type Observable } from 'rxjs';
import { createCountService, type CountActions, type LocalBallotChange } from './countService';
import { createStationService } from './stationService';
import type { StationActions } from './types';

export interface OpenStation {
  readonly db: StationDatabase;
  readonly actor: PollingDayActor;
  readonly audit: AuditLog;
  readonly actions: StationActions;
  readonly countActions: CountActions;
  /** Ballots this window is storing, for the count view to show at once. */
  readonly localBallots$: Observable<LocalBallotChange>;
  readonly loadAudit: () => ReturnType<typeof listAudit>;
  close(): Promise<void>;
}

export function machineSnapshotStore(db: StationDatabase): SnapshotStore {
  return {
    load: async () => (await db.machine.findOne(POLLING_DAY_ID).exec())?.toJSON().snapshot ?? null,
    save: async (snapshot) => {
      await db.machine.upsert({ id: POLLING_DAY_ID, snapshot: snapshot as Record<string, unknown>, savedAt: new Date().toISOString() });
    },
  };
}

export async function openStation(bridge: StationBridge, options: { name?: string; db?: StationDatabase; now?: () => string } = {}): Promise<OpenStation> {
  const db = options.db ?? (await createStationDatabase({ name: options.name ?? 'polling-station' }));
  await discardHalfImport(db);
  const { actor, saved } = await startPersistedMachine(machineSnapshotStore(db));
  const audit = createAuditLog(db);
  const clock = options.now ? { now: options.now } : {};
  const actions = createStationService({ db, audit, actor, bridge, ...clock });
  const localBallots = new Subject<LocalBallotChange>();
  const countActions = createCountService({ db, audit, actor, bridge, echo: localBallots, ...clock });
  return {
    db,
    actor,
    audit,
    actions,
    countActions,
    localBallots$: localBallots.asObservable(),
    loadAudit: () => listAudit(db, { limit: 10_000 }),
    async close() {
      await saved();
      actor.stop();
      await db.close();
    },
  };
}
