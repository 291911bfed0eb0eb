/**
 * The polling-day gate: the one way the station's day changes, and the snapshot a window shows.
 *
 * The day is one stored document (the `machine` collection's `polling-day`), shared by every
 * window of the station. A window's gate
 *  - follows it: whenever the stored version is newer than its own, it takes the stored snapshot
 *    (RxDB's reactivity carries another window's write over within milliseconds);
 *  - changes it only by `transition(event, audit)`: read the stored document from storage (not a
 *    cache) → refuse when its step is not the one this window showed (stale: refused and
 *    refreshed, never overwritten) or when the machine says no (`snapshot.can`) → the next
 *    snapshot, version + 1, written compare-and-set on the document's revision, with the audit
 *    entry in the same write → the entry appended to the hash-chained log. A write that finds
 *    the document changed meanwhile starts over: refused if the step moved, tried again if only
 *    the desks' half-done marks did;
 *  - answers the services' questions: `allows(question)` on the stored document read afresh (the
 *    check-in desk, before a ballot goes out), `can(question)` on the followed snapshot.
 *
 * The desks' half-done check-in marks (`CHECKIN_STARTED`/`FINISHED`) go through `mark`: stored
 * too (the polls cannot close while any desk, in any window, has a voter on its card), but never
 * refused for staleness (each desk writes only its own entry: a conflict is merged by writing
 * again on the newer document) and never audited.
 *
 * A write that storage refuses (not a conflict) is tried again after a pause, and the clerk is
 * told (`saveStatus`); each write stands alone, so a failed one never stops the ones after it.
 */
import { createActor, type Snapshot, type SnapshotFrom } from 'xstate';
import { issue, type Outcome, type ValidationIssue } from '../../shared/election/issues';
import type { AuditEntry, AuditLog } from '../db/audit';
import { pollingDayMachine, stepOf, type PollingDayEvent, type PollingDayQuestion } from './pollingDay';

export type PollingDaySnapshot = SnapshotFrom<typeof pollingDayMachine>;

/** An audit entry as stored with the transition (its time fixed, so the log gets the same). */
export type TransitionAudit = Omit<AuditEntry, 'at'> & { readonly at: string };

/** The stored day: the machine's persisted snapshot, its version, the transition's audit entry. */
export interface StoredDay {
  readonly snapshot: Record<string, unknown>;
  readonly version: number;
  readonly audit: TransitionAudit | null;
}

/** Where the day is stored: read afresh, write compare-and-set, and watch. */
export interface DayStore {
  /** The stored day as storage holds it now, with the token `write` compares against; null when none. */
  read(): Promise<{ readonly day: StoredDay; readonly token: unknown } | null>;
  /** Writes `day` if the document is still the one `token` was read with (null: there is none yet). False when it changed meanwhile; throws when storage fails. */
  write(day: StoredDay, token: unknown): Promise<boolean>;
  /** Calls `listener` with the stored day whenever it changes, in any window. Returns the unsubscribe. */
  watch(listener: (day: StoredDay) => void): () => void;
}

export type SaveStatus = { readonly state: 'saved' } | { readonly state: 'retrying'; readonly attempt: number } | { readonly state: 'failed'; readonly message: string };

export type MarkEvent = Extract<PollingDayEvent, { type: 'CHECKIN_STARTED' | 'CHECKIN_FINISHED' }>;
/** The events `transition` stores: the machine's own, not the questions nor the desks' marks. */
export type TransitionEvent = Exclude<PollingDayEvent, PollingDayQuestion | MarkEvent>;

export interface TransitionOptions {
  /** The issues when the machine says no, from the stored snapshot (default: `day.notAllowed`). */
  readonly refuse?: (snapshot: PollingDaySnapshot) => readonly ValidationIssue[];
}

export interface PollingDayGate {
  /** The snapshot this window shows: it follows the stored day. (With `subscribe`, what @xstate/react's useSelector reads.) */
  getSnapshot(): PollingDaySnapshot;
  subscribe(observer: ((snapshot: PollingDaySnapshot) => void) | { next?: (snapshot: PollingDaySnapshot) => void }): { unsubscribe(): void };
  /** The version of the snapshot this window shows (0: nothing stored yet). */
  readonly version: number;
  /** Does the followed snapshot allow `question` (or event)? Synchronous; may lag another window by a moment. */
  can(question: PollingDayEvent): boolean;
  /** Does the stored day, read afresh, allow `question`? The window follows what it read. */
  allows(question: PollingDayEvent): Promise<boolean>;
  /** Move the day: see the module comment. The audit entry is appended only when the transition was stored. */
  transition(event: TransitionEvent, audit: Omit<AuditEntry, 'at'>, options?: TransitionOptions): Promise<Outcome<PollingDaySnapshot>>;
  /** A desk's half-done check-in mark (queued in this window; never rejects). */
  mark(event: MarkEvent): Promise<void>;
  /** Take the stored day now. */
  refresh(): Promise<void>;
  saveStatus(): SaveStatus;
  onSaveStatus(listener: (status: SaveStatus) => void): () => void;
  /** Resolves when this window's queued writes are done. */
  settled(): Promise<void>;
  stop(): void;
}

