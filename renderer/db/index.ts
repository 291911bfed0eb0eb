/** The station's local database (RxDB on IndexedDB): the public API and the document types. */
export {
  createStationDatabase,
  defaultStorage,
  validatedStorage,
  STATION_COLLECTIONS,
  RXDB_FREE_COLLECTION_LIMIT,
  type AnyStorage,
  type CollectionName,
  type StationCollections,
  type StationDatabase,
  type StationDatabaseOptions,
} from './database';
export {
  storeImportedPackage,
  openElection,
  discardHalfImport,
  clearStation,
  voterDoc,
  ELECTION_COLLECTIONS,
  IMPORT_CHUNK,
  type ImportedElection,
} from './importPackage';
export {
  createAuditLog,
  listAudit,
  verifyAuditChain,
  hashAuditEvent,
  auditId,
  GENESIS,
  GENESIS_HASH,
  type AuditAnchor,
  type AuditDatabase,
  type AuditEntry,
  type AuditLog,
} from './audit';
export { withRecordLock, withStationLock } from './lock';
export { pinyinOf } from './pinyin';
export { compileDocumentValidator, isFastSchema, wrappedValidateStationStorage, UnsupportedSchemaError, type DocumentValidator } from './validate';

export {
  ELECTION_DOC_ID,
  DISTRICT_SERVER_MAX_LENGTH,
  districtServerField,
  electionSchema,
  electionSchemaV0,
  electionMigrationStrategies,
  type ElectionDoc,
  type ElectionDocV0,
} from './schemas/election';
export { votersSchema, votersSchemaV0, votersMigrationStrategies, type VoterDoc, type VoterDocV0 } from './schemas/voters';
export { checkinsSchema, type CheckinDoc } from './schemas/checkins';
export { proxiesSchema, type ProxyDoc } from './schemas/proxies';
export { tripsSchema, type TripDoc } from './schemas/trips';
export { spoiledSchema, type SpoiledDoc } from './schemas/spoiled';
export { reconciliationSchema, type ReconciliationDoc } from './schemas/reconciliation';
export { auditSchema, type AuditDoc } from './schemas/audit';
export { MACHINE_DOC_ID, machineMigrationStrategies, machineSchema, machineSchemaV0, type MachineAuditEntry, type MachineDoc, type MachineDocV0 } from './schemas/machine';
export { SETUP_DOC_ID, setupSchema, type SetupDoc } from './schemas/setup';
export { ballotsSchema, countRecordsSchema, type BallotDoc, type CountRecordDoc } from './schemas/count';
