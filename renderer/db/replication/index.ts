/** The station ⇄ district sync (docs/SYNC.md): live replication, conflict policy, signed bundle. */
export {
  startStationSync,
  browserNetwork,
  manualNetwork,
  webLock,
  type KeyValueStore,
  type NetworkStatus,
  type StationSync,
  type StationSyncOptions,
  type SyncConflict,
  type SyncLock,
  type SyncResultStatus,
  type SyncState,
  type SyncStatus,
} from './startStationSync';
export { createBundle, exportBundle, bundleFileName, downloadFile, storedSignedResults, type StationBundle } from './bundle';
export {
  createSyncClient,
  defaultTransport,
  fetchEventStream,
  readEventStream,
  signedHeaders,
  SyncRequestError,
  type EventStreamReader,
  type FetchLike,
  type SyncClient,
  type SyncTransport,
} from './client';
export { keptCopy, recordTime, sameContent, stationConflictHandler, STATION_CONFLICT_HANDLERS, RECORD_TIME_FIELDS } from './conflicts';
export {
  APPEND_ONLY_COLLECTIONS,
  BUNDLE_FORMAT,
  SYNC_COLLECTIONS,
  SYNC_HEADERS,
  SYNC_PURPOSE,
  isSyncCollection,
  normalizeServerUrl,
  syncSigningText,
  type PullResponse,
  type PushRow,
  type SyncCheckpoint,
  type SyncCollectionName,
  type WireDocument,
} from './protocol';
