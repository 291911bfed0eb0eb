/**
 * One writer at a time for the station-wide operations (import, re-provisioning, discarding a
 * half import). Across windows of one station this is a Web Lock (`navigator.locks`, shared by
 * every window of the origin and released when a window dies); where there is none (Node), a
 * queue per database name serializes callers within the process.
 */
interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

const queues = new Map<string, Promise<unknown>>();

function webLocks(): LockManagerLike | undefined {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks && typeof locks.request === 'function' ? locks : undefined;
}

/** Runs `task` holding the station lock of `db`. Do not nest: a nested call waits forever. */
export function withStationLock<T>(db: { readonly name: string }, task: () => Promise<T>): Promise<T> {
  const name = `polling-station-db:${db.name}`;
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
