/**
 * One operation at a time across this station's windows (desks), for the checks that read
 * several records before writing one and where no document id can make the second write fail
 * (a proxy holder who also entrusts, the last ballot of a mobile box). The Web Locks API where
 * the page has it (Chromium, Electron: every window of the origin), else within this page.
 */
const local = new Map<string, Promise<unknown>>();

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

function webLocks(): LockManagerLike | null {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks && typeof locks.request === 'function' ? locks : null;
}

export function withDeskLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = webLocks();
  if (locks) return locks.request(`polling-station:${name}`, work);
  const before = local.get(name) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.catch(() => undefined);
  local.set(name, settled);
  void settled.then(() => {
    if (local.get(name) === settled) local.delete(name);
  });
  return run;
}
