/**
 * What the parts of one station sync share: the options with their defaults filled in
 * (`SyncConfig`, fixed) and the run's few moving flags (`SyncRun`, written only by
 * `../startStationSync.ts` and `session.ts`, read by the others).
 */
import type { RxCollection } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Observable, Subscription } from 'rxjs';
import { createAuditLog, type AuditLog } from '../../audit';
import type { StationDatabase } from '../../database';
import type { SyncClient, SyncTransport } from '../client';
import { normalizeServerUrl, SYNC_COLLECTIONS, type SyncCheckpoint, type SyncCollectionName } from '../protocol';
import { browserNetwork, defaultStorage, webLock } from './environment';
import type { KeyValueStore, NetworkStatus, StationSyncOptions, SyncLock } from './types';

/** A document of any replicated collection: the sync reads only RxDB's fields and `_deleted`. */
export type AnyDoc = unknown;
export type AnyCollection = RxCollection<AnyDoc>;
export type Replication = RxReplicationState<AnyDoc, SyncCheckpoint>;

/** The options of `startStationSync`, defaults filled in. */
export interface SyncConfig {
  readonly db: StationDatabase;
  readonly stationId: string;
  readonly bridge: StationSyncOptions['bridge'];
  readonly collections: readonly SyncCollectionName[];
  readonly now: () => Date;
  readonly network: NetworkStatus;
  readonly lock: SyncLock | null;
  /** Retry backoff (ms): the first wait, and the longest. */
  readonly retryBase: number;
  readonly retryMax: number;
  readonly batchSize: number;
  readonly pushBatchSize: number;
  readonly liveStreams: number;
  readonly pollIntervalMs: number;
  readonly pullTrigger: ((name: SyncCollectionName) => Observable<'RESYNC'>) | null;
  readonly store: KeyValueStore | null;
  /** Normalized; null when the address given is not a server address (nothing then starts). */
  readonly serverUrl: string | null;
  /** The address as given (for the error). */
  readonly givenServerUrl: string;
  readonly lastSyncedKey: string;
  /** Where conflicts are recorded; null = not recorded. */
  readonly audit: AuditLog | null;
  readonly postResults: boolean;
  readonly transport: Partial<SyncTransport> | undefined;
  /** The client of another target than the district (see StationSyncOptions.client). */
  readonly client: ((signal: AbortSignal) => SyncClient) | null;
  /** The Web Lock held while this sync runs (one window per station and target). */
  readonly lockName: string;
  readonly pullOnly: ReadonlySet<SyncCollectionName>;
  readonly keepTarget: ReadonlySet<SyncCollectionName>;
}

export function resolveConfig(options: StationSyncOptions): SyncConfig {
  const { db, stationId, bridge } = options;
  const retryBase = options.retry?.base ?? 2000;
  const suffix = options.name ? `:${options.name}` : '';
  return {
    db,
    stationId,
    bridge,
    collections: options.collections ?? SYNC_COLLECTIONS,
    now: options.now ?? (() => new Date()),
    network: options.network ?? browserNetwork(),
    lock: options.lock === undefined ? webLock() : options.lock,
    retryBase,
    retryMax: Math.max(retryBase, options.retry?.max ?? 60_000),
    batchSize: options.batchSize ?? 500,
    pushBatchSize: options.pushBatchSize ?? 2000,
    liveStreams: options.liveStreams ?? 4,
    pollIntervalMs: options.pollIntervalMs ?? 30_000,
    pullTrigger: options.pullTrigger ?? null,
    store: options.storage === undefined ? defaultStorage() : options.storage,
    serverUrl: options.client ? options.serverUrl : normalizeServerUrl(options.serverUrl),
    givenServerUrl: options.serverUrl,
    lastSyncedKey: `polling-station.sync.lastSyncedAt:${db.name}:${stationId}${suffix}`,
    audit: options.recordConflicts === false ? null : createAuditLog(db),
    postResults: options.postResults !== false,
    transport: options.transport,
    client: options.client ?? null,
    lockName: `polling-station-sync:${db.name}${suffix}`,
    pullOnly: new Set(options.pullOnly ?? []),
    keepTarget: new Set(options.keepTarget ?? []),
  };
}

/** One connection to the district: a client and a replication per collection, ended together. */
export interface Session {
  readonly controller: AbortController;
  readonly client: SyncClient;
  readonly replications: Map<SyncCollectionName, Replication>;
  readonly subscriptions: Subscription;
  /** Every replication has done its first pull and push. */
  initialDone: boolean;
}

/** Where the run stands. */
export interface SyncRun {
  /** `stop()` was called. */
  stopped: boolean;
  /** This window holds the sync lock (always, without a lock). */
  lockHeld: boolean;
  online: boolean;
  /** The open session: only while the lock is held, online, with a server address. */
  session: Session | null;
}
