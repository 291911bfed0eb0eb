/**
 * The station's live sync to the district (docs/SYNC.md): one RxDB replication per replicated
 * collection (`replicateRxCollection`), pull by checkpoint, push with conflicts, a live stream,
 * every request signed through the bridge. It runs beside the station, never in its way:
 * nothing in the station's actions awaits it, and it only reads and writes the database the
 * way another window would.
 *
 * Lifecycle: started (once the lock is held) whenever the network is up, stopped when it goes
 * down (`navigator.onLine` and the online/offline events), resumed from RxDB's checkpoints.
 * Failed requests are retried by RxDB after `retryTime`, which backs off here (doubling, with
 * jitter, up to a maximum) and returns to the base after a success.
 *
 * Windows: the station database is shared by several windows (desks, the projector). Only one
 * window syncs, the one holding the Web Lock `polling-station-sync:<db>`; the others show
 * `standby` and take over when it closes. RxDB's own leader election is not used
 * (`waitForLeadership: false`): it elects among all windows, and the elected one may be the
 * projector, which never starts a sync. `toggleOnDocumentVisible` is off for the same reason.
 *
 * Streams: one Server-Sent Events connection per collection would be 10 long-lived requests
 * to one host, more than Chromium's 6 HTTP/1.1 connections per host — the pulls and pushes
 * would starve. So only the first `liveStreams` collections (default 4) get a live stream; the
 * others re-check the server every `pollIntervalMs`.
 */
import {
  normalizeMangoQuery,
  prepareQuery,
  type RxCollection,
  type RxReplicationPullStreamItem,
  type WithDeleted,
} from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { BehaviorSubject, interval, map, Observable, Subject, Subscription } from 'rxjs';
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import type { StationBridge } from '../../bridge/StationBridge';
import { createAuditLog, type AuditLog } from '../audit';
import type { StationDatabase } from '../database';
import { storedSignedResults } from './bundle';
import { createSyncClient, isAbort, SyncRequestError, type SyncClient, type SyncTransport } from './client';
import { replicatedContent, sameContent, STATION_CONFLICT_HANDLERS } from './conflicts';
import {
  APPEND_ONLY_COLLECTIONS,
  normalizeServerUrl,
  pullResponseProblem,
  SYNC_COLLECTIONS,
  type PullResponse,
  type SyncCheckpoint,
  type SyncCollectionName,
  type WireDocument,
} from './protocol';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDoc = any;
type AnyCollection = RxCollection<AnyDoc>;
type Replication = RxReplicationState<AnyDoc, SyncCheckpoint>;

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
  /** The district server's base URL (http or https). */
  readonly serverUrl: string;
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

const RECENT_CONFLICTS = 20;
const PENDING_RECOUNT_MS = 250;

export function browserNetwork(): NetworkStatus {
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  const win = (globalThis as { window?: Pick<Window, 'addEventListener' | 'removeEventListener'> }).window;
  return {
    isOnline: () => nav?.onLine !== false,
    subscribe(listener) {
      if (!win || typeof win.addEventListener !== 'function') return () => undefined;
      const up = () => listener(true);
      const down = () => listener(false);
      win.addEventListener('online', up);
      win.addEventListener('offline', down);
      return () => {
        win.removeEventListener('online', up);
        win.removeEventListener('offline', down);
      };
    },
  };
}

/** A network switched by hand (tests, or a host that knows better than navigator.onLine). */
export function manualNetwork(initial = true): NetworkStatus & { set(online: boolean): void } {
  let online = initial;
  const listeners = new Set<(online: boolean) => void>();
  return {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (next === online) return;
      online = next;
      for (const listener of [...listeners]) listener(next);
    },
  };
}

interface LockManagerLike {
  request(name: string, options: { signal: AbortSignal }, callback: () => Promise<void>): Promise<void>;
}

/** The Web Locks API as a SyncLock, or null where there is none (Node). */
export function webLock(): SyncLock | null {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (!locks || typeof locks.request !== 'function') return null;
  return { request: (name, signal, whileHeld) => locks.request(name, { signal }, whileHeld) };
}

