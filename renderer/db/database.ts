/**
 * The station's local database: RxDB on IndexedDB (Dexie storage with strict durability, so a
 * write reported done is on disk), wrapped in a schema validator (RxDB stores invalid documents
 * silently without one). The validator is z-schema, not ajv: ajv compiles validators with
 * `new Function`, which the app's Content-Security-Policy (no 'unsafe-eval') forbids.
 * Ten collections; the free RxDB allows 13 per process (see README).
 */
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateZSchemaStorage } from 'rxdb/plugins/validate-z-schema';
import { electionSchema, votersMigrationStrategies, votersSchema, type ElectionDoc, type VoterDoc } from './schemas/election';
import {
  auditSchema,
  checkinsSchema,
  machineSchema,
  proxiesSchema,
  reconciliationSchema,
  setupSchema,
  spoiledSchema,
  tripsSchema,
  type AuditDoc,
  type CheckinDoc,
  type MachineDoc,
  type ProxyDoc,
  type ReconciliationDoc,
  type SetupDoc,
  type SpoiledDoc,
  type TripDoc,
} from './schemas/station';

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
}

export type StationDatabase = RxDatabase<StationCollections>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStorage = RxStorage<any, any>;

export function validatedStorage(storage: AnyStorage): AnyStorage {
  return wrappedValidateZSchemaStorage({ storage });
}

export function defaultStorage(): AnyStorage {
  return validatedStorage(getRxStorageDexie({ chromeTransactionDurability: 'strict' }));
}

export const STATION_COLLECTIONS = {
  election: { schema: electionSchema },
  voters: { schema: votersSchema, migrationStrategies: votersMigrationStrategies },
  checkins: { schema: checkinsSchema },
  proxies: { schema: proxiesSchema },
  trips: { schema: tripsSchema },
  spoiled: { schema: spoiledSchema },
  reconciliation: { schema: reconciliationSchema },
  audit: { schema: auditSchema },
  machine: { schema: machineSchema },
  setup: { schema: setupSchema },
} as const;

export async function createStationDatabase(options: { name: string; storage?: AnyStorage }): Promise<StationDatabase> {
  const db = await createRxDatabase<StationCollections>({
    name: options.name,
    storage: options.storage ?? defaultStorage(),
    // Several windows of one station (a second entry desk, the projector) share the data.
    multiInstance: true,
    eventReduce: true,
    // count() over a round's records (hundreds, not millions) does not need an index.
    allowSlowCount: true,
  });
  await db.addCollections(STATION_COLLECTIONS);
  return db;
}
