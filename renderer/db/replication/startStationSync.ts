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
import { Subscription } from 'rxjs';
import { ConflictLog } from './stationSync/conflictLog';
import { resolveConfig, type AnyCollection, type SyncConfig, type SyncRun } from './stationSync/context';
import { PendingCounter } from './stationSync/pendingCount';
import { ResultUploader } from './stationSync/resultUpload';
import { SessionKeeper } from './stationSync/session';
import { SyncStatusBoard } from './stationSync/status';
import type { StationSync, StationSyncOptions } from './stationSync/types';

export { browserNetwork, manualNetwork, webLock } from './stationSync/environment';
export type {
  KeyValueStore,
  NetworkStatus,
  StationSync,
  StationSyncOptions,
  SyncConflict,
  SyncLock,
  SyncResultStatus,
  SyncState,
  SyncStatus,
} from './stationSync/types';

export function startStationSync(options: StationSyncOptions): StationSync {
  const sync = new StationSyncRun(resolveConfig(options));
  sync.start();
  return {
    state$: sync.board.state$.asObservable(),
    getState: () => sync.board.getState(),
    conflicts$: sync.conflictLog.conflicts$.asObservable(),
    syncNow: () => sync.syncNow(),
    awaitInSync: () => sync.awaitInSync(),
    stop: () => sync.stop(),
  };
}

/** One run of the sync, from the lock to `stop()`: the parts (stationSync/) wired together. */
class StationSyncRun {
  readonly board: SyncStatusBoard;
  readonly conflictLog: ConflictLog;
  private readonly config: SyncConfig;
  private readonly run: SyncRun;
  private readonly pendingCount: PendingCounter;
  private readonly uploader: ResultUploader;
  private readonly sessions: SessionKeeper;
  /** Aborted by `stop()`: gives up the lock, or the wait for it. */
  private readonly lifetime = new AbortController();
  /** The network and the collections' changes, watched while the lock is held. */
  private readonly subscriptions = new Subscription();
  private releaseLock: () => void = () => undefined;

  constructor(config: SyncConfig) {
    this.config = config;
    const run: SyncRun = { stopped: false, lockHeld: config.lock === null, online: config.network.isOnline(), session: null };
    this.run = run;
    const board = new SyncStatusBoard(config, run);
    this.board = board;
    this.pendingCount = new PendingCounter(config, run, board);
    this.conflictLog = new ConflictLog(config, board);
    this.uploader = new ResultUploader(config, run, board);
    board.onUpToDate = () => void this.uploader.upload();
    this.sessions = new SessionKeeper({ config, run, board, pendingCount: this.pendingCount, conflictLog: this.conflictLog });
  }

  /** Waits for the lock (held until `stop()`), then runs; without a lock, runs at once. */
  start(): void {
    const { lock, lockName } = this.config;
    const held = new Promise<void>((resolve) => (this.releaseLock = resolve));
    if (!lock) return this.whileLockHeld();
    lock
      .request(lockName, this.lifetime.signal, async () => {
        this.whileLockHeld();
        await held;
      })
      .catch(() => undefined);
  }

  syncNow(): void {
    const { run } = this;
    if (run.stopped || !run.lockHeld) return;
    run.online = this.config.network.isOnline();
    if (!run.online) return this.board.update();
    const current = run.session;
    if (!current || this.board.hasSessionErrors()) {
      // After a failure RxDB may be waiting out a long backoff: start afresh instead.
      void this.sessions.drop().then(() => this.sessions.ensure());
      return;
    }
    for (const replication of current.replications.values()) {
      replication.retryTime = this.config.retryBase;
      replication.reSync();
    }
    void this.uploader.upload();
  }

  async awaitInSync(): Promise<void> {
    for (;;) {
      const current = this.run.session;
      if (!current) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (this.run.stopped) throw new Error('the sync was stopped');
        continue;
      }
      await Promise.all([...current.replications.values()].map((replication) => replication.awaitInSync()));
      if (this.run.session !== current) continue;
      await this.pendingCount.recount();
      return;
    }
  }

  async stop(): Promise<void> {
    if (this.run.stopped) return;
    this.run.stopped = true;
    this.lifetime.abort();
    this.subscriptions.unsubscribe();
    this.pendingCount.cancel();
    await this.sessions.end();
    await this.conflictLog.close();
    this.releaseLock();
    this.board.update();
    this.board.state$.complete();
    this.conflictLog.complete();
  }

  private whileLockHeld(): void {
    const { run, config } = this;
    if (run.stopped) return;
    run.lockHeld = true;
    this.subscriptions.add(config.network.subscribe((online) => this.onNetwork(online)));
    for (const name of config.collections) this.subscriptions.add((config.db[name] as AnyCollection).$.subscribe(() => this.pendingCount.schedule()));
    run.online = config.network.isOnline();
    void this.sessions.ensure();
    this.board.update();
  }

  private onNetwork(online: boolean): void {
    this.run.online = online;
    if (this.run.stopped) return;
    if (online) void this.sessions.ensure();
    else void this.sessions.drop();
    this.board.update();
  }
}
