/**
 * Open the station at start-up: the database (dropping any half-finished import), the
 * polling-day gate on the stored day (every window follows the one stored state), the audit log,
 * and the actions on top.
 */
import type { StationBridge } from '../../shared/bridge/StationBridge';
import { createAuditLog, listAudit, type AuditLog } from '../db/audit';
import { latestAudit } from '../db/auditTail';
import { createStationDatabase, type StationDatabase } from '../db/database';
import { discardHalfImport } from '../db/importPackage';
import { withStationLock } from '../db/lock';
import { machineDayStore } from '../db/machineStore';
import { appendMissingTransitionAudit, openPollingDayGate, type PollingDayGate } from '../machine/gate';
import { Subject, type Observable } from 'rxjs';
import { createCountService, type CountActions, type LocalBallotChange } from './countService';
import { auditChainOfMachine, hubLinkFor } from './hubLink';
import { createStationService } from './stationService';
import type { StationActions } from './types';

export interface OpenStation {
  readonly db: StationDatabase;
  /** The polling-day gate: the snapshot this window shows (it follows the stored day), and the one way to change it. */
  readonly actor: PollingDayGate;
  readonly audit: AuditLog;
  readonly actions: StationActions;
  readonly countActions: CountActions;
  /** Ballots this window is storing, for the count view to show at once. */
  readonly localBallots$: Observable<LocalBallotChange>;
  readonly loadAudit: () => ReturnType<typeof listAudit>;
  close(): Promise<void>;
}

export async function openStation(bridge: StationBridge, options: { name?: string; db?: StationDatabase; now?: () => string } = {}): Promise<OpenStation> {
  const db = options.db ?? (await createStationDatabase({ name: options.name ?? 'polling-station' }));
  await discardHalfImport(db);
  // This machine's place in the station hub (issue 16): a desk follows the lead's day and keeps its own audit chain.
  const hub = hubLinkFor(bridge);
  await hub.refresh().catch(() => undefined);
  const audit = createAuditLog(db, { chain: () => auditChainOfMachine(hub.status()) });
  const clock = options.now ? { now: options.now } : {};
  const store = machineDayStore(db);
  // A window that went away between storing a transition and logging it: the log gets it now
  // (the lead's: a desk's stored day is the lead's, logged in the lead's chain).
  if (!hub.isDesk()) await withStationLock(db, () => appendMissingTransitionAudit(store, audit, () => latestAudit(db, 200)));
  const actor = await openPollingDayGate(store, { audit, follower: () => hub.isDesk(), ...clock });
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
      await actor.settled();
      actor.stop();
      await db.close();
    },
  };
}