function defaultStorage(): KeyValueStore | null {
  try {
    const storage = (globalThis as { localStorage?: KeyValueStore }).localStorage;
    return storage && typeof storage.getItem === 'function' ? storage : null;
  } catch {
    return null;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

function issueOf(error: unknown): ValidationIssue {
  if (error instanceof SyncRequestError) return error.issue;
  const detail = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
  return issue('sync.localWriteFailed', [], { detail: detail.slice(0, 300) });
}

/** The `lwt` of RxDB's push checkpoint (`{ id, lwt }`): every local write up to it is pushed. */
function pushedUpTo(replication: Replication | undefined): number | null {
  const checkpoint = replication?.internalReplicationState?.lastCheckpointDoc.up?.checkpointData as { lwt?: unknown } | undefined;
  return typeof checkpoint?.lwt === 'number' ? checkpoint.lwt : null;
}

/** Local documents written after `since` (ms, RxDB's `_meta.lwt`): an index count, no documents read. */
async function countPending(collection: AnyCollection, since: number): Promise<number> {
  const schema = collection.schema.jsonSchema;
  const query = normalizeMangoQuery<AnyDoc>(schema, {
    selector: { '_meta.lwt': { $gt: since } },
    index: ['_meta.lwt', collection.schema.primaryPath as string],
  });
  const result = await collection.storageInstance.count(prepareQuery(schema, query));
  return result.count;
}

interface Session {
  readonly controller: AbortController;
  readonly client: SyncClient;
  readonly replications: Map<SyncCollectionName, Replication>;
  readonly subscriptions: Subscription;
  initialDone: boolean;
}

export function startStationSync(options: StationSyncOptions): StationSync {
  const { db, stationId, bridge } = options;
  const collections = options.collections ?? SYNC_COLLECTIONS;
  const now = options.now ?? (() => new Date());
  const network = options.network ?? browserNetwork();
  const lock = options.lock === undefined ? webLock() : options.lock;
  const retryBase = options.retry?.base ?? 2000;
  const retryMax = Math.max(retryBase, options.retry?.max ?? 60_000);
  const batchSize = options.batchSize ?? 500;
  const pushBatchSize = options.pushBatchSize ?? 2000;
  const liveStreams = options.liveStreams ?? 4;
  const pollIntervalMs = options.pollIntervalMs ?? 30_000;
  const store = options.storage === undefined ? defaultStorage() : options.storage;
  const serverUrl = normalizeServerUrl(options.serverUrl);
  const lastSyncedKey = `polling-station.sync.lastSyncedAt:${db.name}:${stationId}`;
  const audit: AuditLog | null = options.recordConflicts === false ? null : createAuditLog(db);

  const readLastSynced = (): string | null => {
    try {
      return store?.getItem(lastSyncedKey) ?? null;
    } catch {
      return null;
    }
  };

  let stopped = false;
  let lockHeld = lock === null;
  let online = network.isOnline();
  let session: Session | null = null;
  let sent = 0;
  let lastSyncedAt = readLastSynced();
  let conflictCount = 0;
  let recentConflicts: SyncConflict[] = [];
  let results: SyncResultStatus[] = [];
  const errors = new Map<string, ValidationIssue>();
  const active = new Map<SyncCollectionName, boolean>();
  const pending = new Map<SyncCollectionName, number>();
  const lifetime = new AbortController();
  const subscriptions = new Subscription();

  if (!serverUrl) errors.set('config', issue('sync.badServerUrl', [], { url: options.serverUrl.slice(0, 200) }));
  const conflicts$ = new Subject<SyncConflict>();
  const state$ = new BehaviorSubject<SyncState>(snapshot());

  function totalPending(): number {
    let total = 0;
    for (const count of pending.values()) total += count;
    return total;
  }

  function status(): SyncStatus {
    if (stopped) return 'stopped';
    if (errors.has('config')) return 'error';
    if (!lockHeld) return 'standby';
    if (!online) return 'offline';
    if (errors.size > 0) return 'error';
    if (!session || !session.initialDone || [...active.values()].some(Boolean) || totalPending() > 0) return 'syncing';
    return 'upToDate';
  }

  function snapshot(): SyncState {
    const current = status();
    return {
      status: current,
      pending: totalPending(),
      sent,
      lastSyncedAt,
      error: current === 'error' ? (errors.get('config') ?? errors.values().next().value ?? null) : null,
      conflictCount,
      conflicts: recentConflicts,
      results,
    };
  }

  function update(): void {
    const previous = state$.getValue();
    let next = snapshot();
    if (next.status === 'upToDate' && previous.status !== 'upToDate') {
      lastSyncedAt = now().toISOString();
      sent = 0;
      try {
        store?.setItem(lastSyncedKey, lastSyncedAt);
      } catch {
        // a full or forbidden storage only loses the time shown after a restart
      }
      next = snapshot();
      void uploadResults();
    }
    const same =
      previous.status === next.status &&
      previous.pending === next.pending &&
      previous.sent === next.sent &&
      previous.lastSyncedAt === next.lastSyncedAt &&
      previous.error === next.error &&
      previous.conflictCount === next.conflictCount &&
      previous.results === next.results;
    if (!same) state$.next(next);
  }

  function succeeded(key: string, replication?: Replication): void {
    if (replication) replication.retryTime = retryBase;
    if (errors.delete(key)) update();
  }

  function failed(key: string, error: unknown, replication?: Replication, signal?: AbortSignal): void {
    if (isAbort(error, signal) || stopped) return;
    errors.set(key, issueOf(error));
    if (replication) {
      const doubled = Math.min(retryMax, Math.max(retryBase, (replication.retryTime ?? retryBase) * 2));
      replication.retryTime = Math.round(doubled * (0.8 + Math.random() * 0.4));
    }
    update();
  }

  // --- pending counts (throttled; never on the station's write path) -------------------
  let recountTimer: ReturnType<typeof setTimeout> | null = null;
  let recounting = false;
  let recountAgain = false;
  function schedulePendingCount(): void {
    if (recountTimer !== null || stopped) return;
    recountTimer = setTimeout(() => {
      recountTimer = null;
      void recountPending();
    }, PENDING_RECOUNT_MS);
  }
  // The push checkpoint seen last, so that writes made while offline are counted too.
  const pushedLwt = new Map<SyncCollectionName, number>();
  async function recountPending(): Promise<void> {
    if (recounting) {
      recountAgain = true;
      return;
    }
    recounting = true;
    try {
      do {
        recountAgain = false;
        const current = session;
        await Promise.all(
          collections.map(async (name) => {
            const seen = pushedUpTo(current?.replications.get(name));
            if (seen !== null) pushedLwt.set(name, seen);
            const since = pushedLwt.get(name);
            if (since === undefined) return; // not known before the first push checkpoint is read
            try {
              pending.set(name, await countPending(db[name] as AnyCollection, since));
            } catch {
              // the database is closing: the count stays as it was
            }
          }),
        );
        update();
      } while (recountAgain && !stopped);
    } finally {
      recounting = false;
    }
  }

  // --- conflicts --------------------------------------------------------------------------
  let auditQueue: SyncConflict[] = [];
  let auditTimer: ReturnType<typeof setTimeout> | null = null;
  function recordConflict(conflict: SyncConflict): void {
    conflictCount++;
    recentConflicts = [conflict, ...recentConflicts].slice(0, RECENT_CONFLICTS);
    conflicts$.next(conflict);
    update();
    if (!audit) return;
    auditQueue.push(conflict);
    auditTimer ??= setTimeout(() => void flushConflicts(), 50);
  }
  async function flushConflicts(): Promise<void> {
    auditTimer = null;
    const batch = auditQueue;
    auditQueue = [];
    const byCollection = new Map<SyncCollectionName, SyncConflict[]>();
    for (const conflict of batch) byCollection.set(conflict.collection, [...(byCollection.get(conflict.collection) ?? []), conflict]);
    for (const [collection, list] of byCollection) {
      try {
        await audit?.append({
          type: 'sync.conflict',
          data: { collection, conflicts: list.map(({ id, kept, station, district }) => ({ id, kept, station, district })) },
          clerk: '—',
          desk: 'sync',
          at: now().toISOString(),
        });
      } catch (error) {
        errors.set('local:audit', issueOf(error));
        update();
      }
    }
  }

  // --- signed results -----------------------------------------------------------------------
  const posted = new Set<string>();
  let uploading = false;
  async function uploadResults(): Promise<void> {
    const current = session;
    if (options.postResults === false || uploading || !current) return;
    uploading = true;
    try {
      for (const result of await storedSignedResults(db)) {
        const signature = (result as { signature?: unknown } | null)?.signature;
        if (typeof signature !== 'string' || posted.has(signature) || session !== current) continue;
        try {
          const answer = (await current.client.postResult(result)) as { round?: unknown; status?: unknown } | null;
          posted.add(signature);
          const round = typeof answer?.round === 'number' ? answer.round : null;
          results = [...results.filter((r) => r.round !== round || round === null), { round, status: typeof answer?.status === 'string' ? answer.status : 'received' }];
          succeeded('result');
          update();
        } catch (error) {
          failed('result', error, undefined, current.controller.signal);
        }
      }
    } catch (error) {
      failed('result', error);
    } finally {
      uploading = false;
    }
  }

  // --- the replications -----------------------------------------------------------------------
  function liveEvents(client: SyncClient, name: SyncCollectionName, signal: AbortSignal): Observable<RxReplicationPullStreamItem<AnyDoc, SyncCheckpoint>> {
    return new Observable((subscriber) => {
      const controller = new AbortController();
      const abort = () => controller.abort();
      signal.addEventListener('abort', abort);
      const key = `${name}:stream`;
      void (async () => {
        let delay = retryBase;
        while (!controller.signal.aborted) {
          try {
            for await (const event of client.events(name, controller.signal)) {
              delay = retryBase;
              succeeded(key);
              if (event === 'RESYNC') {
                subscriber.next('RESYNC');
              } else if (pullResponseProblem(event) === null) {
                const { documents, checkpoint } = event as PullResponse;
                if (documents.length > 0 && checkpoint) subscriber.next({ documents, checkpoint });
              } else {
                subscriber.next('RESYNC'); // an event not understood: read the changes by pull
              }
            }
          } catch (error) {
            failed(key, error, undefined, controller.signal);
          }
          if (controller.signal.aborted) break;
          await sleep(Math.round(delay * (0.8 + Math.random() * 0.4)), controller.signal);
          delay = Math.min(retryMax, delay * 2);
          // Changes may have been missed while disconnected (the server also says RESYNC on connect).
          if (!controller.signal.aborted) subscriber.next('RESYNC');
        }
      })();
      return () => {
        signal.removeEventListener('abort', abort);
        controller.abort();
      };
    });
  }

  function replicate(current: Session, name: SyncCollectionName, index: number): Replication {
    const collection = db[name] as AnyCollection;
    // The policy of conflicts.ts (RxDB reads the collection's handler when a replication starts).
    collection.conflictHandler = STATION_CONFLICT_HANDLERS[name];
    const { client, controller } = current;
    const stream$ = index < liveStreams ? liveEvents(client, name, controller.signal) : interval(pollIntervalMs).pipe(map(() => 'RESYNC' as const));
    let replication: Replication | undefined;
    replication = replicateRxCollection<AnyDoc, SyncCheckpoint>({
      replicationIdentifier: `polling-station-sync@1|${stationId}|${serverUrl}`,
      collection,
      live: true,
      retryTime: retryBase,
      waitForLeadership: false,
      toggleOnDocumentVisible: false,
      autoStart: true,
      pull: {
        batchSize,
        stream$,
        handler: async (checkpoint: SyncCheckpoint | undefined, limit: number) => {
          try {
            const answer = await client.pull(name, checkpoint, limit);
            succeeded(`${name}:pull`, replication);
            return { documents: answer.documents as WithDeleted<AnyDoc>[], checkpoint: answer.checkpoint ?? checkpoint };
          } catch (error) {
            failed(`${name}:pull`, error, replication, controller.signal);
            throw error;
          }
        },
      },
      push: {
        batchSize: pushBatchSize,
        // The district never deletes a ballot or an audit event; the station's own removal
        // (re-provisioning) is not sent, or the district's copy would come back as a conflict.
        ...(APPEND_ONLY_COLLECTIONS.has(name) ? { modifier: (doc: WithDeleted<AnyDoc>) => (doc._deleted ? null : doc) } : {}),
        handler: async (rows) => {
          try {
            const conflicts = await client.push(
              name,
              rows.map((row) => ({
                assumedMasterState: row.assumedMasterState ? (replicatedContent(row.assumedMasterState) as WireDocument) : null,
                newDocumentState: replicatedContent(row.newDocumentState) as WireDocument,
              })),
            );
            succeeded(`${name}:push`, replication);
            return conflicts as WithDeleted<AnyDoc>[];
          } catch (error) {
            failed(`${name}:push`, error, replication, controller.signal);
            throw error;
          }
        },
      },
    });
    const subs = current.subscriptions;
    subs.add(
      replication.active$.subscribe((isActive) => {
        active.set(name, isActive);
        schedulePendingCount();
        update();
      }),
    );
    subs.add(
      replication.sent$.subscribe(() => {
        sent++;
        schedulePendingCount();
      }),
    );
    subs.add(
      replication.error$.subscribe((error) => {
        // Failed requests were recorded by the handlers; anything else is a local failure
        // (e.g. a pulled document the station's schema refuses).
        const code = (error as { code?: string }).code;
        if (code !== 'RC_PULL' && code !== 'RC_PUSH' && code !== 'RC_STREAM') failed(`${name}:local`, error, undefined, controller.signal);
      }),
    );
    subs.add(
      replication.conflict$.subscribe(({ input, output }) => {
        if (sameContent(input.newDocumentState, input.realMasterState)) return;
        recordConflict({
          collection: name,
          id: String((input.realMasterState as { id?: unknown }).id),
          kept: sameContent(output, input.realMasterState) ? 'district' : 'station',
          station: replicatedContent(input.newDocumentState) as WireDocument,
          district: replicatedContent(input.realMasterState) as WireDocument,
          at: now().toISOString(),
        });
      }),
    );
    return replication;
  }

  function openSession(): Session {
    const controller = new AbortController();
    const client = createSyncClient({
      serverUrl: serverUrl as string,
      stationId,
      sign: (text) => bridge.signSyncRequest(text),
      signal: controller.signal,
      now,
      ...(options.transport ? { transport: options.transport } : {}),
    });
    const current: Session = { controller, client, replications: new Map(), subscriptions: new Subscription(), initialDone: false };
    collections.forEach((name, index) => current.replications.set(name, replicate(current, name, index)));
    void Promise.all([...current.replications.values()].map((replication) => replication.awaitInitialReplication())).then(
      () => {
        current.initialDone = true;
        void recountPending();
      },
      () => undefined,
    );
    return current;
  }

  async function closeSession(current: Session): Promise<void> {
    current.controller.abort();
    current.subscriptions.unsubscribe();
    await Promise.all([...current.replications.values()].map((replication) => replication.cancel().catch(() => undefined)));
  }

  // Start and stop one after the other, never overlapping.
  let queue: Promise<void> = Promise.resolve();
  function enqueue(task: () => Promise<void> | void): Promise<void> {
    queue = queue.then(task).catch(() => undefined);
    return queue;
  }
  function ensureSession(): Promise<void> {
    return enqueue(() => {
      if (stopped || !lockHeld || !online || session || !serverUrl) return;
      session = openSession();
      update();
    });
  }
  function dropSession(): Promise<void> {
    return enqueue(async () => {
      const current = session;
      session = null;
      active.clear();
      for (const key of [...errors.keys()]) if (key !== 'config') errors.delete(key);
      update();
      if (current) await closeSession(current);
    });
  }

  function onNetwork(isOnline: boolean): void {
    online = isOnline;
    if (stopped) return;
    if (online) void ensureSession();
    else void dropSession();
    update();
  }

  let releaseLock: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (releaseLock = resolve));
  function run(): void {
    if (stopped) return;
    lockHeld = true;
    subscriptions.add(network.subscribe(onNetwork));
    for (const name of collections) subscriptions.add((db[name] as AnyCollection).$.subscribe(() => schedulePendingCount()));
    online = network.isOnline();
    void ensureSession();
    update();
  }
  if (lock) {
    lock
      .request(`polling-station-sync:${db.name}`, lifetime.signal, async () => {
        run();
        await held;
      })
      .catch(() => undefined);
  } else {
    run();
  }

  return {
    state$: state$.asObservable(),
    getState: () => state$.getValue(),
    conflicts$: conflicts$.asObservable(),
    syncNow() {
      if (stopped || !lockHeld) return;
      online = network.isOnline();
      if (!online) return update();
      const current = session;
      if (!current || [...errors.keys()].some((key) => key !== 'config')) {
        // After a failure RxDB may be waiting out a long backoff: start afresh instead.
        void dropSession().then(ensureSession);
        return;
      }
      for (const replication of current.replications.values()) {
        replication.retryTime = retryBase;
        replication.reSync();
      }
      void uploadResults();
    },
    async awaitInSync() {
      for (;;) {
        const current = session;
        if (!current) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          if (stopped) throw new Error('the sync was stopped');
          continue;
        }
        await Promise.all([...current.replications.values()].map((replication) => replication.awaitInSync()));
        if (session !== current) continue;
        await recountPending();
        return;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      lifetime.abort();
      subscriptions.unsubscribe();
      if (recountTimer !== null) clearTimeout(recountTimer);
      const current = session;
      session = null;
      await queue;
      if (current) await closeSession(current);
      if (auditTimer !== null) {
        clearTimeout(auditTimer);
        await flushConflicts();
      }
      releaseLock();
      update();
      state$.complete();
      conflicts$.complete();
    },
  };
}
