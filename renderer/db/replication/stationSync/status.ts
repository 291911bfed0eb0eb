/**
 * The state shown to the clerk (`SyncState`): the failures by source, which replications are at
 * work, the pending counts, conflicts and results met, and when the station was last up to date.
 * Every part reports here (`succeeded`, `failed`, `note…`); `update()` publishes a new state
 * when something shown changed, and keeps `lastSyncedAt` across runs.
 */
import { BehaviorSubject } from 'rxjs';
import { issue, type ValidationIssue } from '../../../../shared/election/issues';
import { isAbort, SyncRequestError } from '../client';
import type { SyncCollectionName } from '../protocol';
import type { Replication, SyncConfig, SyncRun } from './context';
import type { SyncConflict, SyncResultStatus, SyncState, SyncStatus } from './types';

const RECENT_CONFLICTS = 20;

/** The error key of a bad server address; it lasts as long as the run. */
const CONFIG_ERROR = 'config';

/** `ms` give or take 20 %, so that windows and collections do not retry in step. */
export function jittered(ms: number): number {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}

function issueOf(error: unknown): ValidationIssue {
  if (error instanceof SyncRequestError) return error.issue;
  const detail = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
  return issue('sync.localWriteFailed', [], { detail: detail.slice(0, 300) });
}

export class SyncStatusBoard {
  readonly state$: BehaviorSubject<SyncState>;
  /** Called when the station has just become up to date (the results are posted then). */
  onUpToDate: () => void = () => undefined;

  /** Failures by source: `config`, `<collection>:pull|push|stream|local`, `result`, `local:audit`. */
  private readonly errors = new Map<string, ValidationIssue>();
  private readonly active = new Map<SyncCollectionName, boolean>();
  private readonly pending = new Map<SyncCollectionName, number>();
  private sent = 0;
  private lastSyncedAt: string | null;
  private conflictCount = 0;
  private recentConflicts: SyncConflict[] = [];
  private results: SyncResultStatus[] = [];
  private readonly config: SyncConfig;
  private readonly run: SyncRun;

  constructor(config: SyncConfig, run: SyncRun) {
    this.config = config;
    this.run = run;
    this.lastSyncedAt = this.readLastSynced();
    if (!config.serverUrl) this.errors.set(CONFIG_ERROR, issue('sync.badServerUrl', [], { url: config.givenServerUrl.slice(0, 200) }));
    this.state$ = new BehaviorSubject<SyncState>(this.snapshot());
  }

  getState(): SyncState {
    return this.state$.getValue();
  }

  /** Publishes the state if something shown changed; on becoming up to date, notes the time. */
  update(): void {
    const previous = this.state$.getValue();
    let next = this.snapshot();
    if (next.status === 'upToDate' && previous.status !== 'upToDate') {
      this.lastSyncedAt = this.config.now().toISOString();
      this.sent = 0;
      try {
        this.config.store?.setItem(this.config.lastSyncedKey, this.lastSyncedAt);
      } catch {
        // a full or forbidden storage only loses the time shown after a restart
      }
      next = this.snapshot();
      this.onUpToDate();
    }
    const same =
      previous.status === next.status &&
      previous.pending === next.pending &&
      previous.sent === next.sent &&
      previous.lastSyncedAt === next.lastSyncedAt &&
      previous.error === next.error &&
      previous.conflictCount === next.conflictCount &&
      previous.results === next.results;
    if (!same) this.state$.next(next);
  }

  /** `key` works again; a replication's backoff returns to the base. */
  succeeded(key: string, replication?: Replication): void {
    if (replication) replication.retryTime = this.config.retryBase;
    if (this.errors.delete(key)) this.update();
  }

  /** `key` failed (an abort is not a failure); a replication's backoff doubles. */
  failed(key: string, error: unknown, replication?: Replication, signal?: AbortSignal): void {
    if (isAbort(error, signal) || this.run.stopped) return;
    this.errors.set(key, issueOf(error));
    if (replication) {
      const { retryBase, retryMax } = this.config;
      const doubled = Math.min(retryMax, Math.max(retryBase, (replication.retryTime ?? retryBase) * 2));
      replication.retryTime = jittered(doubled);
    }
    this.update();
  }

  /** A local failure (the audit log): recorded as it is, even while stopping. */
  failedLocally(key: string, error: unknown): void {
    this.errors.set(key, issueOf(error));
    this.update();
  }

  /** A failure of the session: not of the address. */
  hasSessionErrors(): boolean {
    return [...this.errors.keys()].some((key) => key !== CONFIG_ERROR);
  }

  /** The session ended: its work and failures are forgotten (not published). */
  forgetSession(): void {
    this.active.clear();
    for (const key of [...this.errors.keys()]) if (key !== CONFIG_ERROR) this.errors.delete(key);
  }

  noteActive(collection: SyncCollectionName, isActive: boolean): void {
    this.active.set(collection, isActive);
  }

  notePending(collection: SyncCollectionName, count: number): void {
    this.pending.set(collection, count);
  }

  noteSent(): void {
    this.sent++;
  }

  /** Counted and kept among the recent ones (not published). */
  noteConflict(conflict: SyncConflict): void {
    this.conflictCount++;
    this.recentConflicts = [conflict, ...this.recentConflicts].slice(0, RECENT_CONFLICTS);
  }

  /** The district's answer for a round replaces the one before (not published). */
  noteResult(round: number | null, status: string): void {
    this.results = [...this.results.filter((r) => r.round !== round || round === null), { round, status }];
  }

  private readLastSynced(): string | null {
    try {
      return this.config.store?.getItem(this.config.lastSyncedKey) ?? null;
    } catch {
      return null;
    }
  }

  private totalPending(): number {
    let total = 0;
    for (const count of this.pending.values()) total += count;
    return total;
  }

  private status(): SyncStatus {
    const { stopped, lockHeld, online, session } = this.run;
    if (stopped) return 'stopped';
    if (this.errors.has(CONFIG_ERROR)) return 'error';
    if (!lockHeld) return 'standby';
    if (!online) return 'offline';
    if (this.errors.size > 0) return 'error';
    if (!session || !session.initialDone || [...this.active.values()].some(Boolean) || this.totalPending() > 0) return 'syncing';
    return 'upToDate';
  }

  private snapshot(): SyncState {
    const current = this.status();
    return {
      status: current,
      pending: this.totalPending(),
      sent: this.sent,
      lastSyncedAt: this.lastSyncedAt,
      error: current === 'error' ? (this.errors.get(CONFIG_ERROR) ?? this.errors.values().next().value ?? null) : null,
      conflictCount: this.conflictCount,
      conflicts: this.recentConflicts,
      results: this.results,
    };
  }
}
