/**
 * A window knows which desk it is (issue 15, item 5). Each window keeps its own desk name in
 * sessionStorage (a reload or a crash of the same window keeps it; localStorage is shared by
 * every window and made two windows one desk after a reload) and claims it with an exclusive
 * Web Lock held for the page's life: two windows can never hold the same desk — a duplicated
 * tab, which copies sessionStorage, finds its desk held and takes the next free one (2号台, 3号台…).
 * The browser releases a dead window's lock, so a reload or a crash gives the desk back.
 *
 * A lone station's windows are `N号台` (the desks' half-done check-in marks are keyed by the
 * name). On a machine paired as a desk of a hub, a new window starts from the paired name (发票台 2;
 * its second window 发票台 2（2）): the hub's refusals and the records name the desk by it.
 */

const DESK_KEY = 'station.desk';
const LOCK_PREFIX = 'polling-station-desk:';
/** How long a window waits for its own desk at start (a reload: the old page's lock is going). */
const RELOAD_WAIT_MS = 2000;
const MAX_DESKS = 99;

export const deskName = (n: number) => `${n}号台`;

interface LockOptions {
  readonly mode?: 'exclusive' | 'shared';
  readonly ifAvailable?: boolean;
  readonly signal?: AbortSignal;
}
interface LockManagerLike {
  request(name: string, options: LockOptions, callback: (lock: unknown) => Promise<void> | void): Promise<void>;
}

function webLocks(): LockManagerLike | undefined {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks && typeof locks.request === 'function' ? locks : undefined;
}

// Where there are no Web Locks (tests in Node): the claims of this page only.
const localClaims = new Set<string>();

export interface DeskClaim {
  readonly name: string;
  /** Gives the desk back (on a rename). */
  readonly release: () => void;
}

/**
 * Claims `name` and holds it until released or the page dies. `waitMs` 0: only if free now;
 * otherwise waits up to `waitMs` for the holder to let go. Null when another window holds it.
 */
export function claimDesk(name: string, waitMs = 0): Promise<DeskClaim | null> {
  const locks = webLocks();
  if (!locks) {
    if (localClaims.has(name)) return Promise.resolve(null);
    localClaims.add(name);
    return Promise.resolve({ name, release: () => localClaims.delete(name) });
  }
  return new Promise((resolve) => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => (release = done));
    const abort = waitMs > 0 ? new AbortController() : null;
    const timer = abort ? setTimeout(() => abort.abort(), waitMs) : undefined;
    const options: LockOptions = abort ? { mode: 'exclusive', signal: abort.signal } : { mode: 'exclusive', ifAvailable: true };
    locks
      .request(`${LOCK_PREFIX}${name}`, options, (lock) => {
        clearTimeout(timer);
        if (lock === null) {
          resolve(null);
          return;
        }
        resolve({ name, release });
        return held;
      })
      .catch(() => resolve(null)); // aborted: the other window still holds it
  });
}

function storage(): Storage | undefined {
  return (globalThis as { sessionStorage?: Storage }).sessionStorage;
}

/** This window's desk name as last kept (none in a new window). */
export function storedDesk(): string | null {
  try {
    const name = storage()?.getItem(DESK_KEY);
    return name && name.trim() !== '' ? name : null;
  } catch {
    return null;
  }
}

export function keepDesk(name: string): void {
  try {
    storage()?.setItem(DESK_KEY, name);
  } catch {
    // a window without storage keeps its desk for its life only
  }
}

/** The i-th name tried from `base`: N号台 counts on (wrapping at 99), another name gets （2）, （3）…. */
function candidateDesk(base: string, i: number): string {
  const numbered = /^(\d+)号台$/.exec(base);
  if (numbered) return deskName(((Number(numbered[1]) - 1 + i) % MAX_DESKS) + 1);
  return i === 0 ? base : `${base}（${i + 1}）`;
}

/**
 * At start: the desk this window had (waiting for its own lock after a reload), else the first
 * free one from `fallback` on (1号台; a paired desk's name). Kept in sessionStorage.
 */
export async function claimWindowDesk(fallback = deskName(1)): Promise<DeskClaim> {
  const own = storedDesk();
  if (own) {
    const claim = await claimDesk(own, RELOAD_WAIT_MS);
    if (claim) return claim;
  }
  const base = own ?? fallback;
  for (let i = 0; i < MAX_DESKS; i++) {
    const claim = await claimDesk(candidateDesk(base, i));
    if (claim) {
      keepDesk(claim.name);
      return claim;
    }
  }
  throw new Error('no free desk');
}
