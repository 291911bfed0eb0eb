/**
 * The station's local database: RxDB on IndexedDB through the free Dexie storage, with strict
 * durability (Chromium ≥ 121 defaults to relaxed: a write reported done may not be on disk),
 * wrapped in a schema validator (without one RxDB stores invalid documents silently).
 *
 * The validator is the station's own eval-free compiler (./validate.ts), not ajv: ajv compiles
 * with `new Function`, which the renderer's Content-Security-Policy forbids.
 *
 * The free RxDB opens at most 13 collections per process, across all databases: the budget is
 * in README.md. Add a collection only there first.
 */
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { auditMigrationStrategies, auditSchema, type AuditDoc } from './schemas/audit';
import { checkinsSchema, type CheckinDoc } from './schemas/checkins';
import { ballotsSchema, countRecordsSchema, type BallotDoc, type CountRecordDoc } from './schemas/count';
import { electionMigrationStrategies, electionSchema, type ElectionDoc } from './schemas/election';
import { machineMigrationStrategies, machineSchema, type MachineDoc } from './schemas/machine';
import { proxiesSchema, type ProxyDoc } from './schemas/proxies';
import { reconciliationSchema, type ReconciliationDoc } from './schemas/reconciliation';
import { setupMigrationStrategies, setupSchema, type SetupDoc } from './schemas/setup';
import { spoiledSchema, type SpoiledDoc } from './schemas/spoiled';
import { tripsSchema, type TripDoc } from './schemas/trips';
import { votersMigrationStrategies, votersSchema, type VoterDoc } from './schemas/voters';
import { wrappedValidateStationStorage } from './validate';

addRxPlugin(RxDBMigrationSchemaPlugin);

export interface StationCollections {
  election: RxCollection<ElectionDoc>;
  voters: RxCollection<VoterDoc>;
  checkins: RxCollection<CheckinDoc>;
  proxies: RxCollection<ProxyDoc>;
  trips: RxCollection<TripDoc>;
  spoiled: RxCollection<SpoiledDoc>;
  reconciliation: RxCollection<ReconciliationDoc>;
  audit: RxCollection<AuditDoc>;
  machine: RxCollection<MachineDoc>;
  setup: RxCollection<SetupDoc>;
  ballots: RxCollection<BallotDoc>;
  countRecords: RxCollection<CountRecordDoc>;
}

export type StationDatabase = RxDatabase<StationCollections>;
export type CollectionName = keyof StationCollections;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStorage = RxStorage<any, any>;

/** `storage` with the station's schema validator on top (invalid writes fail with VD2). */
export function validatedStorage(storage: AnyStorage): AnyStorage {
  return wrappedValidateStationStorage({ storage });
}

/** The production storage: IndexedDB (Dexie) with strict durability, validated. */
export function defaultStorage(): AnyStorage {
  return validatedStorage(getRxStorageDexie({ chromeTransactionDurability: 'strict' }));
}

export const STATION_COLLECTIONS = {
  election: { schema: electionSchema, migrationStrategies: electionMigrationStrategies },
  voters: { schema: votersSchema, migrationStrategies: votersMigrationStrategies },
  checkins: { schema: checkinsSchema },
  proxies: { schema: proxiesSchema },
  trips: { schema: tripsSchema },
  spoiled: { schema: spoiledSchema },
  reconciliation: { schema: reconciliationSchema },
  audit: { schema: auditSchema, migrationStrategies: auditMigrationStrategies },
  machine: { schema: machineSchema, migrationStrategies: machineMigrationStrategies },
  setup: { schema: setupSchema, migrationStrategies: setupMigrationStrategies },
  ballots: { schema: ballotsSchema },
  countRecords: { schema: countRecordsSchema },
} as const satisfies Record<CollectionName, unknown>;

/** The free RxDB's limit of open collections per process (NON_PREMIUM_COLLECTION_LIMIT). */
export const RXDB_FREE_COLLECTION_LIMIT = 13;

export interface StationDatabaseOptions {
  readonly name: string;
  /** Defaults to `defaultStorage()`. Tests pass Dexie on fake-indexeddb, through `validatedStorage`. */
  readonly storage?: AnyStorage;
  /** Tests only (a second "tab" in one process): RxDB allows it in dev-mode only (DB9). */
  readonly ignoreDuplicate?: boolean;
}

export async function createStationDatabase(options: StationDatabaseOptions): Promise<StationDatabase> {
  const db = await createRxDatabase<StationCollections>({
    name: options.name,
    storage: options.storage ?? defaultStorage(),
    // Several windows of one station (a second entry desk, the projector) share the data.
    multiInstance: true,
    eventReduce: true,
    // count() over a round's records (hundreds, not millions) does not need an index.
    allowSlowCount: true,
    ...(options.ignoreDuplicate ? { ignoreDuplicate: true } : {}),
  });
  try {
    await db.addCollections(STATION_COLLECTIONS);
  } catch (error) {
    // Free the name (and any collection already opened) so that a retry is possible.
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
