/** The public types of `startStationSync` (re-exported by `../startStationSync.ts` and `../index.ts`). */
import type { Observable } from 'rxjs';
import type { ValidationIssue } from '../../../../shared/election/issues';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import type { StationDatabase } from '../../database';
import type { SyncClient, SyncTransport } from '../client';
import type { SyncCollectionName, WireDocument } from '../protocol';

export type SyncStatus = 'standby' | 'offline' | 'syncing' | 'upToDate' | 'error' | 'stopped';

/** A conflict as the station saw it (docs/DECISIONS.md "Sync"). */
export interface SyncConflict {
  readonly collection: SyncCollectionName;
  readonly id: string;
  /** Which copy the station now holds (and the district will hold). */
  readonly kept: 'district' | 'station';
  readonly station: WireDocument;
  readonly district: WireDocument;
  readonly at: string;
}

export interface SyncResultStatus {
  readonly round: number | null;
  /** The district's verdict (`verified`, `disagrees`, `conflicting`), as it answered. */
  readonly status: string;
}

export interface SyncState {
  /**
   * `standby`: another window of this station syncs; `offline`: no network; `syncing`: work in
   * progress; `upToDate`: everything pushed and pulled; `error`: the last attempt failed (RxDB
   * retries on its own); `stopped`: `stop()` was called.
   */
  readonly status: SyncStatus;
  /** Local changes the district has not acknowledged yet (an upper bound while a push runs). */
  readonly pending: number;
  /** Documents pushed since the current round of work began (progress = sent / (sent + pending)). */
  readonly sent: number;
  /** When the station was last known to be up to date with the district (ISO). */
  readonly lastSyncedAt: string | null;
  /** Why the last attempt failed (status `error`). */
  readonly error: ValidationIssue | null;
  /** Conflicts met since the start, and the latest few. */
  readonly conflictCount: number;
  readonly conflicts: readonly SyncConflict[];
  /** The district's answers to the signed results posted so far. */
  readonly results: readonly SyncResultStatus[];
}

/** Whether the network is up, and its changes. */
export interface NetworkStatus {
  isOnline(): boolean;
  subscribe(listener: (online: boolean) => void): () => void;
}

/** Exclusive run across the windows of a station: `whileHeld` runs while this window holds `name`. */
export interface SyncLock {
  request(name: string, signal: AbortSignal, whileHeld: () => Promise<void>): Promise<void>;
}

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export interface StationSyncOptions {
  readonly db: StationDatabase;
  /** The station id of the package (sent as X-Station-Id). */
  readonly stationId: string;
  /** The district server's base URL (http or https); with `client`, only the name of the target (the replication's identity). */
  readonly serverUrl: string;
  /**
   * Another target of the same protocol (the station hub: `../hubClient.ts`): the client for
   * one session, aborted with `signal`. Default: the district's signed `fetch` client.
   */
  readonly client?: (signal: AbortSignal) => SyncClient;
  /** Which sync of the window this is (its Web Lock and where `lastSyncedAt` is kept). Default: the district's. */
  readonly name?: string;
  /** Collections pulled but never pushed (a desk never pushes the lead's polling-day state). */
  readonly pullOnly?: readonly SyncCollectionName[];
  /**
   * Collections whose conflicts always keep the target's copy (a desk's `checkins` and `proxies`
   * at the hub: the losing record lives in the hub's anomaly). Default: none (conflicts.ts policy).
   */
  readonly keepTarget?: readonly SyncCollectionName[];
  readonly bridge: Pick<StationBridge, 'signSyncRequest'>;
  /** Default: the 10 of docs/SYNC.md. */
  readonly collections?: readonly SyncCollectionName[];
  /** Default: `fetch`, and SSE read over `fetch`. */
  readonly transport?: Partial<SyncTransport>;
  /** Default: `navigator.onLine` and the window's online/offline events (always online without them). */
  readonly network?: NetworkStatus;
  /** Default: Web Locks where there are any; null = no lock. */
  readonly lock?: SyncLock | null;
  /** Retry backoff in ms: first wait and maximum (defaults 2 s and 60 s). */
  readonly retry?: { readonly base?: number; readonly max?: number };
  /** Documents per pull (default 500; the server allows up to 2,000 per pull). */
  readonly batchSize?: number;
  /**
   * Documents per push (default 2,000, about 0.8 MB of ballots): a station coming online pushes
   * its day at once, and each push is one signed request and one durable commit at the district.
   */
  readonly pushBatchSize?: number;
  /** How many collections get a live SSE stream (default 4); the others poll. */
  readonly liveStreams?: number;
  /** How often the collections without a stream re-check the server (default 30 s). */
  readonly pollIntervalMs?: number;
  /**
   * When a collection without a stream pulls, instead of every `pollIntervalMs`: the hub's
   * heads (hubHeads.ts) say which collection changed.
   */
  readonly pullTrigger?: (name: SyncCollectionName) => Observable<'RESYNC'>;
  /** Record conflicts in the audit log (default true). */
  readonly recordConflicts?: boolean;
  /** Post the stored signed results once everything is pushed (default true). */
  readonly postResults?: boolean;
  /** Where `lastSyncedAt` is kept between runs. Default: localStorage where there is one. */
  readonly storage?: KeyValueStore | null;
  readonly now?: () => Date;
}

export interface StationSync {
  readonly state$: Observable<SyncState>;
  getState(): SyncState;
  readonly conflicts$: Observable<SyncConflict>;
  /** Re-check the server now (and, after a failure, retry at once). */
  syncNow(): void;
  /** Resolves once every collection is in sync (pushed and pulled). Never resolves while offline or failing. */
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}
