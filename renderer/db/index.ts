export { createStationDatabase, defaultStorage, STATION_COLLECTIONS, type StationCollections, type StationDatabase } from './database';
export { storeImportedPackage, openElection, discardHalfImport, clearStation } from './importPackage';
export { createAuditLog, listAudit, verifyAuditChain, hashAuditEvent, GENESIS_HASH, type AuditLog, type AuditEntry } from './audit';
export { pinyinOf } from './pinyin';
export type { ElectionDoc, VoterDoc } from './schemas/election';
