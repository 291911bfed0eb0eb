/**
 * What the sync takes from its surroundings: whether the network is up (`navigator.onLine` and
 * the online/offline events, or switched by hand), the Web Lock that lets one window of the
 * station sync, and where `lastSyncedAt` is kept.
 */
import type { KeyValueStore, NetworkStatus, SyncLock } from './types';

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

/** localStorage where there is one. */
export function defaultStorage(): KeyValueStore | null {
  try {
    const storage = (globalThis as { localStorage?: KeyValueStore }).localStorage;
    return storage && typeof storage.getItem === 'function' ? storage : null;
  } catch {
    return null;
  }
}
