/**
 * Locks across the windows of one station. A Web Lock (`navigator.locks`) is shared by every
 * window of the origin and released when a window dies; where there is none (Node), a queue per
 * lock name serializes callers within the process.
 *
 * - The station lock: one writer at a time for the station-wide operations (import,
 *   re-provisioning, discarding a half import).
 * - Record locks: one desk at a time for a check that reads several records before writing one
 *   where no document id can make the second write fail (a proxy holder who also entrusts, the
 *   last ballot of a mobile box).
 */
interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

const queues = new Map<string, Promise<unknown>>();

function webLocks(): LockManagerLike | undefined {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks && typeof locks.request === 'function' ? locks : undefined;
}

function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = webLocks();
  if (locks) return locks.request(name, task);
  const previous = queues.get(name) ?? Promise.resolve();
  const result = previous.then(task, task);
  const tail = result.catch(() => undefined);
  queues.set(name, tail);
  void tail.then(() => {
    if (queues.get(name) === tail) queues.delete(name);
  });
  return result;
}

/** Runs `task` holding the station lock of `db`. Do not nest: a nested call waits forever. */
export function withStationLock<T>(db: { readonly name: string }, task: () => Promise<T>): Promise<T> {
  return withLock(`polling-station-db:${db.name}`, task);
}

/** Runs `task` holding the lock `key` (e.g. `proxies-1`) of `db`'s records. Do not nest the same key. */
export function withRecordLock<T>(db: { readonly name: string }, key: string, task: () => Promise<T>): Promise<T> {
  return withLock(`polling-station-db:${db.name}:${key}`, task);
}