export interface GateOptions {
  readonly audit: AuditLog;
  readonly now?: () => string;
  /** The pauses before each new try of a write storage refused (default 0.25 s, 1 s, 3 s). */
  readonly retryDelays?: readonly number[];
  /**
   * True while this machine is a desk of the station hub (issue 16): only the lead changes the
   * day, a desk follows the lead's document as the hub replicates it — its transitions are
   * refused (`hub.deskFollowsLead`) and its half-done marks are not stored (a local write would
   * fork the lead's document; the hub's check-in claim enforces the close instead).
   */
  readonly follower?: () => boolean;
}

/** Writes that lose a race this many times in a row give up (each loss means another window wrote). */
const MAX_CONFLICTS = 50;

function restore(persisted: Record<string, unknown> | null): PollingDaySnapshot {
  const actor = persisted ? createActor(pollingDayMachine, { snapshot: persisted as Snapshot<unknown> as never }) : createActor(pollingDayMachine);
  return actor.getSnapshot();
}

/** The persisted snapshot after `event`, as plain JSON. */
function advance(persisted: Record<string, unknown> | null, event: PollingDayEvent): Record<string, unknown> {
  const actor = persisted ? createActor(pollingDayMachine, { snapshot: persisted as Snapshot<unknown> as never }) : createActor(pollingDayMachine);
  actor.start();
  actor.send(event);
  const next = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as Record<string, unknown>;
  actor.stop();
  return next;
}

const INITIAL = JSON.parse(JSON.stringify(createActor(pollingDayMachine).getPersistedSnapshot())) as Record<string, unknown>;

const stepKey = (snapshot: PollingDaySnapshot): string => `${snapshot.context.round}:${stepOf(snapshot.value)}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const refusedWith = <T>(issues: readonly ValidationIssue[]): Outcome<T> => ({ ok: false, issues });

class SaveFailed extends Error {}

export async function openPollingDayGate(store: DayStore, options: GateOptions): Promise<PollingDayGate> {
  const now = options.now ?? (() => new Date().toISOString());
  const delays = options.retryDelays ?? [250, 1000, 3000];
  const follower = options.follower ?? (() => false);
  const listeners = new Set<(snapshot: PollingDaySnapshot) => void>();
  const statusListeners = new Set<(status: SaveStatus) => void>();
  let current: PollingDaySnapshot;
  let version = 0;
  let status: SaveStatus = { state: 'saved' };
  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const adopt = (day: StoredDay | null) => {
    if (!day || day.version <= version) return;
    version = day.version;
    current = restore(day.snapshot);
    for (const listener of [...listeners]) listener(current);
  };
  const setStatus = (next: SaveStatus) => {
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };
  /** Runs `task` after this window's earlier writes; a failed one does not stop the ones after it. */
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task, task);
    queue = result.catch(() => undefined);
    return result;
  };

  /**
   * One write, tried again while storage refuses it: `attempt` reads the stored day and returns
   * what to write (or a final answer); a lost race reads again.
   */
  async function write<T>(attempt: (stored: { readonly day: StoredDay; readonly token: unknown } | null) => { write: StoredDay; done: T } | { answer: T }): Promise<T> {
    for (let failures = 0; ; failures++) {
      try {
        for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
          const stored = await store.read();
          adopt(stored?.day ?? null);
          const next = attempt(stored);
          if ('answer' in next) {
            // Storage answers again, but nothing was written: an earlier failure stays shown.
            if (status.state === 'retrying') setStatus({ state: 'saved' });
            return next.answer;
          }
          if (await store.write(next.write, stored?.token ?? null)) {
            adopt(next.write);
            if (status.state !== 'saved') setStatus({ state: 'saved' });
            return next.done;
          }
        }
        throw new Error(`polling-day: lost ${MAX_CONFLICTS} races in a row`);
      } catch (error) {
        const delay = delays[failures];
        if (delay === undefined || stopped) {
          setStatus({ state: 'failed', message: String(error) });
          throw new SaveFailed(String(error));
        }
        setStatus({ state: 'retrying', attempt: failures + 1 });
        await sleep(delay);
      }
    }
  }

  /**
   * The stored transition's entry into the hash-chained log, tried again while it fails. Should
   * it never succeed, the entry is still in the stored document: the next start-up appends it
   * (appendMissingTransitionAudit).
   */
  async function appendAudit(entry: TransitionAudit): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        await options.audit.append(entry);
        if (status.state !== 'saved') setStatus({ state: 'saved' });
        return;
      } catch (error) {
        const delay = delays[failures];
        if (delay === undefined || stopped) {
          setStatus({ state: 'failed', message: String(error) });
          return;
        }
        setStatus({ state: 'retrying', attempt: failures + 1 });
        await sleep(delay);
      }
    }
  }

  const gate: PollingDayGate = {
    getSnapshot: () => current,
    subscribe(observer) {
      const listener = typeof observer === 'function' ? observer : (snapshot: PollingDaySnapshot) => observer.next?.(snapshot);
      listeners.add(listener);
      return { unsubscribe: () => void listeners.delete(listener) };
    },
    get version() {
      return version;
    },
    can: (question) => current.can(question),
    async allows(question) {
      adopt((await store.read())?.day ?? null);
      return current.can(question);
    },
    transition(event, entry, transitionOptions = {}) {
      if (follower()) return Promise.resolve(refusedWith<PollingDaySnapshot>([issue('hub.deskFollowsLead', [])]));
      // The step the clerk acted on: the one this window shows now, not after the queue.
      const seen = stepKey(current);
      return enqueue(async () => {
        type Written = { outcome: Outcome<PollingDaySnapshot>; audit: TransitionAudit | null };
        let written: Written;
        try {
          written = await write<Written>((stored) => {
            const snapshot = restore(stored?.day.snapshot ?? null);
            const refuse = (issues: readonly ValidationIssue[]) => ({ answer: { outcome: refusedWith<PollingDaySnapshot>(issues), audit: null } });
            if (stepKey(snapshot) !== seen) return refuse([issue('day.stale', [], { step: stepOf(snapshot.value) })]);
            if (!snapshot.can(event)) return refuse(transitionOptions.refuse?.(snapshot) ?? [issue('day.notAllowed', [], { step: stepOf(snapshot.value) })]);
            const persisted = advance(stored?.day.snapshot ?? INITIAL, event);
            const audit: TransitionAudit = { ...entry, data: JSON.parse(JSON.stringify(entry.data)) as Record<string, unknown>, at: now() };
            const day: StoredDay = { snapshot: persisted, version: (stored?.day.version ?? 0) + 1, audit };
            return { write: day, done: { outcome: { ok: true, value: restore(persisted) }, audit } };
          });
        } catch (error) {
          if (error instanceof SaveFailed) return refusedWith<PollingDaySnapshot>([issue('day.saveFailed', [])]);
          throw error;
        }
        if (written.audit) await appendAudit(written.audit);
        return written.outcome;
      });
    },
    mark(event) {
      if (follower()) return Promise.resolve();
      return enqueue(() =>
        write<void>((stored) => {
          const snapshot = restore(stored?.day.snapshot ?? null);
          if (!snapshot.can(event)) return { answer: undefined };
          const persisted = advance(stored?.day.snapshot ?? INITIAL, event);
          if (JSON.stringify(persisted) === JSON.stringify(stored?.day.snapshot ?? INITIAL)) return { answer: undefined };
          // The last transition's audit entry stays: it is what a start-up checks the log against.
          return { write: { snapshot: persisted, version: (stored?.day.version ?? 0) + 1, audit: stored?.day.audit ?? null }, done: undefined };
        }),
      ).catch(() => undefined); // shown by the save status; the next mark of the desk tries again
    },
    async refresh() {
      adopt((await store.read())?.day ?? null);
    },
    saveStatus: () => status,
    onSaveStatus(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    settled: () => queue.then(() => undefined),
    stop() {
      stopped = true;
      unwatch();
      listeners.clear();
      statusListeners.clear();
    },
  };

  const stored = await store.read();
  current = restore(stored?.day.snapshot ?? null);
  version = stored?.day.version ?? 0;
  const unwatch = store.watch(adopt);
  return gate;
}

/**
 * At start-up: when the stored day's last transition is not in the audit log (the window went
 * away between storing the transition and appending its entry), append it now. `recent` are the
 * log's latest events. An entry younger than `settleMs` is left alone: the window that stored it
 * may be appending it this very moment (a window opened then must not log it a second time).
 */
export async function appendMissingTransitionAudit(
  store: DayStore,
  audit: AuditLog,
  recent: () => Promise<readonly AuditEntry[]>,
  options: { readonly now?: () => number; readonly settleMs?: number } = {},
): Promise<boolean> {
  const entry = (await store.read())?.day.audit;
  if (!entry) return false;
  const now = options.now ?? Date.now;
  if (!(Date.parse(entry.at) <= now() - (options.settleMs ?? 10_000))) return false;
  const same = (event: AuditEntry) => event.type === entry.type && event.at === entry.at && event.clerk === entry.clerk && event.desk === entry.desk;
  if ((await recent()).some(same)) return false;
  await audit.append(entry);
  return true;
}
